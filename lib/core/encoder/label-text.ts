/**
 * How a label path becomes the text that an encoder embeds. Every part of the product (the bundled
 * model's training, the detector, the map, exports for retraining) must embed labels the same way,
 * so they all call {@link labelPathToText}.
 */

/** Segment clean-up shared by all templates: `freeze_account` reads as `freeze account`. */
function cleanSegment(segment: string): string {
  return segment.replace(/_/g, " ").replace(/\s+/g, " ").trim();
}

/** Candidate templates, kept so an evaluation can compare them. */
export const labelTemplates = {
  /** `Bars, Alcohol`: leaf first, then its ancestors up to the root. */
  leafFirst: (path: readonly string[]): string =>
    path.map(cleanSegment).filter(Boolean).reverse().join(", "),
  /** `Alcohol > Bars`: the path as written. */
  rootFirst: (path: readonly string[]): string =>
    path.map(cleanSegment).filter(Boolean).join(" > "),
  /** `Bars`: the leaf alone (ambiguous where two branches share a leaf name). */
  leafOnly: (path: readonly string[]): string => cleanSegment(path[path.length - 1] ?? ""),
  /** `Bars (Alcohol)`: leaf and its parent only. */
  leafParent: (path: readonly string[]): string => {
    const clean = path.map(cleanSegment).filter(Boolean);
    const leaf = clean[clean.length - 1] ?? "";
    return clean.length > 1 ? `${leaf} (${clean[clean.length - 2]})` : leaf;
  },
} as const;

export type LabelTemplateName = keyof typeof labelTemplates;

/** The template in use; recorded in the bundled model's config.json. */
export const labelTemplateName: LabelTemplateName = "leafFirst";

/**
 * The text an encoder embeds for a label path, leaf first: `["Alcohol", "Bars"]` gives
 * `"Bars, Alcohol"`. Underscores read as spaces (`freeze_account`).
 *
 * Chosen by measurement with the bundled static model (nearest-label top-1, mean of seeds 1-3):
 * leaf first 0.948 on the demo eval split and 0.908 on CLINC150's test split; root first
 * (`Alcohol > Bars`) 0.945 and 0.908; the leaf alone was clearly worse (0.905 vs 0.935 on the demo
 * at 8 epochs, seed 1), because leaf names repeat across branches and ancestors' words help texts
 * that only match the branch. Leaf first and root first tie for a bag-of-tokens model, so the
 * tie-break is the transformer encoders a user can pick: the leaf is what distinguishes siblings,
 * and leading with it keeps it under any length limit and position bias.
 */
export function labelPathToText(path: readonly string[]): string {
  return labelTemplates[labelTemplateName](path);
}
