import {
  EmbeddingError,
  parseWorkerReply,
  type EmbedRequest,
  type EmbedResult,
  type LoadRequest,
  type LoadResult,
  type Progress,
  type WorkerRequest,
} from "./protocol";

/**
 * Request/reply over a worker port: numbers each request, routes progress to its callback,
 * settles its promise with the one result or error, and drops replies nobody waits for any more
 * (a cancelled or superseded request). Kept apart from `client.ts` so it runs in tests with a fake
 * port.
 */

/** The part of `Worker` the RPC uses. */
export interface WorkerPort {
  postMessage(message: WorkerRequest, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: "error" | "messageerror", listener: (event: Event) => void): void;
  terminate(): void;
}

type ResultOf<K> = K extends "load" ? LoadResult : K extends "embed" ? EmbedResult : never;

/** A request without its id; the RPC assigns one. */
export type RequestBody = Omit<LoadRequest, "id"> | Omit<EmbedRequest, "id">;

export interface CallOptions {
  onProgress?: (progress: Progress) => void;
  /** Aborting sends `cancel` to the worker and rejects at once with the signal's reason. */
  signal?: AbortSignal;
}

interface Pending {
  kind: "load" | "embed";
  resolve: (result: LoadResult | EmbedResult) => void;
  reject: (error: unknown) => void;
  onProgress?: (progress: Progress) => void;
}

export class WorkerRpc {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failed: Error | null = null;

  constructor(
    private readonly port: WorkerPort,
    /** Called once when the worker dies, so its owner can forget it. */
    private readonly onFatal: (error: Error) => void = () => {},
  ) {
    port.addEventListener("message", (event) => this.receive(event.data));
    port.addEventListener("error", (event) => {
      const message: unknown = "message" in event ? event.message : undefined;
      const detail = typeof message === "string" && message ? `: ${message}` : "";
      this.fail(new EmbeddingError("internal", `the embedding worker failed to start${detail}`));
    });
    port.addEventListener("messageerror", () =>
      this.fail(
        new EmbeddingError("internal", "a message from the embedding worker was unreadable"),
      ),
    );
  }

  /** Sends a request and resolves with its result, typed by the request's type. */
  call<B extends RequestBody>(body: B, options: CallOptions = {}): Promise<ResultOf<B["type"]>> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise<ResultOf<B["type"]>>((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        this.port.postMessage({ type: "cancel", id: this.nextId++, target: id });
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const cleanUp = () => signal?.removeEventListener("abort", onAbort);
      this.pending.set(id, {
        kind: body.type,
        onProgress: options.onProgress,
        resolve: (result) => {
          cleanUp();
          // `kind` was checked against the request's type in receive().
          resolve(result as ResultOf<B["type"]>);
        },
        reject: (error) => {
          cleanUp();
          reject(error);
        },
      });
      this.port.postMessage({ ...body, id });
    });
  }

  /** Rejects everything in flight and stops the worker. */
  dispose(reason = new EmbeddingError("cancelled", "the embedding worker was stopped")): void {
    this.fail(reason);
    this.port.terminate();
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = error;
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
    this.onFatal(error);
  }

  private receive(data: unknown): void {
    const parsed = parseWorkerReply(data);
    if (!parsed.ok) {
      this.fail(new EmbeddingError("internal", `unreadable worker reply (${parsed.reason})`));
      return;
    }
    const reply = parsed.value;
    const entry = this.pending.get(reply.id);
    if (!entry) return; // stale: cancelled or superseded
    switch (reply.type) {
      case "progress":
        entry.onProgress?.(reply.progress);
        return;
      case "result":
        this.pending.delete(reply.id);
        if (reply.result.kind !== entry.kind) {
          entry.reject(
            new EmbeddingError(
              "internal",
              `a ${entry.kind} request got a ${reply.result.kind} result`,
            ),
          );
        } else {
          entry.resolve(reply.result);
        }
        return;
      case "error":
        this.pending.delete(reply.id);
        entry.reject(new EmbeddingError(reply.code, reply.message));
        return;
    }
  }
}
