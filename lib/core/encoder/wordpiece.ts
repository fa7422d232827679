import { bertWords } from "./bert-text";

/** The special tokens, in id order: their ids are 0..4 in every vocabulary this module builds. */
export const specialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;
export const padId = 0;
export const unkId = 1;
export const clsId = 2;
export const sepId = 3;
export const maskId = 4;

/** Prefix of a WordPiece piece that continues a word (`run ##ning`). */
export const continuingPrefix = "##";

/**
 * Longest sequence the app's tokenizer produces, [CLS] and [SEP] included. Static embeddings have
 * no position limit, but transformers.js truncates to `model_max_length`, so training must too.
 */
export const modelMaxLength = 512;

/** Special tokens written literally in a text are kept whole, as tokenizers' added tokens are. */
const specialTokenPattern = /\[(?:PAD|UNK|CLS|SEP|MASK)\]/g;

/** Words longer than this many code points become [UNK], as in tokenizers.js. */
export const maxInputCharsPerWord = 100;

/**
 * A WordPiece tokenizer equal to the one transformers.js builds from our tokenizer.json
 * (BertNormalizer, BertPreTokenizer, greedy longest-match-first WordPiece, `[CLS] $A [SEP]`,
 * truncation to {@link modelMaxLength}). It exists so that pure code (training in a worker, tests)
 * can tokenize without loading transformers.js; a test checks it against transformers.js.
 */
export class WordPieceTokenizer {
  readonly vocab: readonly string[];
  private readonly ids: Map<string, number>;
  private readonly wordCache = new Map<string, readonly number[]>();

  constructor(vocab: readonly string[]) {
    this.vocab = vocab;
    this.ids = new Map(vocab.map((token, id) => [token, id]));
    specialTokens.forEach((token, id) => {
      if (this.ids.get(token) !== id)
        throw new Error(`vocabulary must start with ${token} at ${id}`);
    });
  }

  get size(): number {
    return this.vocab.length;
  }

  /** The id of a token string, or undefined. */
  tokenId(token: string): number | undefined {
    return this.ids.get(token);
  }

  /** WordPiece ids of one pre-tokenised word (greedy longest match; [UNK] if any part fails). */
  encodeWord(word: string): readonly number[] {
    const cached = this.wordCache.get(word);
    if (cached) return cached;
    const chars = [...word];
    const pieces = chars.length > maxInputCharsPerWord ? [unkId] : this.greedyPieces(chars);
    if (this.wordCache.size < 200_000) this.wordCache.set(word, pieces);
    return pieces;
  }

  private greedyPieces(chars: readonly string[]): number[] {
    const pieces: number[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let found = -1;
      while (start < end) {
        const body = chars.slice(start, end).join("");
        const id = this.ids.get(start > 0 ? continuingPrefix + body : body);
        if (id !== undefined) {
          found = id;
          break;
        }
        end--;
      }
      if (found < 0) return [unkId];
      pieces.push(found);
      start = end;
    }
    return pieces;
  }

  /**
   * Token ids of a text as the app's pipeline produces them: `[CLS] pieces... [SEP]`, then cut to
   * {@link modelMaxLength} the way transformers.js cuts (after adding specials, so a cut text loses
   * its [SEP]).
   */
  encode(text: string): Int32Array {
    const ids: number[] = [clsId];
    let previous = 0;
    for (const match of text.matchAll(specialTokenPattern)) {
      this.pushWords(text.slice(previous, match.index), ids);
      ids.push(this.ids.get(match[0]) ?? unkId);
      previous = match.index + match[0].length;
    }
    this.pushWords(text.slice(previous), ids);
    ids.push(sepId);
    return Int32Array.from(ids.length > modelMaxLength ? ids.slice(0, modelMaxLength) : ids);
  }

