/**
 * Character error rate: how far an OCR text is from the text really on the image. Runs of
 * whitespace count as one space and the ends are trimmed first, because line breaks and layout
 * gaps are not characters an annotator reads; case is kept (an ad's "FREE" and "free" differ).
 */

/** Whitespace runs to one space, trimmed. */
export function normaliseOcrText(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Levenshtein distance between two strings, by code point, in O(min(a, b)) memory. */
export function editDistance(a: string, b: string): number {
  let s = Array.from(a);
  let t = Array.from(b);
  if (s.length < t.length) [s, t] = [t, s];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  let current = new Array<number>(t.length + 1).fill(0);
  for (let i = 1; i <= s.length; i++) {
    current[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const substitution = previous[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[t.length]!;
}

/** Edits and reference length of one image, to sum over a corpus. */
export interface CerCount {
  edits: number;
  referenceLength: number;
}

/** Edits needed to turn the OCR text into the reference, after normalising both. */
export function cerCount(reference: string, hypothesis: string): CerCount {
  const ref = normaliseOcrText(reference);
  return {
    edits: editDistance(ref, normaliseOcrText(hypothesis)),
    referenceLength: Array.from(ref).length,
  };
}

/**
 * Corpus CER: all edits over all reference characters (so long texts weigh by their length,
 * not as one image each). 0 for an empty corpus.
 */
export function corpusCer(counts: readonly CerCount[]): number {
  let edits = 0;
  let length = 0;
  for (const count of counts) {
    edits += count.edits;
    length += count.referenceLength;
  }
  return length === 0 ? 0 : edits / length;
}
