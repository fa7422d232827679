import type { LabelPath } from "../labelPath";
import { krippendorffAlpha } from "./alpha";
import { consensusOf, referenceLabel } from "./consensus";
import { hierarchicalDistanceOf, pathAgreement } from "./hierarchy";
import { cohensKappa } from "./kappa";

/** One decided unit (a creative): the annotators' labels and what the models proposed. */
export interface AgreementUnit {
  unit: number;
  /** One current label per annotator, overruled ones included: they are what the annotator said. */
  votes: readonly { annotator: string; label: string }[];
  /** The label an admin's review settled, if any. */
  settled: string | null;
  classifier: string | null;
  /** The taxonomy label the generative model's free text resolved to; null when it named none. */
  generative: string | null;
}

export interface PairKappa {
  annotators: [string, string];
  units: number;
  kappa: number | null;
}

export interface AnnotatorAgreement {
  annotator: string;
  /** Units the annotator labelled. */
  units: number;
  /** Of those, units with another annotator and a consensus or settled label to compare with. */
  compared: number;
  exact: number | null;
  hierarchical: number | null;
  /** Mean of the annotator's pairwise kappas with the others. */
  kappa: number | null;
}

export interface ModelAccuracy {
  source: "classifier" | "generative";
  /** Units with a reference label. */
  units: number;
  /** Of those, units where the model named a taxonomy label at all. */
  covered: number;
  /** Exact and hierarchical accuracy over all units with a reference (no label counts as wrong). */
  exact: number | null;
  hierarchical: number | null;
}

export interface AgreementReport {
  units: number;
  overlapUnits: number;
  /** Pairs of annotators' labels on the same unit: share identical, mean hierarchical credit. */
  pairwise: { pairs: number; exact: number | null; hierarchical: number | null };
  kappa: { mean: number | null; pairs: PairKappa[] };
  alpha: { nominal: number | null; hierarchical: number | null };
  annotators: AnnotatorAgreement[];
  models: ModelAccuracy[];
}

const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;

/**
 * Every agreement figure the Metrics page shows, from the decided units: pairwise agreement (exact
 * and hierarchical), Cohen's kappa per pair of annotators who shared at least one unit,
 * Krippendorff's alpha (nominal and hierarchical), each annotator against the consensus, and the
 * classifier's and generative model's accuracy against the reference (settled, else consensus,
 * else the single annotator's label; ties awaiting review have none).
 */
export function agreementReport(
  units: readonly AgreementUnit[],
  pathOf: (label: string) => LabelPath | undefined,
): AgreementReport {
  const credit = (a: string, b: string): number => {
    if (a === b) return 1;
    const pa = pathOf(a);
    const pb = pathOf(b);
    return pa && pb ? pathAgreement(pa, pb) : 0;
  };
  const overlap = units.filter((u) => u.votes.length >= 2);
  const exactPairs: number[] = [];
  const creditPairs: number[] = [];
  const byPair = new Map<string, [string, string][]>();
  for (const u of overlap) {
    const votes = [...u.votes].sort((a, b) => a.annotator.localeCompare(b.annotator));
    for (let i = 0; i < votes.length; i++)
      for (let j = i + 1; j < votes.length; j++) {
        const a = votes[i]!;
        const b = votes[j]!;
        exactPairs.push(a.label === b.label ? 1 : 0);
        creditPairs.push(credit(a.label, b.label));
        const key = JSON.stringify([a.annotator, b.annotator]);
        const list = byPair.get(key) ?? [];
        list.push([a.label, b.label]);
        byPair.set(key, list);
      }
  }
  const pairs: PairKappa[] = [...byPair].map(([key, labels]) => ({
    annotators: JSON.parse(key) as [string, string],
    units: labels.length,
    kappa: cohensKappa(labels),
  }));
  const labelSets = overlap.map((u) => u.votes.map((v) => v.label));

  const perAnnotator = new Map<string, { units: number; exact: number[]; credit: number[] }>();
  for (const u of units) {
    const reference = referenceLabel(
      consensusOf(
        u.votes.map((v) => v.label),
        u.settled,
      ),
    );
    for (const vote of u.votes) {
      const entry = perAnnotator.get(vote.annotator) ?? { units: 0, exact: [], credit: [] };
      entry.units++;
      if (reference !== null && (u.votes.length >= 2 || u.settled !== null)) {
        entry.exact.push(vote.label === reference ? 1 : 0);
        entry.credit.push(credit(vote.label, reference));
      }
      perAnnotator.set(vote.annotator, entry);
    }
  }
  const annotators = [...perAnnotator]
    .map(([annotator, e]) => ({
      annotator,
      units: e.units,
      compared: e.exact.length,
      exact: mean(e.exact),
      hierarchical: mean(e.credit),
      kappa: mean(
        pairs
          .filter((p) => p.annotators.includes(annotator) && p.kappa !== null)
          .map((p) => p.kappa!),
      ),
    }))
    .sort((a, b) => a.annotator.localeCompare(b.annotator));

  const models = (["classifier", "generative"] as const).map((source) => {
    const exact: number[] = [];
    const scored: number[] = [];
    let covered = 0;
    for (const u of units) {
      const reference = referenceLabel(
        consensusOf(
          u.votes.map((v) => v.label),
          u.settled,
        ),
      );
      if (reference === null) continue;
      const predicted = u[source];
      if (predicted !== null) covered++;
      exact.push(predicted === reference ? 1 : 0);
      scored.push(predicted === null ? 0 : credit(predicted, reference));
    }
    return { source, units: exact.length, covered, exact: mean(exact), hierarchical: mean(scored) };
  });

  return {
    units: units.length,
    overlapUnits: overlap.length,
    pairwise: {
      pairs: exactPairs.length,
      exact: mean(exactPairs),
      hierarchical: mean(creditPairs),
    },
    kappa: { mean: mean(pairs.filter((p) => p.kappa !== null).map((p) => p.kappa!)), pairs },
    alpha: {
      nominal: krippendorffAlpha(labelSets),
      hierarchical: krippendorffAlpha(labelSets, hierarchicalDistanceOf(pathOf)),
    },
    annotators,
    models,
  };
}
