import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { staticEmbeddingOnnx } from "@/lib/core/onnx/static-embedding-graph";
import type { BuiltStaticEncoder } from "./build";

/** The bundled model's id: its folder name under `public/models`. */
export const bundledModelId = "creative-triage-static-v1";

/** Folder (relative to the repository root) that holds the app's local models. */
export const publicModelsDir = "public/models";

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The files of a transformers.js model folder for a built encoder, as path -> bytes: config,
 * tokenizer files, `onnx/model.onnx` (fp32, what `dtype: "fp32"` loads) and
 * `onnx/model_quantized.onnx` (int8, what the WASM default `q8` loads). Pure data, so the
 * determinism test can compare bytes without touching the disk.
 */
export function staticEncoderFiles(
  built: BuiltStaticEncoder,
  readme: string,
): Map<string, Uint8Array> {
  const encoder = new TextEncoder();
  const onnx = (quantized: boolean) =>
    staticEmbeddingOnnx({
      table: built.model.table,
      vocabSize: built.model.vocabSize,
      dim: built.model.dim,
      quantized,
      producerVersion: bundledModelId,
    });
  return new Map([
    ["config.json", encoder.encode(json(built.files.config))],
    ["tokenizer.json", encoder.encode(json(built.files.tokenizer))],
    ["tokenizer_config.json", encoder.encode(json(built.files.tokenizerConfig))],
    ["onnx/model.onnx", onnx(false)],
    ["onnx/model_quantized.onnx", onnx(true)],
    ["README.md", encoder.encode(readme)],
  ]);
}

/** Replaces `dir` with the given files; returns the total size in bytes. */
export function writeModelFolder(dir: string, files: Map<string, Uint8Array>): number {
  rmSync(dir, { recursive: true, force: true });
  let total = 0;
  for (const [path, bytes] of files) {
    const target = join(dir, path);
    mkdirSync(join(target, ".."), { recursive: true });
    writeFileSync(target, bytes);
    total += bytes.length;
  }
  return total;
}
