import { embedTokenIds, type StaticEmbeddingModel } from "./static-model";
import type { WordPieceTokenizer } from "./wordpiece";

/**
 * The TS forward pass of the bundled encoder for raw texts: tokenize as transformers.js does,
 * mean-pool the token rows, L2-normalise. Equal (to float rounding) to
 * `pipeline("feature-extraction", model)(texts, { pooling: "mean", normalize: true })` on the
 * exported folder; returns `[texts.length, dim]` row-major.
 */
export function embedTexts(
  tokenizer: WordPieceTokenizer,
  model: StaticEmbeddingModel,
  texts: readonly string[],
): Float32Array {
  return embedTokenIds(
    model,
    texts.map((text) => tokenizer.encode(text)),
  ).embeddings;
}
