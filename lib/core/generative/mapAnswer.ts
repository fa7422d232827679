import { labelPathKey } from "../labelPath";
import { resolveLabel, type LabelIndex } from "../taxonomy/labelIndex";
import { nearestLabelsByWords, type LexicalIndex, type LexicalLabel } from "./lexicalIndex";

/** Below this similarity a generative answer names no existing label (it may be a new one). */
export const minMappingScore = 0.5;

/** The existing label a generative answer resolves to, and how sure that is (1: the exact path). */
export interface MappedAnswer<T> {
  label: T | null;
  score: number;
  how: "exact" | "suffix" | "lexical" | "none";
}

/**
 * Maps a model's free-text label onto the taxonomy: the exact path after normalisation (case,
 * spacing, any known separator); else a label whose path ends with the answer's segments (the model
 * dropped the top levels); else the closest label by shared words, kept when similar enough.
 */
export function mapAnswerToLabel<T extends LexicalLabel>(
  answer: string,
  exact: LabelIndex<T>,
  lexical: LexicalIndex<T>,
): MappedAnswer<T> {
  const found = resolveLabel(exact, answer);
  if (found) return { label: found, score: 1, how: "exact" };
  const segments = answer
    .split(exact.separator.trim() || exact.separator)
    .map((s) => s.trim())
    .filter(Boolean);
  if (segments.length > 0) {
    const tail = labelPathKey(segments);
    const suffixed = lexical.labels.filter(
      (l) =>
        l.path.length > segments.length && labelPathKey(l.path.slice(-segments.length)) === tail,
    );
    if (suffixed.length === 1) return { label: suffixed[0]!, score: 0.9, how: "suffix" };
  }
  const [best] = nearestLabelsByWords(lexical, answer, 1);
  if (!best) return { label: null, score: 0, how: "none" };
  const score = Math.round(best.score * 1000) / 1000;
  return best.score >= minMappingScore
    ? { label: best.label, score, how: "lexical" }
    : { label: null, score, how: "none" };
}
