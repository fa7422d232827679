import type { BuiltStaticEncoder } from "./build";
import type { EncoderScores } from "./evaluate";
import { bundledModelId } from "./model-folder";

export interface ModelCardFacts {
  built: BuiltStaticEncoder;
  trainCount: number;
  evalScores: EncoderScores;
  labelTemplate: string;
  labelExample: string;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/**
 * The model folder's README: what the model is, what it was trained on and how it scored. Only
 * deterministic facts go in (no timings), so a rebuild reproduces the folder byte for byte.
 */
export function modelCard(f: ModelCardFacts): string {
  const { built, evalScores } = f;
  const { train } = built;
  return `# ${bundledModelId}

The text encoder Creative Triage ships so that it works with no network. It is built by
\`npm run model:build\` from the demo data in this repository and loads through transformers.js
like any hub model:

\`\`\`ts
env.allowRemoteModels = false;
env.allowLocalModels = true; // needed in the browser
env.localModelPath = "/models/"; // public/models, as the app serves it
const extractor = await pipeline("feature-extraction", "${bundledModelId}");
const embeddings = await extractor(texts, { pooling: "mean", normalize: true });
\`\`\`

## Architecture

Static token embeddings (like Sentence Transformers' StaticEmbedding / Model2Vec): a
${built.model.vocabSize} x ${built.model.dim} table. The ONNX graph looks up each token's row
(\`input_ids\`, \`attention_mask\` -> \`last_hidden_state\`); the pipeline's mean pooling and L2
normalisation make the text embedding, so row norms act as learned token weights. \`[PAD]\`,
\`[SEP]\` and \`[MASK]\` rows are zero and \`[CLS]\` is a tiny fixed vector (an empty text still
embeds to a unit vector). \`onnx/model.onnx\` is float32; \`onnx/model_quantized.onnx\` stores the
table as int8 with one float scale per row (what transformers.js loads by default on WASM).

Tokenizer: WordPiece (BertNormalizer with lowercasing and accent stripping, BertPreTokenizer,
\`[CLS] $A [SEP]\`), ${built.vocab.length} entries: the special tokens, every character seen,
words seen at least twice, and word-initial and \`##\` character n-grams of the training corpus.

## Training data

- ${f.trainCount} demo creatives of the train split (\`lib/demo/data\`), each with its true label;
  creatives that need a new label are left out. The eval split is never trained on.
- ${built.labelKeys.length} taxonomy labels (IAB Tech Lab Ad Product Taxonomy 2.0 plus the demo
  extension), embedded from the label text \`labelPathToText(path)\` (template
  \`${f.labelTemplate}\`, e.g. "${f.labelExample}").

## Objective

Softmax over all taxonomy labels of cosine(text, label) / ${train.temperature} (cross-entropy with
the true label); objective \`${train.objective}\`, ${train.epochs} epochs, batch ${train.batchSize},
sparse Adam with learning rate ${train.learningRate} decayed linearly to 10%, seed ${train.seed}.
The seed design's cosine-MSE pairs (text-label toward 0.9, text-other label toward 0.1, text-text
of one label toward 0.9) are available as the \`cosine\` objective; the softmax was more accurate
on nearest-label retrieval.

## Scores (demo eval split, ${evalScores.count} creatives with an existing true label)

| metric | value |
| --- | --- |
| nearest-label top-1 among all ${built.labelKeys.length} labels | ${pct(evalScores.nearestLabelTop1)} |
| closer to its true label than to a random other label | ${pct(evalScores.trueVsRandomLabelRate)} |

The demo creatives are synthetic and drawn from the same templates as the training split, so these
figures are optimistic for real data; they guard against a broken build.
`;
}
