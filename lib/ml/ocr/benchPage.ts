import { loadOcr, recogniseImages } from "./client";
import type { ImageText } from "./protocol";

/**
 * Browser entry of `npm run bench:ocr`: loads the OCR models through the real worker client,
 * then reads every image, and hands back the texts with the load and reading times.
 */

export interface OcrBenchLoad {
  loadMs: number;
  files: string[];
}

export interface OcrBenchRun {
  recogniseMs: number;
  images: ImageText[];
}

declare global {
  interface Window {
    loadOcrBench: (numThreads: number) => Promise<OcrBenchLoad>;
    runOcrBench: (images: { key: string; url: string }[]) => Promise<OcrBenchRun>;
  }
}

/** Loading is its own call so the script can measure the reading's CPU time alone. */
window.loadOcrBench = async (numThreads) => {
  const files = new Set<string>();
  const loaded = await loadOcr({
    numThreads,
    onProgress: (progress) => {
      if (progress.kind === "file" && progress.status === "done") files.add(progress.file);
    },
  });
  return { loadMs: loaded.loadMs, files: [...files] };
};

window.runOcrBench = async (images) => {
  const result = await recogniseImages(images);
  return { recogniseMs: result.recogniseMs, images: result.images };
};
