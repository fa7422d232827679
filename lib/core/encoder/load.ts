import { float32Values, readOnnxInitializers } from "../onnx/onnx-reader";
import type { StaticEmbeddingModel } from "./static-model";
import { vocabFromTokenizerJson } from "./tokenizer-files";
import { WordPieceTokenizer } from "./wordpiece";

/**
 * The TS tokenizer and model of a static-encoder folder, from its already-fetched files
 * (`tokenizer.json` parsed, `onnx/model.onnx` bytes). For work that needs the table itself
 * (training on top of the bundled model in a worker, exact comparisons in tests); plain inference
 * should go through transformers.js' pipeline like every other model.
 */
export function staticEncoderFromFiles(
  tokenizerJson: unknown,
  modelOnnx: Uint8Array,
): { tokenizer: WordPieceTokenizer; model: StaticEmbeddingModel } {
  const tokenizer = new WordPieceTokenizer(vocabFromTokenizerJson(tokenizerJson));
  const embeddings = readOnnxInitializers(modelOnnx).get("embeddings");
  const [vocabSize, dim] = embeddings?.dims ?? [];
  if (!embeddings || vocabSize !== tokenizer.size || dim === undefined) {
    throw new Error("model.onnx: expected an `embeddings` table of [vocabulary size, dim]");
  }
  return { tokenizer, model: { vocabSize, dim, table: float32Values(embeddings) } };
}
