/**
 * Vectors this browser already computed, in IndexedDB, so re-running a job (another dataset over
 * the same taxonomy, a server that lost its copy) does not embed twice. The key holds everything
 * a vector depends on: model id and version, owner and the hash of the embedded content.
 * A small typed wrapper over `indexedDB` (the `idb` package is not a dependency).
 */

export interface VectorKey {
  modelId: string;
  modelVersion: string;
  ownerType: "creative_text" | "creative_image" | "label";
  ownerId: number;
  contentHash: string;
}

/** The IndexedDB key of a vector: an array key, so no separator can collide. */
export function vectorCacheKey(key: VectorKey): [string, string, string, number, string] {
  return [key.modelId, key.modelVersion, key.ownerType, key.ownerId, key.contentHash];
}

const databaseName = "creative-triage-vectors";
const storeName = "vectors";
const schemaVersion = 1;

function settle<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB request failed"));
  });
}

function completed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error("IndexedDB write failed"));
    transaction.onabort = () => reject(transaction.error ?? new Error("IndexedDB write aborted"));
  });
}

export class VectorCache {
  private constructor(private readonly db: IDBDatabase) {}

  /** Opens (creating on first use) the cache database. Rejects where IndexedDB is unavailable. */
  static async open(factory: IDBFactory = indexedDB): Promise<VectorCache> {
    const request = factory.open(databaseName, schemaVersion);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(storeName)) {
        request.result.createObjectStore(storeName);
      }
    };
    return new VectorCache(await settle(request));
  }

  /** The cached vector for each key, or undefined, in the keys' order. */
  async getMany(keys: readonly VectorKey[]): Promise<(Float32Array | undefined)[]> {
    const store = this.db.transaction(storeName, "readonly").objectStore(storeName);
    const values = await Promise.all(
      keys.map((key) => settle<unknown>(store.get(vectorCacheKey(key)))),
    );
    return values.map((value) => (value instanceof Float32Array ? value : undefined));
  }

  /** Stores vectors in one transaction (all or none). */
  async putMany(entries: readonly { key: VectorKey; vector: Float32Array }[]): Promise<void> {
    if (entries.length === 0) return;
    const transaction = this.db.transaction(storeName, "readwrite");
    const store = transaction.objectStore(storeName);
    for (const entry of entries) store.put(entry.vector, vectorCacheKey(entry.key));
    await completed(transaction);
  }

  close(): void {
    this.db.close();
  }
}
