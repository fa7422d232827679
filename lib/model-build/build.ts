import { labelPathToText, labelTemplateName } from "@/lib/core/encoder/label-text";
import type { StaticEmbeddingModel } from "@/lib/core/encoder/static-model";
import {
  modelConfigJson,
  tokenizerConfigJson,
  tokenizerJson,
} from "@/lib/core/encoder/tokenizer-files";
import {
  defaultTrainOptions,
  resolveEpochs,
  trainStaticEncoder,
  type EncoderTrainOptions,
} from "@/lib/core/encoder/trainer";
import { buildWordPieceVocab, type VocabOptions } from "@/lib/core/encoder/wordpiece";
import { tokenizeWithTransformersJs } from "./tokenize";

/** Inputs of {@link buildStaticEncoder}: labelled texts and the whole label set, as paths. */
export interface BuildStaticEncoderOptions {
  texts: readonly string[];
  /** Label path (segments, root first) of each text. */
  labelPaths: readonly (readonly string[])[];
  /** Every label of the taxonomy (segments), including ones with no texts. */
  taxonomyLabelPaths: readonly (readonly string[])[];
  seed: number;
  /** Label path to embedding text; defaults to the product-wide {@link labelPathToText}. */
  labelText?: (path: readonly string[]) => string;
  /** Also train each label's leaf name as a text of that label (helps labels with no texts). */
  leafNamesAsTexts?: boolean;
  vocab?: VocabOptions;
  train?: Partial<Omit<EncoderTrainOptions, "seed">>;
  log?: (line: string) => void;
}

/** A trained encoder with everything needed to write its model folder. */
export interface BuiltStaticEncoder {
  vocab: string[];
  model: StaticEmbeddingModel;
  /** Label keys (segments joined with ` > `) in label-index order, and their texts. */
  labelKeys: string[];
  labelTexts: string[];
  /** The training options used, with `epochs` resolved to a number. */
  train: Omit<EncoderTrainOptions, "onEpoch"> & { epochs: number };
  files: {
    config: Record<string, unknown>;
    tokenizer: Record<string, unknown>;
    tokenizerConfig: Record<string, unknown>;
  };
}

/**
 * Training defaults of the product build (the trainer's, unless a measurement said otherwise):
 * see the model card and the evaluation notes for the comparisons behind them.
 */
export const defaultBuildTrainOptions: Omit<EncoderTrainOptions, "onEpoch"> = {
  ...defaultTrainOptions,
};

/**
 * Vocabulary defaults: 12k entries x 192 dimensions keeps the fp32 + int8 model files under
 * 12 MB (5 bytes per table entry), inside the 15 MB budget for the shipped folder.
 */
export const defaultBuildVocabOptions: VocabOptions = { maxVocabSize: 12_000 };

export const labelKey = (path: readonly string[]): string => path.join(" > ");

/**
 * Builds the product's static-embedding text encoder from labelled texts: a WordPiece vocabulary
 * from the texts and label texts, tokenisation through transformers.js' tokenizer, then training
 * (softmax over all labels by default). The evaluation harness calls it on other datasets
 * (CLINC150, Amazon titles) to measure the same architecture; `npm run model:build` calls it on
 * the demo training split.
 */
export function buildStaticEncoder(options: BuildStaticEncoderOptions): BuiltStaticEncoder {
  const log = options.log ?? (() => {});
  const labelText = options.labelText ?? labelPathToText;
  if (options.texts.length !== options.labelPaths.length) {
    throw new Error("texts and labelPaths must have the same length");
  }
  const labelIndex = new Map<string, number>();
  const labelPaths: (readonly string[])[] = [];
  const addLabel = (path: readonly string[]): number => {
    const key = labelKey(path);
    let index = labelIndex.get(key);
    if (index === undefined) {
      index = labelPaths.length;
      labelIndex.set(key, index);
      labelPaths.push(path);
    }
    return index;
  };
  options.taxonomyLabelPaths.forEach(addLabel);
  const trainTexts = [...options.texts];
  const trainLabels = options.labelPaths.map(addLabel);
  if (options.leafNamesAsTexts) {
    labelPaths.forEach((path, index) => {
      trainTexts.push(path[path.length - 1] ?? "");
      trainLabels.push(index);
    });
  }
  const labelTexts = labelPaths.map((path) => labelText(path));

  const vocab = buildWordPieceVocab([...trainTexts, ...labelTexts], {
    ...defaultBuildVocabOptions,
    ...options.vocab,
  });
  log(
    `vocabulary: ${vocab.length} tokens from ${trainTexts.length} texts, ${labelTexts.length} labels`,
  );
  const textIds = tokenizeWithTransformersJs(vocab, trainTexts);
  const labelIds = tokenizeWithTransformersJs(vocab, labelTexts);

  const { onEpoch, ...rest } = {
    ...defaultBuildTrainOptions,
    ...options.train,
    seed: options.seed,
  };
  const train = { ...rest, epochs: resolveEpochs(trainTexts.length, rest) };
  const model = trainStaticEncoder(
    {
      vocabSize: vocab.length,
      texts: textIds,
      textLabels: Int32Array.from(trainLabels),
      labels: labelIds,
    },
    {
      ...train,
      onEpoch: (p) => {
        onEpoch?.(p);
        log(`epoch ${p.epoch}/${p.epochs}  loss ${p.loss.toFixed(4)}`);
      },
    },
  );
  return {
    vocab,
    model,
    labelKeys: labelPaths.map(labelKey),
    labelTexts,
    train,
    files: {
      config: modelConfigJson({
        dim: model.dim,
        vocabSize: vocab.length,
        labelTemplate: options.labelText ? "custom" : labelTemplateName,
      }),
      tokenizer: tokenizerJson(vocab),
      tokenizerConfig: tokenizerConfigJson(),
    },
  };
}
