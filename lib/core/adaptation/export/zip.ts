import { unzipSync, zipSync, type Zippable } from "fflate";

/**
 * A model folder as one zip for download. fflate: small, dependency-free, pure TypeScript/JS that
 * runs in Node and the browser alike, synchronous API over `Uint8Array`s (what the export builds).
 * Entries are stored with a fixed timestamp so the same version zips to the same bytes.
 */
export function zipFolder(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const entries: Zippable = {};
  for (const [path, bytes] of files) entries[path] = [bytes, { mtime: fixedTime }];
  // Model weights barely compress (random-looking float32); level 6 still shrinks the text files.
  return zipSync(entries, { level: 6 });
}

/** The files of a zip written by {@link zipFolder}, path -> bytes (directories left out). */
export function unzipFolder(zip: Uint8Array): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const [path, bytes] of Object.entries(unzipSync(zip))) {
    if (!path.endsWith("/")) files.set(path, bytes);
  }
  return files;
}

/** 1 January 2000 UTC: zip timestamps start in 1980, and a fixed one keeps zips reproducible. */
const fixedTime = new Date(Date.UTC(2000, 0, 1));
