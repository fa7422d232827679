import { BertTokenizer } from "@huggingface/transformers";
import { tokenizerConfigJson, tokenizerJson } from "@/lib/core/encoder/tokenizer-files";
import { modelMaxLength, WordPieceTokenizer } from "@/lib/core/encoder/wordpiece";

/**
 * Tokenises texts with transformers.js' own BertTokenizer built from the tokenizer.json we ship,
 * so training sees exactly the ids the app will feed the model, and checks every text against
 * the pure-TS {@link WordPieceTokenizer}: if the two ever disagree, the build fails instead of
 * shipping a model trained on tokens the app never produces.
 */
export function tokenizeWithTransformersJs(vocab: readonly string[], texts: readonly string[]) {
  const reference = new BertTokenizer(tokenizerJson(vocab), tokenizerConfigJson());
  const ours = new WordPieceTokenizer(vocab);
  return texts.map((text) => {
    const ids = reference.encode(text).slice(0, modelMaxLength);
    const mine = ours.encode(text);
    if (mine.length !== ids.length || ids.some((id, i) => mine[i] !== id)) {
      throw new Error(`tokenizers disagree on ${JSON.stringify(text.slice(0, 80))}`);
    }
    return Int32Array.from(ids);
  });
}