  private pushWords(segment: string, ids: number[]): void {
    for (const word of bertWords(segment)) {
      if (ids.length >= modelMaxLength) return;
      for (const id of this.encodeWord(word)) ids.push(id);
    }
  }

  /** Token strings of a text, for tests and debugging. */
  tokenize(text: string): string[] {
    return Array.from(this.encode(text), (id) => this.vocab[id] ?? "[UNK]");
  }
}

/** Options for {@link buildWordPieceVocab}; defaults suit corpora of a few thousand to 20k texts. */
export interface VocabOptions {
  /** Total vocabulary size cap, specials included. */
  maxVocabSize?: number;
  /** A word becomes a whole-word token when it occurs at least this often. */
  minWordCount?: number;
  /** A subword piece is kept when its weighted count is at least this. */
  minPieceCount?: number;
  /** Longest subword piece, in code points (without the `##`). */
  maxPieceLength?: number;
  /** Fraction of the non-alphabet budget that whole words may take. */
  wordShare?: number;
}

function sortByCount(counts: Map<string, number>, min: number): string[] {
  return [...counts.entries()]
    .filter(([, count]) => count >= min)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([token]) => token);
}

/**
 * Builds a WordPiece vocabulary from a corpus: specials, every character seen (alone and as
 * `##c`, so no seen character ever yields [UNK]), frequent whole words, then word-initial and
 * `##` continuation character n-grams ranked by how many word occurrences contain them.
 *
 * Why words + n-gram pieces instead of BPE-style merges: the corpora are small (thousands of
 * texts) and the point of the pieces is robustness to unseen words (brand names, inflections),
 * like the word + char-3-gram features of the prototype. Rare words (below `minWordCount`) are
 * left out on purpose, so training splits them into pieces and the pieces learn to carry meaning
 * for words first seen in production. Ties break lexicographically: the result is deterministic.
 */
export function buildWordPieceVocab(texts: Iterable<string>, options: VocabOptions = {}): string[] {
  const maxVocabSize = options.maxVocabSize ?? 20_000;
  const minWordCount = options.minWordCount ?? 2;
  const minPieceCount = options.minPieceCount ?? 3;
  const maxPieceLength = options.maxPieceLength ?? 6;
  const wordShare = options.wordShare ?? 0.6;

  const wordCounts = new Map<string, number>();
  for (const text of texts) {
    for (const word of bertWords(text)) wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
  }
  const charCounts = new Map<string, number>();
  const pieceCounts = new Map<string, number>();
  for (const [word, count] of wordCounts) {
    const chars = [...word];
    if (chars.length > maxInputCharsPerWord) continue;
    for (const c of chars) charCounts.set(c, (charCounts.get(c) ?? 0) + count);
    for (let start = 0; start < chars.length; start++) {
      const longest = Math.min(chars.length - start, maxPieceLength);
      for (let len = 2; len <= longest; len++) {
        if (start === 0 && len === chars.length) continue; // the whole word is not a piece
        const body = chars.slice(start, start + len).join("");
        const piece = start === 0 ? body : continuingPrefix + body;
        pieceCounts.set(piece, (pieceCounts.get(piece) ?? 0) + count);
      }
    }
  }

  const vocab: string[] = [...specialTokens];
  const seen = new Set<string>(vocab);
  const add = (token: string): void => {
    if (!seen.has(token) && vocab.length < maxVocabSize) {
      seen.add(token);
      vocab.push(token);
    }
  };
  for (const c of sortByCount(charCounts, 1)) {
    add(c);
    add(continuingPrefix + c);
  }
  const budget = maxVocabSize - vocab.length;
  const words = sortByCount(wordCounts, minWordCount).filter((w) => [...w].length > 1);
  const wordBudget = Math.floor(budget * wordShare);
  words.slice(0, wordBudget).forEach(add);
  for (const piece of sortByCount(pieceCounts, minPieceCount)) add(piece);
  for (const word of words.slice(wordBudget)) add(word);
  return vocab;
}
