import { embedTexts } from "@/lib/core/encoder/embed";
import { nearestLabelTop1, trueVsRandomLabelRate } from "@/lib/core/encoder/metrics";
import { WordPieceTokenizer } from "@/lib/core/encoder/wordpiece";
import { labelKey, type BuiltStaticEncoder } from "./build";

export interface EncoderScores {
  /** Share of texts whose nearest label (of all labels) is the true one. */
  nearestLabelTop1: number;
  /** Share of texts closer to their true label than to a random other label. */
  trueVsRandomLabelRate: number;
  count: number;
}

/** Scores a built encoder on held-out labelled texts (labels must be in its label set). */
export function scoreEncoder(
  built: BuiltStaticEncoder,
  texts: readonly string[],
  labelPaths: readonly (readonly string[])[],
): EncoderScores {
  const tokenizer = new WordPieceTokenizer(built.vocab);
  const index = new Map(built.labelKeys.map((key, i) => [key, i]));
  const truth = labelPaths.map((path) => {
    const i = index.get(labelKey(path));
    if (i === undefined)
      throw new Error(`label ${labelKey(path)} is not in the encoder's label set`);
    return i;
  });
  const textEmb = embedTexts(tokenizer, built.model, texts);
  const labelEmb = embedTexts(tokenizer, built.model, built.labelTexts);
  const { dim } = built.model;
  return {
    nearestLabelTop1: nearestLabelTop1(textEmb, labelEmb, truth, dim),
    trueVsRandomLabelRate: trueVsRandomLabelRate(textEmb, labelEmb, truth, dim),
    count: texts.length,
  };
}
