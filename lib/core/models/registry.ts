import { z } from "zod";
import { labelPathToText, labelTemplateName } from "@/lib/core/encoder/label-text";

/**
 * The encoders the product can embed with. Pure data plus the few functions every side (browser
 * worker, Node CLI, server) needs to agree on: how a label path becomes text for a model and which
 * version string a stored vector carries. A spec travels to the worker inside each request, so a
 * user-added local folder works without the worker knowing about settings.
 */

/** Where the files come from; the worker only lets transformers.js go online for `hub`. */
export const modelSources = ["bundled", "local", "hub"] as const;
export type ModelSource = (typeof modelSources)[number];

export const modelModalities = ["text", "text+image"] as const;
export type ModelModality = (typeof modelModalities)[number];

/** `q8` loads `onnx/model_quantized.onnx`, `fp32` loads `onnx/model.onnx` (transformers.js names). */
export const modelDtypes = ["fp32", "q8"] as const;
export type ModelDtype = (typeof modelDtypes)[number];

export const modelPoolings = ["mean", "cls"] as const;
export type ModelPooling = (typeof modelPoolings)[number];

/** Label templates a spec can name; each must be a pure function of the path. */
export const labelTemplateIds = ["leafFirst", "rootFirstPlain"] as const;
export type LabelTemplateId = (typeof labelTemplateIds)[number];

/**
 * Everything needed to load a model and to know whether two vectors are comparable. Zod-checked
 * because specs cross the worker boundary and come back from localStorage.
 */
export const modelSpecSchema = z.object({
  /** Folder name under `/models/` (bundled, local) or Hugging Face repo id (hub). */
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/, {
      message: "a folder name or owner/name, letters, digits, '.', '_' and '-' only",
    }),
  label: z.string().min(1).max(200),
  source: z.enum(modelSources),
  modality: z.enum(modelModalities),
  dtype: z.enum(modelDtypes),
  pooling: z.enum(modelPoolings),
  normalize: z.boolean(),
  /** Bumped whenever the weights change; stored vectors from another version are recomputed. */
  version: z.string().min(1).max(100),
  labelTemplate: z.enum(labelTemplateIds),
  description: z.string().max(500).optional(),
});
export type ModelSpec = z.infer<typeof modelSpecSchema>;

/** The product's own encoder, trained from the demo data and served by the app: works offline. */
export const bundledModelId = "creative-triage-static-v1";

/** Built-in models. The first is the default: it needs no network. */
export const builtInModels: readonly ModelSpec[] = [
  {
    id: bundledModelId,
    label: "Creative Triage static encoder (bundled)",
    source: "bundled",
    modality: "text",
    // The ONNX graph is a table lookup plus mean pooling: fp32 costs nothing at inference and
    // keeps vectors equal to the model build's own forward pass.
    dtype: "fp32",
    pooling: "mean",
    normalize: true,
    version: "1",
    labelTemplate: "leafFirst",
    description: "Static word-piece embeddings trained on the demo taxonomy; served by the app.",
  },
  {
    id: "Xenova/all-MiniLM-L6-v2",
    label: "all-MiniLM-L6-v2 (text)",
    source: "hub",
    modality: "text",
    dtype: "q8",
    pooling: "mean",
    normalize: true,
    version: "hub-q8",
    labelTemplate: "leafFirst",
    description: "Sentence-Transformers MiniLM, 384-d; downloaded from the Hugging Face hub.",
  },
  {
    id: "Xenova/clip-vit-base-patch32",
    label: "CLIP ViT-B/32 (text + image)",
    source: "hub",
    modality: "text+image",
    dtype: "q8",
    // Not applied: CLIP's text tower returns its own projected sentence vector (`text_embeds`).
    pooling: "cls",
    normalize: true,
    version: "hub-q8",
    labelTemplate: "leafFirst",
    description: "OpenAI CLIP, 512-d projected text embeddings; downloaded from the hub.",
  },
];

export const defaultModelId = bundledModelId;

/** The default model's spec (the bundled one). */
export function defaultModel(): ModelSpec {
  const model = builtInModels.find((m) => m.id === defaultModelId);
  if (!model) throw new Error(`the registry lacks its default model ${defaultModelId}`);
  return model;
}

/** Finds a model among the built-ins and any extra (user-added) specs; undefined when unknown. */
export function findModel(id: string, extra: readonly ModelSpec[] = []): ModelSpec | undefined {
  return builtInModels.find((m) => m.id === id) ?? extra.find((m) => m.id === id);
}

/** Whether a model embeds images too (through its vision tower, into its text space). */
export function isMultimodal(model: ModelSpec): boolean {
  return model.modality === "text+image";
}

/**
 * A spec for a model folder the app serves under `/models/<id>/` (e.g. a fine-tuned export
 * copied into `public/models`). The version names the folder, so replacing the files needs a new
 * folder name or an explicit version.
 */
export function localModelSpec(input: {
  id: string;
  /** `text+image`: a CLIP-layout folder (text_model.onnx and vision_model.onnx). */
  modality?: ModelModality;
  dtype?: ModelDtype;
  pooling?: ModelPooling;
  version?: string;
}): ModelSpec {
  return modelSpecSchema.parse({
    id: input.id,
    label: `${input.id} (local folder)`,
    source: "local",
    modality: input.modality ?? "text",
    dtype: input.dtype ?? "fp32",
    pooling: input.pooling ?? "mean",
    normalize: true,
    version: input.version ?? "local-1",
    labelTemplate: "leafFirst",
  });
}

const templates: Record<LabelTemplateId, (path: readonly string[]) => string> = {
  /** The bundled model's template, shared with its training: `Bars, Alcohol`. */
  leafFirst: labelPathToText,
  /** `Alcohol Bars`: for encoders trained on plain phrases. */
  rootFirstPlain: (path) => path.map((s) => s.replace(/_/g, " ").trim()).join(" "),
};

// The bundled model's training records its template name; a drift here would silently embed
// labels differently from how the model learnt them.
if (labelTemplateName !== "leafFirst") {
  throw new Error(`label template drift: training uses ${labelTemplateName}, registry leafFirst`);
}

/** The text a model embeds for a label path, by the model's template. */
export function labelTextFor(model: ModelSpec, path: readonly string[]): string {
  return templates[model.labelTemplate](path);
}

/**
 * The version stored beside every vector. It joins the weights' version, the dtype and the label
 * template, since changing any of them changes the vectors.
 */
export function modelVersionOf(model: ModelSpec): string {
  return `${model.version}+${model.dtype}+${model.labelTemplate}`;
}
