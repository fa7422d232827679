/**
 * `npm run copy-ort` (run by `prebuild` and `predev`): copies the ONNX Runtime Web files that
 * transformers.js loads at run time into `public/ort/`, so the app serves them itself and never
 * reaches for a CDN. transformers.js 4 imports `onnxruntime-web/webgpu`, whose WASM backend loads
 * `ort-wasm-simd-threaded.asyncify.{mjs,wasm}` from `env.backends.onnx.wasm.wasmPaths`; the
 * `.mjs` is also what each WASM thread's worker starts from. The files are copied from the
 * onnxruntime-web that transformers.js itself resolves, so versions cannot drift.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The files ORT's WebGPU build (what transformers.js imports) asks for. */
export const ortRuntimeFiles = [
  "ort-wasm-simd-threaded.asyncify.mjs",
  "ort-wasm-simd-threaded.asyncify.wasm",
] as const;

/** The `dist` folder of the onnxruntime-web that @huggingface/transformers resolves. */
export function ortDistDir(): string {
  const fromRepo = createRequire(join(process.cwd(), "package.json"));
  const transformersEntry = fromRepo.resolve("@huggingface/transformers");
  const fromTransformers = createRequire(transformersEntry);
  // The package exports no `./package.json`; one of its exported WASM files locates `dist`.
  return dirname(fromTransformers.resolve("onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm"));
}

function main(): void {
  const source = ortDistDir();
  const target = join(process.cwd(), "public", "ort");
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const available = new Set(readdirSync(source));
  let bytes = 0;
  for (const file of ortRuntimeFiles) {
    if (!available.has(file)) {
      throw new Error(`${source} lacks ${file}: has onnxruntime-web changed its file names?`);
    }
    copyFileSync(join(source, file), join(target, file));
    bytes += statSync(join(target, file)).size;
  }
  console.log(
    `copied ${ortRuntimeFiles.length} ONNX Runtime files (${(bytes / 1e6).toFixed(1)} MB) to public/ort/`,
  );
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
