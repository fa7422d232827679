import { z } from "zod";
import { splitLabelPath } from "@/lib/core/labelPath";
import { gatherRows } from "@/lib/core/linalg/rows";
import { labelTextFor, type ModelSpec } from "@/lib/core/models/registry";
import type { Decision, DetectorInput } from "./types";

/**
 * What a detector run needs from the database, in the shape both runners receive it: Node reads
 * it directly, the browser as JSON from `/api/detector-run` (vectors as base64 float32). The
 * builder below turns it into the detector's index-based input, with annotator decisions as the
 * combiner's training signal and as the trusted labels of the kNN reference set. The texts go
 * along for the supervised head, which trains on the same labels out of fold.
 */

export const decisionOutcomes = ["confirmed", "corrected", "new_label"] as const;

export const runCreativeSchema = z.object({
  id: z.number().int().positive(),
  text: z.string(),
  predictedLabelId: z.number().int().nullable(),
  predictedScore: z.number().nullable(),
  generativeValue: z.string().nullable(),
  /** The creative's latest standing decision (skips excluded), if any. */
  decision: z
    .object({ outcome: z.enum(decisionOutcomes), labelId: z.number().int().nullable() })
    .nullable(),
});
export type RunCreative = z.infer<typeof runCreativeSchema>;

export const runLabelSchema = z.object({
  id: z.number().int().positive(),
  path: z.array(z.string()),
});
export type RunLabel = z.infer<typeof runLabelSchema>;

/** Inputs of one run, vectors decoded; rows of `texts` follow `creatives`, of `labels` `labels`. */
export interface RunInputs {
  dim: number;
  creatives: readonly RunCreative[];
  labels: readonly RunLabel[];
  texts: Float32Array;
  labelVectors: Float32Array;
  /** `[creatives, dim]` generative-label embeddings; zero rows where a creative has none. */
  generative?: Float32Array;
  /**
   * `[creatives, dim]` image embeddings from the same (multimodal) model; zero rows where a
   * creative has no image vector. Absent when the model embedded no images.
   */
  images?: Float32Array;
}

/**
 * A decision, as the detector learns from it: taking the predicted label confirms it; taking any
 * other existing label corrects it; creating (or taking) a proposed label says the taxonomy
 * lacked one. `proposedLabelIds` are the labels annotators proposed.
 */
export function outcomeOf(
  decision: { action: string; labelId: number | null },
  predictedLabelId: number | null,
  proposedLabelIds: ReadonlySet<number>,
): (typeof decisionOutcomes)[number] | null {
  if (decision.action === "skip" || decision.labelId === null) return null;
  if (decision.action === "new_label" || proposedLabelIds.has(decision.labelId)) {
    return "new_label";
  }
  return decision.labelId === predictedLabelId ? "confirmed" : "corrected";
}

/**
 * Most reference rows a run keeps (decided creatives always count in full). Every creative is
 * searched against the reference set for its nearest neighbours, so without a bound the search
 * grows with the square of the dataset (a million creatives: 5 x 10^14 multiply-adds, hours);
 * 50,000 rows keep it linear and leave every label represented in proportion.
 */
export const defaultMaxReferenceRows = 50_000;

/** Options of {@link buildDetectorInput}. */
export interface BuildInputOptions {
  /** See {@link defaultMaxReferenceRows}. */
  maxReferenceRows?: number;
}

/**
 * The reference rows of a run: every decided creative, and the other labelled creatives, all of
 * them while they fit `maxRows`, else evenly spaced within each label in proportion to its
 * size (at least one a label), so the neighbours of a rare label's creatives remain.
 */
function referenceRowsOf(
  known: Int32Array,
  decided: ReadonlySet<number>,
  maxRows: number,
): number[] {
  const labelled = Array.from(known.keys()).filter((i) => known[i]! >= 0);
  if (labelled.length <= maxRows) return labelled;
  const byLabel = new Map<number, number[]>();
  for (const i of labelled) {
    if (decided.has(i)) continue;
    const rows = byLabel.get(known[i]!);
    if (rows) rows.push(i);
    else byLabel.set(known[i]!, [i]);
  }
  const undecided = labelled.length - decided.size;
  const ratio = Math.max(0, maxRows - decided.size) / undecided;
  const kept = [...decided];
  for (const rows of byLabel.values()) {
    const take = Math.min(rows.length, Math.max(1, Math.ceil(rows.length * ratio)));
    for (let t = 0; t < take; t++) kept.push(rows[Math.floor((t * rows.length) / take)]!);
  }
  return kept.sort((a, b) => a - b);
}

export function buildDetectorInput(
  inputs: RunInputs,
  options: BuildInputOptions = {},
): DetectorInput {
  const maxReferenceRows = options.maxReferenceRows ?? defaultMaxReferenceRows;
  if (!Number.isInteger(maxReferenceRows) || maxReferenceRows < 1) {
    throw new Error(`maxReferenceRows must be a positive integer, not ${maxReferenceRows}`);
  }
  const { dim, creatives, labels } = inputs;
  const labelIndex = new Map(labels.map((l, i) => [l.id, i]));
  const indexOf = (id: number | null) => (id === null ? -1 : (labelIndex.get(id) ?? -1));
  const predicted = Int32Array.from(creatives, (c) => indexOf(c.predictedLabelId));

  const decisions: Decision[] = [];
  /** The label each creative carries as far as anyone knows: decided, else predicted. */
  const known = new Int32Array(creatives.length);
  /** Creatives whose label an annotator gave: always trusted reference rows. */
  const decided = new Set<number>();
  creatives.forEach((c, i) => {
    known[i] = predicted[i]!;
    if (!c.decision) return;
    const label = indexOf(c.decision.labelId);
    if (c.decision.outcome === "new_label") {
      decisions.push({ creative: i, outcome: "new_label" });
      known[i] = label;
    } else if (label >= 0) {
      decisions.push({ creative: i, outcome: c.decision.outcome, label });
      known[i] = label;
    }
    if (known[i]! >= 0) decided.add(i);
  });
  const referenceRows = referenceRowsOf(known, decided, maxReferenceRows);
  const rowOfCreative = new Int32Array(creatives.length).fill(-1);
  referenceRows.forEach((creative, row) => (rowOfCreative[creative] = row));
  return {
    dim,
    texts: inputs.texts,
    creativeTexts: creatives.map((c) => c.text),
    labels: inputs.labelVectors,
    labelPaths: labels.map((l) => l.path),
    predicted,
    predictedScores: Float32Array.from(creatives, (c) => c.predictedScore ?? Number.NaN),
    ...(inputs.generative ? { generative: inputs.generative } : {}),
    ...(inputs.images ? { images: inputs.images } : {}),
    reference: {
      embeddings: gatherRows(inputs.texts, dim, referenceRows),
      labels: Int32Array.from(referenceRows, (i) => known[i]!),
      texts: referenceRows.map((i) => creatives[i]!.text),
      rowOfCreative,
    },
    decisions,
  };
}

/**
 * The text a generative label is embedded as: it is a label-like string (`Auto Service/Honda
 * Repair`), so it goes through the model's label template like taxonomy labels, split on
 * whichever separator it uses (the taxonomy's when it uses neither).
 */
export function generativeLabelText(model: ModelSpec, value: string, separator: string): string {
  const segments = splitLabelPath(
    value,
    value.includes(">") ? " > " : value.includes("/") ? "/" : separator,
  );
  return labelTextFor(model, segments.length > 0 ? segments : [value]);
}
