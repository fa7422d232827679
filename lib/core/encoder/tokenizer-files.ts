import { continuingPrefix, maxInputCharsPerWord, modelMaxLength, specialTokens } from "./wordpiece";

/**
 * The Hugging Face `tokenizer.json` for a WordPiece vocabulary: the exact pipeline
 * {@link WordPieceTokenizer} implements, so transformers.js (browser and Node) and our own code
 * tokenize alike. Specials are `added_tokens` (matched in raw text, as BERT's are).
 */
export function tokenizerJson(vocab: readonly string[]): Record<string, unknown> {
  const id = (token: string): number => {
    const index = vocab.indexOf(token);
    if (index < 0) throw new Error(`vocabulary lacks ${token}`);
    return index;
  };
  const special = (token: string) => ({ SpecialToken: { id: token, type_id: 0 } });
  const vocabObject: Record<string, number> = {};
  vocab.forEach((token, index) => {
    vocabObject[token] = index;
  });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: specialTokens.map((token) => ({
      id: id(token),
      content: token,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: "BertNormalizer",
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [special("[CLS]"), { Sequence: { id: "A", type_id: 0 } }, special("[SEP]")],
      pair: [
        special("[CLS]"),
        { Sequence: { id: "A", type_id: 0 } },
        special("[SEP]"),
        { Sequence: { id: "B", type_id: 1 } },
        { SpecialToken: { id: "[SEP]", type_id: 1 } },
      ],
      special_tokens: {
        "[CLS]": { id: "[CLS]", ids: [id("[CLS]")], tokens: ["[CLS]"] },
        "[SEP]": { id: "[SEP]", ids: [id("[SEP]")], tokens: ["[SEP]"] },
      },
    },
    decoder: { type: "WordPiece", prefix: continuingPrefix, cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: continuingPrefix,
      max_input_chars_per_word: maxInputCharsPerWord,
      vocab: vocabObject,
    },
  };
}

/** `tokenizer_config.json`: transformers.js needs it to pick the tokenizer class and specials. */
export function tokenizerConfigJson(): Record<string, unknown> {
  return {
    tokenizer_class: "BertTokenizer",
    do_lower_case: true,
    tokenize_chinese_chars: true,
    strip_accents: null,
    model_max_length: modelMaxLength,
    clean_up_tokenization_spaces: true,
    pad_token: "[PAD]",
    unk_token: "[UNK]",
    cls_token: "[CLS]",
    sep_token: "[SEP]",
    mask_token: "[MASK]",
  };
}

/** Facts about a static-embedding model that `config.json` records beside the BERT fields. */
export interface StaticModelConfig {
  dim: number;
  vocabSize: number;
  /** Free-form description of the label template, so a loader can check it uses the same one. */
  labelTemplate: string;
}

/**
 * `config.json`. `model_type: "bert"` makes transformers.js load it as an encoder whose ONNX
 * graph takes input_ids + attention_mask and returns last_hidden_state; the layer counts are 0
 * because the whole model is one embedding table.
 */
export function modelConfigJson(config: StaticModelConfig): Record<string, unknown> {
  return {
    model_type: "bert",
    architectures: ["BertModel"],
    hidden_size: config.dim,
    vocab_size: config.vocabSize,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: config.dim,
    max_position_embeddings: modelMaxLength,
    type_vocab_size: 1,
    pad_token_id: 0,
    creative_triage: {
      architecture: "static-embedding",
      pooling: "mean",
      normalize: true,
      label_template: config.labelTemplate,
    },
  };
}

/**
 * Reads the vocabulary back from a tokenizer.json written by {@link tokenizerJson} (for example
 * fetched from the model folder in a worker), as the id-ordered token list.
 */
export function vocabFromTokenizerJson(json: unknown): string[] {
  const model = (json as { model?: { type?: unknown; vocab?: unknown } } | null)?.model;
  if (!model || model.type !== "WordPiece" || typeof model.vocab !== "object" || !model.vocab) {
    throw new Error("tokenizer.json: expected a WordPiece model with a vocab object");
  }
  const entries = Object.entries(model.vocab as Record<string, unknown>);
  const vocab = new Array<string>(entries.length);
  for (const [token, id] of entries) {
    if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id >= entries.length) {
      throw new Error(`tokenizer.json: bad id for token ${JSON.stringify(token)}`);
    }
    vocab[id] = token;
  }
  if (vocab.some((token) => token === undefined)) throw new Error("tokenizer.json: ids have gaps");
  return vocab;
}
