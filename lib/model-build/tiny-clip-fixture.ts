import { createPrng, type Prng } from "@/lib/core/encoder/prng";
import {
  modelConfigJson,
  tokenizerConfigJson,
  tokenizerJson,
} from "@/lib/core/encoder/tokenizer-files";
import { buildWordPieceVocab } from "@/lib/core/encoder/wordpiece";
import {
  encodeOnnxModel,
  float32Bytes,
  int64Bytes,
  OnnxDataType,
  type OnnxGraph,
} from "@/lib/core/onnx/onnx-model";
import { irVersion, maskNodes, opsetVersion } from "@/lib/core/onnx/static-embedding-graph";

/**
 * A tiny CLIP-shaped model with seeded random weights: a TEST FIXTURE, never a model to offer
 * users. It has exactly the layout transformers.js loads for CLIP (`config.json` with
 * `model_type: "clip"`, tokenizer files, `preprocessor_config.json`, `onnx/text_model.onnx` giving
 * `text_embeds` and `onnx/vision_model.onnx` giving `image_embeds`), so the product's multimodal
 * path (text tower for texts and labels, vision tower for images, one space) runs end to end in
 * tests without downloading a real CLIP. The towers are deliberately trivial: a bag of token
 * embeddings times a projection, and average-pooled pixels times a projection. Their vectors mean
 * nothing; only shapes, plumbing and determinism are tested with them.
 */

/** Folder name of the fixture (under `e2e/fixtures/models/`); it says what it is. */
export const tinyClipFixtureId = "tiny-clip-fixture";
/** Where the committed fixture lives, relative to the repository root. */
export const tinyClipFixtureParentDir = "e2e/fixtures/models";

export interface TinyClipFixtureOptions {
  seed: number;
  /** Width of the shared embedding space. */
  dim: number;
  /** Tokenizer vocabulary cap (specials and characters included). */
  maxVocabSize: number;
  /** Side of the square the image processor resizes and crops to. */
  imageSize: number;
  /** Side of the pixel grid after average pooling (imageSize must be a multiple of it). */
  pooledSize: number;
}

export const tinyClipFixtureDefaults: TinyClipFixtureOptions = {
  seed: 20_261_129,
  dim: 32,
  maxVocabSize: 1024,
  imageSize: 32,
  pooledSize: 8,
};

/** The weights of a built fixture, for tests that check the ONNX graphs compute what they say. */
export interface TinyClipWeights {
  vocab: string[];
  /** `[vocab, dim]` token embeddings. */
  tokenTable: Float32Array;
  /** `[dim, dim]` text projection (row-major, `pooled @ projection`). */
  textProjection: Float32Array;
  /** `[3 * pooledSize^2, dim]` vision projection. */
  visionProjection: Float32Array;
}

const batchAxis = "batch_size";

/** Gaussian weights scaled by 1/sqrt(fanIn), so outputs stay near unit scale. */
function gaussianMatrix(random: Prng, rows: number, cols: number, fanIn: number): Float32Array {
  const out = new Float32Array(rows * cols);
  const scale = 1 / Math.sqrt(fanIn);
  for (let i = 0; i < out.length; i++) out[i] = random.nextGaussian() * scale;
  return out;
}

const floatTensor = (name: string, dims: number[], values: Float32Array) => ({
  name,
  dataType: OnnxDataType.float,
  dims,
  rawData: float32Bytes(values),
});

/**
 * Text tower: `text_embeds = (sum over unmasked tokens of table[id]) @ projection`. The mask is
 * consumed (transformers.js feeds exactly the inputs a session declares).
 */
function textGraph(weights: TinyClipWeights, dim: number): OnnxGraph {
  const vocabSize = weights.vocab.length;
  const mask = maskNodes("tokens", { output: "masked", axes: "last_axis" });
  return {
    name: "tiny_clip_text_fixture",
    nodes: [
      {
        opType: "Gather",
        name: "lookup",
        inputs: ["token_table", "input_ids"],
        outputs: ["tokens"],
      },
      ...mask.nodes,
      {
        opType: "ReduceSum",
        name: "sum_tokens",
        inputs: ["masked", "sequence_axis"],
        outputs: ["pooled"],
        attributes: [{ name: "keepdims", kind: "int", value: 0 }],
      },
      {
        opType: "MatMul",
        name: "text_projection",
        inputs: ["pooled", "projection"],
        outputs: ["text_embeds"],
      },
    ],
    initializers: [
      floatTensor("token_table", [vocabSize, dim], weights.tokenTable),
      floatTensor("projection", [dim, dim], weights.textProjection),
      ...mask.tensors,
      { name: "sequence_axis", dataType: OnnxDataType.int64, dims: [1], rawData: int64Bytes([1]) },
    ],
    inputs: [
      { name: "input_ids", elemType: OnnxDataType.int64, shape: [batchAxis, "sequence_length"] },
      {
        name: "attention_mask",
        elemType: OnnxDataType.int64,
        shape: [batchAxis, "sequence_length"],
      },
    ],
    outputs: [{ name: "text_embeds", elemType: OnnxDataType.float, shape: [batchAxis, dim] }],
  };
}

