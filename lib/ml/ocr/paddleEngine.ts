import * as ort from "onnxruntime-web/wasm";
import { recognitionClasses } from "@/lib/core/ocr/paddle";
import { PaddlePipeline, type RunModel } from "./paddlePipeline";
import type { OcrAssets, OcrFileProgress } from "./protocol";

/**
 * PaddleOCR PP-OCRv4 on ONNX Runtime Web, inside the OCR worker only. It imports ORT's plain WASM
 * build (no WebGPU: half the wasm of the build transformers.js uses). ORT fixes its thread count
 * at the first session, so the count of the first load holds for the worker's life.
 */

export const ocrModelFiles = {
  detection: "ch_PP-OCRv4_det_infer.onnx",
  recognition: "ch_PP-OCRv4_rec_infer.onnx",
  dictionary: "ppocr_keys_v1.txt",
} as const;

function joinUrl(base: string, file: string): string {
  return `${base.replace(/\/+$/, "")}/${file}`;
}

/** Fetches a file, reporting its bytes as they arrive. */
async function fetchBytes(
  url: string,
  file: string,
  onFile: (progress: OcrFileProgress) => void,
): Promise<Uint8Array> {
  onFile({ kind: "file", file, status: "initiate", loaded: 0, total: 0 });
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new Error(`could not load OCR model file ${file} (${url}: HTTP ${response.status})`);
  }
  const total = Number(response.headers.get("content-length") ?? 0) || 0;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onFile({ kind: "file", file, status: "progress", loaded, total });
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  onFile({ kind: "file", file, status: "done", loaded, total: total || loaded });
  return bytes;
}

function runner(session: ort.InferenceSession): RunModel {
  return async (data, dims) => {
    const input = new ort.Tensor("float32", data, dims);
    const outputs = await session.run({ [session.inputNames[0]!]: input });
    const output = outputs[session.outputNames[0]!]!;
    const result = { data: output.data as Float32Array, dims: output.dims };
    return result;
  };
}

/** Loads both models and the dictionary from the app's own URLs. */
export async function loadPaddlePipeline(
  assets: OcrAssets,
  numThreads: number,
  onFile: (progress: OcrFileProgress) => void,
): Promise<PaddlePipeline> {
  ort.env.wasm.wasmPaths = assets.wasmBaseUrl.endsWith("/")
    ? assets.wasmBaseUrl
    : `${assets.wasmBaseUrl}/`;
  ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? numThreads : 1;
  const options: ort.InferenceSession.SessionOptions = {
    executionProviders: ["wasm"],
    graphOptimizationLevel: "all",
  };
  const [detection, recognition, dictionary] = await Promise.all(
    [ocrModelFiles.detection, ocrModelFiles.recognition, ocrModelFiles.dictionary].map((file) =>
      fetchBytes(joinUrl(assets.modelBaseUrl, file), file, onFile),
    ),
  );
  const detector = await ort.InferenceSession.create(detection!, options);
  const recogniser = await ort.InferenceSession.create(recognition!, options);
  return new PaddlePipeline(
    runner(detector),
    runner(recogniser),
    recognitionClasses(new TextDecoder().decode(dictionary)),
  );
}
