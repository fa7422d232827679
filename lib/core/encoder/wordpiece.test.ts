import { describe, expect, it } from "vitest";
import { bertWords } from "./bert-text";
import {
  buildWordPieceVocab,
  clsId,
  modelMaxLength,
  sepId,
  specialTokens,
  unkId,
  WordPieceTokenizer,
} from "./wordpiece";

const corpus = [
  "Book your car service today",
  "Car service and repair near you",
  "Servicing for every car, every day",
  "Repair deals: book now!",
  "Book a repair",
];

describe("bertWords", () => {
  it("lowercases, strips accents and splits punctuation like BertNormalizer + BertPreTokenizer", () => {
    expect(bertWords("Héllo, WORLD!! naïve café")).toEqual([
      "hello",
      ",",
      "world",
      "!",
      "!",
      "naive",
      "cafe",
    ]);
    expect(bertWords("東京 tower")).toEqual(["東", "京", "tower"]);
    expect(bertWords("a\u0000b\u200bc\td")).toEqual(["abc", "d"]);
    expect(bertWords("€100 deal™")).toEqual(["€100", "deal™"]);
  });
});

describe("buildWordPieceVocab", () => {
  const vocab = buildWordPieceVocab(corpus, { minWordCount: 2, minPieceCount: 2 });

  it("starts with the special tokens and has every character alone and as ##", () => {
    expect(vocab.slice(0, 5)).toEqual([...specialTokens]);
    for (const c of "bookyurcervitdalpnw") {
      expect(vocab).toContain(c);
      expect(vocab).toContain(`##${c}`);
    }
  });

  it("keeps frequent words whole and leaves words seen once to pieces", () => {
    expect(vocab).toContain("book");
    expect(vocab).toContain("repair");
    expect(vocab).not.toContain("servicing");
    expect(vocab).toContain("serv");
  });

  it("is deterministic and respects the size cap", () => {
    expect(buildWordPieceVocab(corpus, { minWordCount: 2, minPieceCount: 2 })).toEqual(vocab);
    expect(buildWordPieceVocab(corpus, { maxVocabSize: 30 })).toHaveLength(30);
  });
});

describe("WordPieceTokenizer", () => {
  const tokenizer = new WordPieceTokenizer([
    ...specialTokens,
    "book",
    "serv",
    "##ice",
    "##ing",
    "s",
    "##s",
    "!",
  ]);

  it("wraps texts in [CLS] ... [SEP] and splits unknown words greedily into pieces", () => {
    expect(tokenizer.tokenize("Book service servings!")).toEqual([
      "[CLS]",
      "book",
      "serv",
      "##ice",
      "serv",
      "##ing",
      "##s",
      "!",
      "[SEP]",
    ]);
    expect(tokenizer.tokenize("books")).toEqual(["[CLS]", "book", "##s", "[SEP]"]);
  });

  it("maps a word with any unmatched part to a single [UNK]", () => {
    const ids = tokenizer.encode("bookx serv");
    expect(Array.from(ids)).toEqual([clsId, unkId, tokenizer.tokenId("serv"), sepId]);
    expect(tokenizer.tokenize("s".repeat(101))).toEqual(["[CLS]", "[UNK]", "[SEP]"]);
  });

  it("keeps literal special tokens whole, as added tokens", () => {
    expect(tokenizer.tokenize("book [MASK]s")).toEqual(["[CLS]", "book", "[MASK]", "s", "[SEP]"]);
  });

  it("cuts long texts to model_max_length after adding specials, as transformers.js does", () => {
    const ids = tokenizer.encode("book ".repeat(600));
    expect(ids).toHaveLength(modelMaxLength);
    expect(ids[0]).toBe(clsId);
    expect(ids[modelMaxLength - 1]).toBe(tokenizer.tokenId("book"));
  });

  it("rejects a vocabulary without the specials in front", () => {
    expect(() => new WordPieceTokenizer(["a", "b"])).toThrow();
  });
});