/** Vision tower: `image_embeds = flatten(avgpool(pixel_values)) @ projection`. */
function visionGraph(weights: TinyClipWeights, o: TinyClipFixtureOptions): OnnxGraph {
  const kernel = o.imageSize / o.pooledSize;
  const features = 3 * o.pooledSize * o.pooledSize;
  return {
    name: "tiny_clip_vision_fixture",
    nodes: [
      {
        opType: "AveragePool",
        name: "pool_pixels",
        inputs: ["pixel_values"],
        outputs: ["pooled"],
        attributes: [
          { name: "kernel_shape", kind: "ints", value: [kernel, kernel] },
          { name: "strides", kind: "ints", value: [kernel, kernel] },
        ],
      },
      {
        opType: "Flatten",
        name: "flatten",
        inputs: ["pooled"],
        outputs: ["flat"],
        attributes: [{ name: "axis", kind: "int", value: 1 }],
      },
      {
        opType: "MatMul",
        name: "visual_projection",
        inputs: ["flat", "projection"],
        outputs: ["image_embeds"],
      },
    ],
    initializers: [floatTensor("projection", [features, o.dim], weights.visionProjection)],
    inputs: [
      {
        name: "pixel_values",
        elemType: OnnxDataType.float,
        shape: [batchAxis, 3, o.imageSize, o.imageSize],
      },
    ],
    outputs: [{ name: "image_embeds", elemType: OnnxDataType.float, shape: [batchAxis, o.dim] }],
  };
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The fixture's model card: what it is, and that it must never be used as a model. */
function readme(o: TinyClipFixtureOptions, vocabSize: number): string {
  return [
    `# ${tinyClipFixtureId}: a test fixture, not a model`,
    "",
    "Random weights (seed " + String(o.seed) + "), CLIP-shaped so the multimodal embedding path",
    "of Creative Triage (vision tower for images, text tower for texts and labels, one space) runs",
    "in tests without a real CLIP. Its vectors mean nothing. It is never offered as a model: the",
    "end-to-end tests serve this folder to the browser themselves and add it as a local model.",
    "",
    `- text tower: sum of ${vocabSize} x ${o.dim} token embeddings, times a ${o.dim} x ${o.dim} projection`,
    `- vision tower: ${o.imageSize} px input average-pooled to ${o.pooledSize} x ${o.pooledSize}, times a projection`,
    "",
    "Rebuild (deterministic, byte for byte): `npm run fixture:clip`.",
    "",
  ].join("\n");
}

/**
 * Builds the fixture's files (path -> bytes) and weights from a corpus that makes its tokenizer.
 * Pure and deterministic: the same corpus and options give the same bytes.
 */
export function tinyClipFixture(
  corpus: readonly string[],
  options: Partial<TinyClipFixtureOptions> = {},
): { files: Map<string, Uint8Array>; weights: TinyClipWeights } {
  const o = { ...tinyClipFixtureDefaults, ...options };
  if (o.imageSize % o.pooledSize !== 0) {
    throw new Error(`imageSize ${o.imageSize} is not a multiple of pooledSize ${o.pooledSize}`);
  }
  const vocab = buildWordPieceVocab(corpus, {
    maxVocabSize: o.maxVocabSize,
    minWordCount: 1,
    minPieceCount: 2,
  });
  const random = createPrng(o.seed);
  const features = 3 * o.pooledSize * o.pooledSize;
  const weights: TinyClipWeights = {
    vocab,
    tokenTable: gaussianMatrix(random, vocab.length, o.dim, 1),
    textProjection: gaussianMatrix(random, o.dim, o.dim, o.dim),
    visionProjection: gaussianMatrix(random, features, o.dim, features),
  };
  const onnx = (graph: OnnxGraph) =>
    encodeOnnxModel({
      irVersion,
      opsetVersion,
      producerName: "creative-triage",
      producerVersion: tinyClipFixtureId,
      docString: "Test fixture with random weights; not a model.",
      graph,
    });
  // The BERT fields of the bundled encoder's config describe the text tower's tokenizer side;
  // `model_type: "clip"` and the two sub-configs are what CLIP loaders read.
  const textConfig = modelConfigJson({
    dim: o.dim,
    vocabSize: vocab.length,
    labelTemplate: "leafFirst",
  });
  const config = {
    model_type: "clip",
    architectures: ["CLIPModel"],
    projection_dim: o.dim,
    text_config: {
      ...textConfig,
      model_type: "clip_text_model",
      architectures: undefined,
      creative_triage: undefined,
    },
    vision_config: {
      model_type: "clip_vision_model",
      hidden_size: o.dim,
      image_size: o.imageSize,
      patch_size: o.imageSize / o.pooledSize,
      num_channels: 3,
    },
    creative_triage: { fixture: true, note: "random weights: a test fixture, not a model" },
  };
  const preprocessor = {
    image_processor_type: "CLIPImageProcessor",
    do_resize: true,
    size: { shortest_edge: o.imageSize },
    resample: 3,
    do_center_crop: true,
    crop_size: { height: o.imageSize, width: o.imageSize },
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0.48145466, 0.4578275, 0.40821073],
    image_std: [0.26862954, 0.26130258, 0.27577711],
    do_convert_rgb: true,
  };
  const encoder = new TextEncoder();
  const files = new Map<string, Uint8Array>([
    ["config.json", encoder.encode(json(config))],
    ["tokenizer.json", encoder.encode(json(tokenizerJson(vocab)))],
    ["tokenizer_config.json", encoder.encode(json(tokenizerConfigJson()))],
    ["preprocessor_config.json", encoder.encode(json(preprocessor))],
    ["onnx/text_model.onnx", onnx(textGraph(weights, o.dim))],
    ["onnx/vision_model.onnx", onnx(visionGraph(weights, o))],
    ["README.md", encoder.encode(readme(o, vocab.length))],
  ]);
  return { files, weights };
}
