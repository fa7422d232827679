import {
  AutoTokenizer,
  CLIPTextModelWithProjection,
  pipeline,
  Tensor,
  type ProgressInfo,
} from "@huggingface/transformers";
import type { ModelSpec } from "@/lib/core/models/registry";
import type { FileProgress } from "./protocol";

/**
 * The environment-independent half of embedding: load a model through transformers.js and turn
 * texts into row-major vectors. The browser worker and the Node CLI both call this module and
 * differ only in how they set up `env` (where files come from, which ONNX runtime), so a vector
 * computed in Node equals one computed in the browser.
 */

/** What transformers.js calls a device; the caller decides which one (see `device.ts`). */
export type InferenceDevice = "webgpu" | "wasm" | "cpu";

/** A loaded encoder: embeds texts to `[texts.length, dim]` row-major float32. */
export interface TextEmbedder {
  readonly modelId: string;
  readonly dim: number;
  embed(texts: readonly string[]): Promise<Float32Array<ArrayBuffer>>;
  dispose(): Promise<void>;
}

/** The per-file part of transformers.js' progress events; aggregate and `ready` events are not. */
export function toFileProgress(info: ProgressInfo): FileProgress | null {
  switch (info.status) {
    case "initiate":
    case "download":
    case "done":
      return { kind: "file", file: info.file, status: info.status, loaded: 0, total: 0 };
    case "progress":
      return {
        kind: "file",
        file: info.file,
        status: "progress",
        loaded: info.loaded,
        total: info.total,
      };
    default:
      return null;
  }
}

/** The float32 rows of a `[n, dim]` tensor, checked rather than assumed. */
export function rowsOf(tensor: Tensor, count: number): { data: Float32Array; dim: number } {
  const [rows, dim] = tensor.dims;
  if (tensor.dims.length !== 2 || rows !== count || dim === undefined) {
    throw new Error(`expected a [${count}, dim] output, got [${tensor.dims.join(", ")}]`);
  }
  if (!(tensor.data instanceof Float32Array)) {
    throw new Error(`expected float32 output, got ${tensor.type}`);
  }
  return { data: tensor.data, dim };
}

/** L2-normalises each row in place (rows of zeros stay zero). */
export function normalizeRowsInPlace(data: Float32Array, dim: number): void {
  for (let start = 0; start < data.length; start += dim) {
    let sum = 0;
    for (let i = start; i < start + dim; i++) sum += (data[i] ?? 0) ** 2;
    const norm = Math.sqrt(sum);
    if (norm === 0) continue;
    for (let i = start; i < start + dim; i++) data[i] = (data[i] ?? 0) / norm;
  }
}

export interface LoadOptions {
  device: InferenceDevice;
  onFile?: (progress: FileProgress) => void;
}

/** A sentence encoder through the feature-extraction pipeline, pooled as the spec says. */
async function loadSentenceEncoder(
  model: ModelSpec,
  options: LoadOptions,
): Promise<Omit<TextEmbedder, "dim">> {
  const extractor = await pipeline("feature-extraction", model.id, {
    dtype: model.dtype,
    device: options.device,
    progress_callback: progressCallback(options.onFile),
  });
  return {
    modelId: model.id,
    async embed(texts) {
      const output = await extractor([...texts], {
        pooling: model.pooling,
        normalize: model.normalize,
      });
      const { data } = rowsOf(output, texts.length);
      // The pipeline's tensor is ours alone; copying keeps the caller free to transfer it.
      return data.slice();
    },
    dispose: () => extractor.dispose(),
  };
}

/** CLIP's text tower: projected `text_embeds`, in the space its image tower shares. */
async function loadClipTextEncoder(
  model: ModelSpec,
  options: LoadOptions,
): Promise<Omit<TextEmbedder, "dim">> {
  const progress_callback = progressCallback(options.onFile);
  const [tokenizer, textModel] = await Promise.all([
    AutoTokenizer.from_pretrained(model.id, { progress_callback }),
    CLIPTextModelWithProjection.from_pretrained(model.id, {
      dtype: model.dtype,
      device: options.device,
      progress_callback,
    }),
  ]);
  return {
    modelId: model.id,
    async embed(texts) {
      const inputs = tokenizer([...texts], { padding: true, truncation: true });
      const outputs: unknown = await textModel(inputs);
      const embeds = textEmbedsOf(outputs);
      const { data, dim } = rowsOf(embeds, texts.length);
      const copy = data.slice();
      if (model.normalize) normalizeRowsInPlace(copy, dim);
      return copy;
    },
    dispose: async () => {
      await textModel.dispose();
    },
  };
}

function textEmbedsOf(outputs: unknown): Tensor {
  if (typeof outputs === "object" && outputs !== null && "text_embeds" in outputs) {
    const embeds: unknown = outputs.text_embeds;
    if (embeds instanceof Tensor) return embeds;
  }
  throw new Error("the CLIP text model returned no text_embeds");
}

/** transformers.js' progress callback, forwarding per-file events only. */
export function progressCallback(onFile: LoadOptions["onFile"]) {
  return (info: ProgressInfo) => {
    const progress = toFileProgress(info);
    if (progress && onFile) onFile(progress);
  };
}

/**
 * Loads a model and embeds one probe text, so a file that loads but cannot run (a corrupt or
 * mismatched ONNX graph) fails here, at load, and the vector width is known before any job.
 */
export async function loadTextEmbedder(
  model: ModelSpec,
  options: LoadOptions,
): Promise<TextEmbedder> {
  const loaded =
    model.modality === "text+image"
      ? await loadClipTextEncoder(model, options)
      : await loadSentenceEncoder(model, options);
  try {
    const probe = await loaded.embed(["creative triage"]);
    if (probe.length === 0) throw new Error("the model returned an empty vector");
    return { ...loaded, dim: probe.length };
  } catch (error) {
    await loaded.dispose();
    throw error;
  }
}

/**
 * Embeds texts in batches of `batchSize`, reporting `done` after each and stopping (with the
 * abort reason) between batches once `signal` aborts. Returns `[texts.length, dim]` row-major.
 */
export async function embedInBatches(
  embedder: TextEmbedder,
  texts: readonly string[],
  options: {
    batchSize: number;
    onProgress?: (done: number, total: number) => void;
    signal?: AbortSignal;
  },
): Promise<Float32Array<ArrayBuffer>> {
  const out = new Float32Array(texts.length * embedder.dim);
  for (let start = 0; start < texts.length; start += options.batchSize) {
    options.signal?.throwIfAborted();
    const batch = texts.slice(start, start + options.batchSize);
    const vectors = await embedder.embed(batch);
    if (vectors.length !== batch.length * embedder.dim) {
      throw new Error(`the model returned ${vectors.length} floats for ${batch.length} texts`);
    }
    out.set(vectors, start * embedder.dim);
    options.onProgress?.(start + batch.length, texts.length);
  }
  return out;
}
