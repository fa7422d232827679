import { z } from "zod";
import { readJson } from "../apiJson";
import type { OcrFileProgress, RecogniseResult } from "./protocol";
import type { OcrCallOptions } from "./rpc";

/**
 * The Data page's OCR job: pages through a dataset's images that have no text read yet, reads
 * each page in the OCR worker, and stores the texts on the server as they come. An image the
 * browser cannot read is stored with an empty text (so it is not retried forever) and counted as
 * failed. Cancelling keeps what was stored; starting again continues from there.
 */

const pendingSchema = z.object({
  remaining: z.number().int().nonnegative(),
  items: z.array(
    z.object({ creativeId: z.number().int(), externalId: z.string(), imageOnly: z.boolean() }),
  ),
});
const savedSchema = z.object({
  saved: z.number().int().nonnegative(),
  textsSet: z.number().int().nonnegative(),
});

export interface OcrJobProgress {
  /** Images read and stored in this run. */
  done: number;
  /** Images to read when the run started. */
  total: number;
  failed: number;
  /** Image-only creatives that got their text. */
  textsSet: number;
  file?: OcrFileProgress;
}

export interface OcrJobDependencies {
  recognise: (
    images: { key: string; url: string }[],
    options: OcrCallOptions,
  ) => Promise<RecogniseResult>;
  model: string;
  fetchImpl?: typeof fetch;
}

/** Images per page: a page's texts are stored together when it ends (or is cancelled). */
const pageSize = 20;

export async function runOcrJob(
  dataset: string,
  deps: OcrJobDependencies,
  options: { signal: AbortSignal; onProgress: (progress: OcrJobProgress) => void },
): Promise<OcrJobProgress> {
  const fetchImpl = deps.fetchImpl ?? fetch;
  const { signal } = options;
  const progress: OcrJobProgress = { done: 0, total: 0, failed: 0, textsSet: 0 };
  const store = async (results: { creativeId: number; text: string }[]) => {
    if (results.length === 0) return;
    const response = await fetchImpl("/api/images/ocr", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: deps.model, results }),
    });
    const saved = await readJson(response, savedSchema, "Storing image text");
    progress.textsSet += saved.textsSet;
  };
  for (let first = true; ; first = false) {
    signal.throwIfAborted();
    const params = new URLSearchParams({ dataset, limit: String(pageSize) });
    const page = await readJson(
      await fetchImpl(`/api/images/ocr?${params}`, { signal }),
      pendingSchema,
      "Listing images to read",
    );
    if (first) progress.total = page.remaining;
    if (page.items.length === 0) return progress;
    const read: { creativeId: number; text: string }[] = [];
    try {
      await deps.recognise(
        page.items.map((item) => ({
          key: String(item.creativeId),
          url: `/api/images/${item.creativeId}`,
        })),
        {
          signal,
          onProgress: (p) => {
            if (p.kind === "file") {
              options.onProgress({ ...progress, file: p });
              return;
            }
            read.push({ creativeId: Number(p.image.key), text: p.image.ok ? p.image.text : "" });
            progress.done++;
            if (!p.image.ok) progress.failed++;
            options.onProgress({ ...progress });
          },
        },
      );
    } finally {
      // Stored even when cancelled: what was read is kept.
      await store(read);
      options.onProgress({ ...progress });
    }
  }
}
