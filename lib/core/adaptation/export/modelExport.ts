import { clsId } from "@/lib/core/encoder/wordpiece";
import { bundledModelId, defaultModel, modelVersionOf } from "@/lib/core/models/registry";
import { float32Values, readOnnxInitializers } from "@/lib/core/onnx/onnx-reader";
import { staticEmbeddingOnnx } from "@/lib/core/onnx/static-embedding-graph";
import { decodeAdapter, type DenseAdapter } from "../adapter";
import type { ModelVersionSummary } from "../versions";
import { foldAdapterIntoTable } from "./fold";
import { versionModelCard } from "./modelCard";
import { encodeSafetensors } from "./safetensors";

/**
 * A trained version as model folders other tools load (pure: bytes in, path -> bytes out):
 *
 * - `transformers-js`: for the bundled static encoder, its own folder layout with the adapter
 *   folded into the embedding table (exact, see {@link foldAdapterIntoTable}), so
 *   `pipeline("feature-extraction", folder)` with mean pooling + normalisation gives the version's
 *   vectors with no extra step;
 * - `sentence-transformers`: `StaticEmbedding` (the base table) -> `Dense` (the adapter, no bias,
 *   identity activation) -> `Normalize`, what `SentenceTransformer(folder)` loads.
 *
 * For a hub base model the server holds no weights of the base, so both formats give the adapter
 * as a Sentence Transformers `Dense` module plus a card that says how to put it behind the base.
 */

export const exportFormats = ["transformers-js", "sentence-transformers"] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** A version that cannot be exported as asked (the caller answers 422 with the message). */
export class ModelExportRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelExportRefusedError";
  }
}

/** The files of the bundled model's folder an export reads, by role -> path in the folder. */
export const staticBaseFilePaths = {
  config: "config.json",
  tokenizer: "tokenizer.json",
  tokenizerConfig: "tokenizer_config.json",
  modelOnnx: "onnx/model.onnx",
} as const;
export type StaticBaseFiles = Record<keyof typeof staticBaseFilePaths, Uint8Array>;

/** Reads the bundled folder's files with `read` (a path relative to the folder -> its bytes). */
export async function readStaticBaseFiles(
  read: (path: string) => Promise<Uint8Array>,
): Promise<StaticBaseFiles> {
  const entries = await Promise.all(
    Object.entries(staticBaseFilePaths).map(async ([role, path]) => [role, await read(path)]),
  );
  return Object.fromEntries(entries) as StaticBaseFiles;
}

/** Whether the version's base is the bundled encoder, whose files the app serves itself. */
export function hasBundledBase(version: ModelVersionSummary): boolean {
  return version.baseModelId === bundledModelId;
}

