import { createPrng, type Prng } from "@/lib/core/encoder/prng";

/**
 * The evaluation protocol of issue 4, pure: split the rows, hold out a share of leaf labels (and
 * rows marked new, such as CLINC's out-of-scope texts) as labels the taxonomy lacks, and keep
 * a calibration part beside the test part (its ground truth plays the annotators' decisions).
 */

/** One row of an evaluation file. */
export interface EvalRow {
  text: string;
  labelPath: string[];
  /** The file's own split, if any (`train`, `val`/`valid`/`dev`, `test`, `oos_*`). */
  split?: string;
  /** The classifier's prediction, where the file has one. */
  predicted?: string[];
  /** Marked as needing a label the taxonomy lacks (`is_new`, `is_oos`, or label `oos`). */
  isNew: boolean;
}

export type Part = "calibration" | "test";

/** A scored item: a calibration or test row with its true label index (-1: a new label). */
export interface EvalItem {
  text: string;
  truth: number;
  part: Part;
  /** The file's prediction as a label index (-1: outside the taxonomy or none). */
  givenPredicted: number;
  /** The held-out or new label's path, to simulate a prediction near it. */
  truePath: string[];
}

export interface PreparedEvaluation {
  taxonomy: string[][];
  train: { text: string; label: number }[];
  items: EvalItem[];
  heldOutLabels: string[];
}

export interface ProtocolOptions {
  seed: number;
  /** Share of leaf labels held out as missing from the taxonomy. */
  heldOutShare: number;
  /** Shares of rows without a split column that go to training and calibration (rest: test). */
  trainShare: number;
  calibrationShare: number;
  /** Caps (seeded subsamples) that keep a run within minutes on two cores. */
  maxTrain: number;
  maxCalibration: number;
  maxTest: number;
}

export const defaultProtocolOptions: ProtocolOptions = {
  seed: 1,
  heldOutShare: 0.1,
  trainShare: 0.7,
  calibrationShare: 0.1,
  maxTrain: 15_000,
  maxCalibration: 1_000,
  maxTest: 6_000,
};

export const labelKey = (path: readonly string[]) => path.join(" > ");

/** `a > b > c` or `a/b/c` to segments. */
export function parseLabelPath(text: string): string[] {
  const separator = text.includes(">") ? ">" : "/";
  return text
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);
}

function fileSplit(split: string | undefined): "train" | "calibration" | "test" | undefined {
  const s = (split ?? "").toLowerCase().replace(/^oos_/, "");
  if (s === "train") return "train";
  if (s === "val" || s === "valid" || s === "validation" || s === "dev") return "calibration";
  if (s === "test") return "test";
  return undefined;
}

/** A seeded sample of at most `max` items, in their original order. */
export function sampleUpTo<T>(items: readonly T[], max: number, prng: Prng): T[] {
  if (items.length <= max) return [...items];
  const keys = items.map(() => prng.next());
  const cut = [...keys].sort((a, b) => a - b)[max - 1]!;
  return items.filter((_, i) => keys[i]! <= cut).slice(0, max);
}

/** Splits rows, picks held-out labels and builds the taxonomy the model and detector see. */
export function prepareEvaluation(
  rows: readonly EvalRow[],
  options: Partial<ProtocolOptions> = {},
): PreparedEvaluation {
  const o = { ...defaultProtocolOptions, ...options };
  const prng = createPrng(o.seed);
  const known = new Map<string, string[]>();
  for (const row of rows) if (!row.isNew) known.set(labelKey(row.labelPath), row.labelPath);
  const keys = [...known.keys()].sort();
  const isLeaf = (key: string) => !keys.some((k) => k !== key && k.startsWith(`${key} > `));
  const leaves = keys.filter(isLeaf);
  const heldOutCount = Math.round(leaves.length * o.heldOutShare);
  const heldOut = new Set(sampleUpTo(leaves, heldOutCount, prng));
  const taxonomyKeys = keys.filter((k) => !heldOut.has(k));
  const index = new Map(taxonomyKeys.map((k, i) => [k, i]));

  const parts = { train: [] as EvalRow[], calibration: [] as EvalRow[], test: [] as EvalRow[] };
  for (const row of rows) {
    let part = fileSplit(row.split);
    if (!part) {
      const u = prng.next();
      part =
        u < o.trainShare ? "train" : u < o.trainShare + o.calibrationShare ? "calibration" : "test";
    }
    const isNew = row.isNew || heldOut.has(labelKey(row.labelPath));
    if (part === "train" && isNew) continue; // a missing label has no training texts
    parts[part].push(row);
  }
  const toItem =
    (part: Part) =>
    (row: EvalRow): EvalItem => {
      const key = labelKey(row.labelPath);
      const isNew = row.isNew || heldOut.has(key);
      return {
        text: row.text,
        truth: isNew ? -1 : (index.get(key) ?? -1),
        part,
        givenPredicted: row.predicted ? (index.get(labelKey(row.predicted)) ?? -1) : -1,
        truePath: row.labelPath,
      };
    };
  return {
    taxonomy: taxonomyKeys.map((k) => known.get(k)!),
    train: sampleUpTo(parts.train, o.maxTrain, prng).map((row) => ({
      text: row.text,
      label: index.get(labelKey(row.labelPath))!,
    })),
    items: [
      ...sampleUpTo(parts.calibration, o.maxCalibration, prng).map(toItem("calibration")),
      ...sampleUpTo(parts.test, o.maxTest, prng).map(toItem("test")),
    ],
    heldOutLabels: [...heldOut].sort(),
  };
}
