import {
  AutoImageProcessor,
  CLIPVisionModelWithProjection,
  RawImage,
  Tensor,
} from "@huggingface/transformers";
import type { ModelSpec } from "@/lib/core/models/registry";
import { normalizeRowsInPlace, progressCallback, rowsOf, type LoadOptions } from "./embedTexts";

/**
 * The image half of a multimodal (CLIP-layout) model: its image processor and vision tower,
 * whose projected `image_embeds` live in the space of the text tower's `text_embeds`. Like
 * `embedTexts.ts`, it runs alike in the browser worker (images fetched from `/api/images/<id>`)
 * and in Node (images read from disk), so the vectors agree.
 */

/** A loaded vision tower: embeds images to `[images.length, dim]` row-major float32. */
export interface ImageEmbedder {
  readonly modelId: string;
  readonly dim: number;
  embed(images: readonly RawImage[]): Promise<Float32Array<ArrayBuffer>>;
  dispose(): Promise<void>;
}

function imageEmbedsOf(outputs: unknown): Tensor {
  if (typeof outputs === "object" && outputs !== null && "image_embeds" in outputs) {
    const embeds: unknown = outputs.image_embeds;
    if (embeds instanceof Tensor) return embeds;
  }
  throw new Error("the CLIP vision model returned no image_embeds");
}

/** A 2 x 2 grey image: enough to run the vision tower once at load. */
function probeImage(): RawImage {
  return new RawImage(new Uint8ClampedArray(2 * 2 * 3).fill(128), 2, 2, 3);
}

/**
 * Loads a multimodal model's image processor and vision tower and embeds one probe image, so a
 * missing or broken `vision_model.onnx` fails at load and the vector width is known.
 */
export async function loadImageEmbedder(
  model: ModelSpec,
  options: LoadOptions,
): Promise<ImageEmbedder> {
  if (model.modality !== "text+image") {
    throw new Error(`${model.id} is a text-only model: it cannot embed images`);
  }
  const progress_callback = progressCallback(options.onFile);
  const [processor, visionModel] = await Promise.all([
    AutoImageProcessor.from_pretrained(model.id, { progress_callback }),
    CLIPVisionModelWithProjection.from_pretrained(model.id, {
      dtype: model.dtype,
      device: options.device,
      progress_callback,
    }),
  ]);
  const embed = async (images: readonly RawImage[]) => {
    if (images.length === 0) return new Float32Array(0);
    const inputs: unknown = await processor([...images]);
    const outputs: unknown = await visionModel(inputs as Record<string, Tensor>);
    const { data, dim } = rowsOf(imageEmbedsOf(outputs), images.length);
    const copy = data.slice();
    if (model.normalize) normalizeRowsInPlace(copy, dim);
    return copy;
  };
  try {
    const probe = await embed([probeImage()]);
    if (probe.length === 0) throw new Error("the vision model returned an empty vector");
    return {
      modelId: model.id,
      dim: probe.length,
      embed,
      dispose: async () => {
        await visionModel.dispose();
      },
    };
  } catch (error) {
    await visionModel.dispose();
    throw error;
  }
}

/**
 * Embeds images in batches, reading each batch's images only when it is its turn (a dataset's
 * images never sit in memory at once), reporting `done` after each batch and stopping between
 * batches once `signal` aborts. An image that cannot be read fails the whole call, naming it.
 */
export async function embedImagesInBatches(
  embedder: ImageEmbedder,
  sources: readonly string[],
  options: {
    batchSize: number;
    read: (source: string) => Promise<RawImage>;
    onProgress?: (done: number, total: number) => void;
    signal?: AbortSignal;
  },
): Promise<Float32Array<ArrayBuffer>> {
  const out = new Float32Array(sources.length * embedder.dim);
  for (let start = 0; start < sources.length; start += options.batchSize) {
    options.signal?.throwIfAborted();
    const batch = sources.slice(start, start + options.batchSize);
    const images = await Promise.all(
      batch.map(async (source) => {
        try {
          return await options.read(source);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new Error(`could not read the image ${source}: ${reason}`);
        }
      }),
    );
    const vectors = await embedder.embed(images);
    if (vectors.length !== batch.length * embedder.dim) {
      throw new Error(`the model returned ${vectors.length} floats for ${batch.length} images`);
    }
    out.set(vectors, start * embedder.dim);
    options.onProgress?.(start + batch.length, sources.length);
  }
  return out;
}
