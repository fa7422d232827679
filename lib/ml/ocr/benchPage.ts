import { loadOcr, recogniseImages } from "./client";
import type { ImageText } from "./protocol";

/**
 * Browser entry of `npm run bench:ocr`: loads the OCR models through the real worker client,
 * then reads every image, and hands back the texts with the load and reading times.
 */

export interface OcrBenchRun {
  loadMs: number;
  recogniseMs: number;
  files: string[];
  images: ImageText[];
}

declare global {
  interface Window {
    runOcrBench: (images: { key: string; url: string }[]) => Promise<OcrBenchRun>;
  }
}

window.runOcrBench = async (images) => {
  const files = new Set<string>();
  const loaded = await loadOcr({
    onProgress: (progress) => {
      if (progress.kind === "file" && progress.status === "done") files.add(progress.file);
    },
  });
  const result = await recogniseImages(images);
  return {
    loadMs: loaded.loadMs,
    recogniseMs: result.recogniseMs,
    files: [...files],
    images: result.images,
  };
};