/** `<base>-v<id>-<format>`, the folder and download name; `/` of a hub id becomes `--`. */
export function exportName(version: ModelVersionSummary, format: ExportFormat): string {
  const base = version.baseModelId.replace(/\//g, "--").replace(/[^A-Za-z0-9._-]/g, "-");
  return `${base}-v${version.id}-${format}`;
}

/**
 * The folder of `version` in `format`. `base` is the bundled folder's files when the version's
 * base is the bundled encoder (required then, ignored otherwise).
 */
export function exportVersionFolder(
  version: ModelVersionSummary,
  adapter: DenseAdapter,
  format: ExportFormat,
  base: StaticBaseFiles | null,
): Map<string, Uint8Array> {
  if (adapter.dim !== version.dim) {
    throw new ModelExportRefusedError(
      `adapter dim ${adapter.dim} does not match version dim ${version.dim}`,
    );
  }
  if (!hasBundledBase(version)) return adapterOnlyFolder(version, adapter, format);
  if (!base) throw new Error("the bundled model's files are needed to export its versions");
  const current = modelVersionOf(defaultModel());
  if (version.baseModelVersion !== current) {
    throw new ModelExportRefusedError(
      `version ${version.id} was trained on ${bundledModelId} ${version.baseModelVersion}, but the app now ships ${current}: its table is gone, so the adapter cannot be folded into it`,
    );
  }
  const model = readStaticBase(base);
  if (model.dim !== version.dim) {
    throw new ModelExportRefusedError(
      `version ${version.id} has dim ${version.dim}, the bundled table ${model.dim}`,
    );
  }
  return format === "transformers-js"
    ? foldedTransformersJsFolder(version, adapter, base, model)
    : staticSentenceTransformersFolder(version, adapter, base, model);
}

/**
 * The export of a stored version (summary + adapter bytes, as `getModelVersion` returns it):
 * decodes the adapter, reads the bundled folder through `readBundledFile` only when the version
 * needs it (the caller's I/O: the server's disk, a test's fixture), and names the result.
 */
export async function exportStoredVersion(
  stored: ModelVersionSummary & { weights: Uint8Array },
  format: ExportFormat,
  readBundledFile: (path: string) => Promise<Uint8Array>,
): Promise<{ name: string; files: Map<string, Uint8Array> }> {
  let adapter: DenseAdapter;
  try {
    adapter = decodeAdapter(stored.weights, stored.dim);
  } catch (error) {
    throw new ModelExportRefusedError((error as Error).message);
  }
  const base = hasBundledBase(stored) ? await readStaticBaseFiles(readBundledFile) : null;
  return {
    name: exportName(stored, format),
    files: exportVersionFolder(stored, adapter, format, base),
  };
}

interface StaticBase {
  vocabSize: number;
  dim: number;
  table: Float32Array;
}

function readStaticBase(base: StaticBaseFiles): StaticBase {
  const embeddings = readOnnxInitializers(base.modelOnnx).get("embeddings");
  const [vocabSize, dim] = embeddings?.dims ?? [];
  if (!embeddings || vocabSize === undefined || dim === undefined) {
    throw new Error("model.onnx: expected an `embeddings` table of [vocabulary size, dim]");
  }
  return { vocabSize, dim, table: float32Values(embeddings) };
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const json = (value: unknown) => utf8(`${JSON.stringify(value, null, 2)}\n`);
const parseJson = (bytes: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(bytes));

function versionFacts(version: ModelVersionSummary) {
  return {
    version_id: version.id,
    parent_id: version.parentId,
    base_model_id: version.baseModelId,
    base_model_version: version.baseModelVersion,
    model_version: version.modelVersion,
    objective: version.objective,
  };
}

function foldedTransformersJsFolder(
  version: ModelVersionSummary,
  adapter: DenseAdapter,
  base: StaticBaseFiles,
  model: StaticBase,
): Map<string, Uint8Array> {
  const table = foldAdapterIntoTable(model.table, model.vocabSize, adapter);
  const config = parseJson(base.config) as Record<string, unknown>;
  const ours = (config.creative_triage ?? {}) as Record<string, unknown>;
  const onnx = (quantized: boolean) =>
    staticEmbeddingOnnx({
      table,
      vocabSize: model.vocabSize,
      dim: model.dim,
      quantized,
      producerVersion: version.modelVersion,
      metadata: { creative_triage_version: String(version.id) },
    });
  const readme = versionModelCard(version, {
    format: "transformers-js",
    usage: `\`\`\`ts
import { env, pipeline } from "@huggingface/transformers";

env.localModelPath = "/path/to/the/folder/above/"; // the folder that holds this one
const extractor = await pipeline("feature-extraction", "${exportName(version, "transformers-js")}", { dtype: "fp32" });
const vectors = await extractor(texts, { pooling: "mean", normalize: true });
\`\`\`

Use the same label text as the app (\`${defaultModel().labelTemplate}\`: leaf first, e.g. \`Bars, Alcohol\`).`,
    notes: [
      `The layout of the bundled \`${bundledModelId}\` folder: \`config.json\`, \`tokenizer.json\`, \`tokenizer_config.json\`, \`onnx/model.onnx\` (fp32) and \`onnx/model_quantized.onnx\` (int8 per row).`,
      "The adapter is folded into the embedding table (every row `e` replaced by `W e`). The text vector is `normalize(mean of token rows)`, and `normalize(W normalize(sum e)) = normalize(sum W e)`, so the fp32 model gives the version's vectors exactly (to float rounding), with no extra layer.",
      "The int8 model quantises the folded rows, as the bundled int8 model quantises the base rows; the app itself embeds with fp32.",
    ],
  });
  return new Map([
    [
      "config.json",
      json({ ...config, creative_triage: { ...ours, adapter: versionFacts(version) } }),
    ],
    [staticBaseFilePaths.tokenizer, base.tokenizer],
    [staticBaseFilePaths.tokenizerConfig, base.tokenizerConfig],
    ["onnx/model.onnx", onnx(false)],
    ["onnx/model_quantized.onnx", onnx(true)],
    ["README.md", utf8(readme)],
  ]);
}

/** `modules.json` entries, as `SentenceTransformer.save` writes them. */
const modules = (entries: readonly [path: string, type: string][]) =>
  entries.map(([path, type], idx) => ({ idx, name: String(idx), path, type }));

/** The `Dense` module's files: its config (the keys every release reads) and `linear.weight`. */
function denseFiles(adapter: DenseAdapter, dir: string): [string, Uint8Array][] {
  return [
    [
      `${dir}/config.json`,
      json({
        in_features: adapter.dim,
        out_features: adapter.dim,
        bias: false,
        activation_function: "torch.nn.modules.linear.Identity",
      }),
    ],
    [
      `${dir}/model.safetensors`,
      encodeSafetensors([
        { name: "linear.weight", shape: [adapter.dim, adapter.dim], data: adapter.weight },
      ]),
    ],
  ];
}

/** `Normalize` has no parameters; an empty config keeps the folder in a zip and loads everywhere. */
const normalizeFiles = (dir: string): [string, Uint8Array][] => [[`${dir}/config.json`, json({})]];

const configSentenceTransformers = json({
  // StaticEmbedding arrived in 3.3.0: older releases cannot load the folder.
  __version__: { sentence_transformers: "3.3.0" },
  prompts: {},
  default_prompt_name: null,
  similarity_fn_name: "cosine",
});

function staticSentenceTransformersFolder(
  version: ModelVersionSummary,
  adapter: DenseAdapter,
  base: StaticBaseFiles,
  model: StaticBase,
): Map<string, Uint8Array> {
  const clsRow = model.table.subarray(clsId * model.dim, (clsId + 1) * model.dim);
  const clsIsZero = clsRow.every((v) => v === 0);
  const readme = versionModelCard(version, {
    format: "sentence-transformers",
    frontMatter: {
      library_name: "sentence-transformers",
      pipeline_tag: "sentence-similarity",
      tags: ["sentence-transformers", "static-embedding", "creative-triage"],
    },
    usage: `\`\`\`python
from sentence_transformers import SentenceTransformer

model = SentenceTransformer("path/to/${exportName(version, "sentence-transformers")}")
vectors = model.encode(texts)  # unit vectors
\`\`\`

Needs sentence-transformers 3.3 or newer (\`StaticEmbedding\`).`,
    notes: [
      `\`0_StaticEmbedding\`: the base table of \`${bundledModelId}\` (\`embedding.weight\`, ${model.vocabSize} x ${model.dim}) and its WordPiece \`tokenizer.json\`; the text vector is the mean of its token rows.`,
      `\`1_Dense\`: the adapter, \`linear.weight\` ${adapter.dim} x ${adapter.dim} (\`[out, in]\`), no bias, identity activation.`,
      "`2_Normalize`: L2 normalisation. Mean, `W` and normalisation give `normalize(W mean(e))`, the version's vectors.",
      clsIsZero
        ? "`StaticEmbedding` tokenises without special tokens; the app adds `[CLS]` and `[SEP]`, whose rows are zero, so this changes nothing."
        : "Not exact, by construction of `StaticEmbedding`: it tokenises without special tokens, while the app's texts are `[CLS] ... [SEP]` and the `[CLS]` row is a tiny fixed vector (1e-4 on one axis, so that an empty text has a direction). Vectors therefore differ from the app's by about 1e-4 / |sum of the text's rows| (measured: 1e-5 to 3e-5 per component on ad texts), and an empty text is the zero vector here instead of the app's fixed direction.",
      `The app (transformers.js) cuts a text at 512 tokens, special tokens included; \`StaticEmbedding\` does not cut, so texts beyond 510 word pieces differ. Use the transformers-js export for vectors identical to the app's.`,
    ],
  });
  return new Map<string, Uint8Array>([
    [
      "modules.json",
      json(
        modules([
          ["0_StaticEmbedding", "sentence_transformers.models.StaticEmbedding"],
          ["1_Dense", "sentence_transformers.models.Dense"],
          ["2_Normalize", "sentence_transformers.models.Normalize"],
        ]),
      ),
    ],
    ["config_sentence_transformers.json", configSentenceTransformers],
    ["0_StaticEmbedding/tokenizer.json", base.tokenizer],
    [
      "0_StaticEmbedding/model.safetensors",
      encodeSafetensors([
        { name: "embedding.weight", shape: [model.vocabSize, model.dim], data: model.table },
      ]),
    ],
    ...denseFiles(adapter, "1_Dense"),
    ...normalizeFiles("2_Normalize"),
    ["README.md", utf8(readme)],
  ]);
}

/**
 * A hub base model's version: only the adapter is the app's to give (the base's weights stay on
 * the hub and the app used its transformers.js ONNX conversion), as a `Dense` + `Normalize` pair
 * and a card that says how to put them behind the base in either runtime.
 */
function adapterOnlyFolder(
  version: ModelVersionSummary,
  adapter: DenseAdapter,
  format: ExportFormat,
): Map<string, Uint8Array> {
  const usage =
    format === "sentence-transformers"
      ? `The folder is not a whole model: it holds the adapter only. Put it behind the base model's
modules (its Transformer and Pooling, without the base's own Normalize, whose scale the adapter
ignores anyway):

\`\`\`python
from sentence_transformers import SentenceTransformer
from sentence_transformers.models import Dense, Normalize

base = SentenceTransformer("<the PyTorch model of ${version.baseModelId}>")
modules = [m for m in base if not isinstance(m, Normalize)]
adapter = Dense.load("path/to/this/folder/1_Dense")
model = SentenceTransformer(modules=[*modules, adapter, Normalize()])
\`\`\``
      : `transformers.js cannot take the adapter as a layer of the hub model's files, so apply it after
the pipeline: \`u = normalize(W x)\` for each pooled, normalised vector \`x\`, with \`W\` the
\`linear.weight\` tensor of \`1_Dense/model.safetensors\` (float32, row-major \`[out, in]\`, little-endian).

\`\`\`ts
const x = (await extractor(text, { pooling: "mean", normalize: true })).data; // as the app embeds
const u = W.map((row) => row.reduce((s, w, k) => s + w * x[k], 0));
const norm = Math.hypot(...u);
const vector = u.map((v) => v / norm);
\`\`\``;
  const readme = versionModelCard(version, {
    format,
    usage,
    notes: [
      `Only the adapter: the base model \`${version.baseModelId}\` is a hub model, so its weights are not the app's to export. Load the base from the hub.`,
      `\`1_Dense\`: the adapter, \`linear.weight\` ${adapter.dim} x ${adapter.dim} (\`[out, in]\`), no bias, identity activation (a Sentence Transformers \`Dense\` module).`,
      "`2_Normalize`: L2 normalisation after the adapter.",
      `The app embedded with the base's transformers.js ONNX files (stored version \`${version.baseModelVersion}\`); a PyTorch or fp32 base gives slightly different base vectors, so the adapted vectors match the app's to the precision of that difference, not exactly.`,
    ],
  });
  return new Map<string, Uint8Array>([
    ...denseFiles(adapter, "1_Dense"),
    ...normalizeFiles("2_Normalize"),
    ["adapter.json", json(versionFacts(version))],
    ["README.md", utf8(readme)],
  ]);
}
