import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BertTokenizer } from "@huggingface/transformers";
import { describe, expect, it } from "vitest";
import { labelPathToText } from "@/lib/core/encoder/label-text";
import { tokenizerConfigJson, tokenizerJson } from "@/lib/core/encoder/tokenizer-files";
import { buildWordPieceVocab, WordPieceTokenizer } from "@/lib/core/encoder/wordpiece";
import { readDemoTrainingData } from "./demo-data";
import { tokenizeWithTransformersJs } from "./tokenize";

const data = readDemoTrainingData(process.cwd());
const creatives = readFileSync(join(process.cwd(), "lib/demo/data/creatives.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { text: string }).text);
const labelTexts = data.taxonomyLabelPaths.map(labelPathToText);
const awkward = [
  "Héllo WORLD!! naïve café 東京 tower",
  "x\u0000y\u200bz\tq\r\nnew line",
  "[MASK] is [cls]here[SEP]",
  `${"a".repeat(150)} b`,
  "€100 deal™ 😀 ok — “quoted” ‘single’",
  "\u{20000}\u{20001} astral ideographs",
  "ǅ ﬁ Ⅻ ß İstanbul ÅNGSTRÖM",
  "",
  "   ",
  "don't stop-me now... 50% off @brand #sale",
];

describe("WordPieceTokenizer vs transformers.js", () => {
  // A vocabulary from half the corpus, so the other half exercises ## pieces and [UNK].
  const vocab = buildWordPieceVocab(creatives.slice(0, creatives.length / 2), {
    maxVocabSize: 4000,
  });
  const ours = new WordPieceTokenizer(vocab);
  const reference = new BertTokenizer(tokenizerJson(vocab), tokenizerConfigJson());

  it("gives the same ids on every demo creative, every label text and awkward input", () => {
    const texts = [...creatives, ...labelTexts, ...awkward];
    const ids = tokenizeWithTransformersJs(vocab, texts); // throws on the first disagreement
    expect(ids).toHaveLength(texts.length);
    expect(ids.some((seq) => seq.includes(1))).toBe(true); // some [UNK]s were exercised
    expect(ours.tokenize("Honda servicing").some((t) => t.startsWith("##"))).toBe(true);
  });

  it("truncates long texts as the pipeline's tokenizer call does", () => {
    const long = "book a service today ".repeat(200);
    const output = reference(long, { truncation: true, padding: true });
    const pipelineIds = Array.from(output.input_ids.data as BigInt64Array, Number);
    expect(Array.from(ours.encode(long))).toEqual(pipelineIds);
  });
});
