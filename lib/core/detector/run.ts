import { gatherRows } from "@/lib/core/linalg/rows";
import {
  runSearches,
  runSearchesWith,
  type Searching,
  type TopKSearch,
} from "@/lib/core/linalg/topkSearch";
import { detectSteps, detectorScore } from "./detect";
import { groupNewLabelCandidatesSteps, type GroupOptions } from "./groups";
import { diversifyOrder, orderByScore, orderByUncertainty, type DiversityOptions } from "./queue";
import { explainCreative } from "./reasons";
import type { DetectorInput, DetectorOptions, FlagName } from "./types";

/**
 * One detector run turned into what the queue stores: per creative its flag, score, signals,
 * reasons and nearest labels, its place in the diversified queue orders, and its new-label group.
 * Node (first start, `npm run score`; through {@link runDetectorWith}) and the browser's
 * detector worker (after a model switch or an import) both run this, so the queue cannot depend
 * on where the scores were computed.
 */

/** What is stored for one creative (indices refer to the detector input's rows and labels). */
export interface DetectorRunRow {
  flag: FlagName | null;
  score: number;
  /** Named numeric signals; only finite values (JSON has no NaN). */
  signals: Record<string, number>;
  reasons: string[];
  /** Best replacement labels, best first. */
  suggestions: { label: number; path: string; score: number }[];
  /** 0-based position in the diversified queue order by score, and by uncertainty. */
  scoreRank: number;
  uncertaintyRank: number;
  /** Index into {@link DetectorRun.groups}, or -1 when the creative is in no group. */
  group: number;
  /** Where a new label for this creative would go: a label index, or -1 (top level or none). */
  suggestedParent: number;
}

export interface DetectorRunGroup {
  /** Row indices, the most central first. */
  members: number[];
  suggestedName: string;
  /** Label index of the suggested parent, or -1 for the top level. */
  suggestedParent: number;
  cohesion: number;
}

export interface DetectorRun {
  rows: DetectorRunRow[];
  groups: DetectorRunGroup[];
  counts: { scored: number; wrongLabel: number; newLabel: number };
  /** The temperature the softmax signals used (fitted or default), for the record. */
  temperature: number;
}

export interface RunOptions {
  detector?: Partial<DetectorOptions>;
  diversity?: Partial<DiversityOptions>;
  grouping?: Partial<GroupOptions>;
}

/** Groups of one are not groups: a card shows "other members" only when there are some. */
const minGroupSize = 2;

/** What a run shows people besides the vectors: for group names. */
export interface RunContext {
  generativeValues?: readonly (string | null | undefined)[];
  creativeTexts?: readonly string[];
}

/**
 * Runs the detector with its own synchronous kernel: the browser's detector worker, and anything
 * that cannot wait.
 */
export function runDetector(
  input: DetectorInput,
  context: RunContext = {},
  options: RunOptions = {},
): DetectorRun {
  return runSearches(runDetectorSteps(input, context, options));
}

/**
 * {@link runDetector} with every top-k search answered by `search`: Node passes a native
 * runtime (see `lib/server/detector/ortTopKSearch.ts`), which answers asynchronously; with
 * the same answers the run is the same.
 */
export function runDetectorWith(
  search: TopKSearch,
  input: DetectorInput,
  context: RunContext = {},
  options: RunOptions = {},
): Promise<DetectorRun> {
  return runSearchesWith(runDetectorSteps(input, context, options), search);
}

function* runDetectorSteps(
  input: DetectorInput,
  context: RunContext,
  options: RunOptions,
): Searching<DetectorRun> {
  const result = yield* detectSteps(input, options.detector);
  const scores = detectorScore(result, input.predicted);
  const s = result.signals;
  const n = s.n;
  const pathIndex = new Map(input.labelPaths.map((p, i) => [p.join("\u0000"), i]));
  const labelOf = (path: readonly string[]) =>
    path.length === 0 ? -1 : (pathIndex.get(path.join("\u0000")) ?? -1);

  const rows: DetectorRunRow[] = [];
  const counts = { scored: n, wrongLabel: 0, newLabel: 0 };
  for (let i = 0; i < n; i++) {
    const explanation = explainCreative(result, input, i);
    const { wrongLabel: wrong, newLabel: fresh } = explanation;
    const flag: FlagName | null =
      wrong.flagged && fresh.flagged
        ? wrong.score - wrong.threshold >= fresh.score - fresh.threshold
          ? "wrong_label"
          : "new_label"
        : wrong.flagged
          ? "wrong_label"
          : fresh.flagged
            ? "new_label"
            : null;
    if (flag === "wrong_label") counts.wrongLabel++;
    if (flag === "new_label") counts.newLabel++;
    const signals = finite({
      simPredicted: s.simPredicted[i]!,
      rankPredicted: s.rankPredicted[i]!,
      bestSim: s.bestSim[i]!,
      margin: s.margin[i]!,
      selfConfidence: s.selfConfidence[i]!,
      knnDistance: s.knnDistance[i]!,
      // Only with creative texts: the supervised head's probability of the predicted label.
      headSelfConfidence: s.head?.selfConfidence[i] ?? Number.NaN,
      peerExcess: s.peers.peerExcess[i]!,
      // Only with image vectors (NaN is dropped): the image's cosine to the predicted label, its
      // rank of that label, and its cosine to the creative's own text.
      imageSimPredicted: s.imageSimPredicted[i]!,
      imageRankPredicted: s.imageRankPredicted[i]!,
      imageSimText: s.imageSimText[i]!,
      wrongLabelScore: wrong.score,
      newLabelScore: fresh.score,
    });
    rows.push({
      flag,
      score: Number.isFinite(scores[i]!) ? scores[i]! : 0,
      signals,
      reasons: flag === "new_label" ? fresh.reasons : flag === "wrong_label" ? wrong.reasons : [],
      suggestions: explanation.suggestions,
      scoreRank: 0,
      uncertaintyRank: 0,
      group: -1,
      suggestedParent: labelOf(fresh.suggestedParent),
    });
  }

  // Queue orders over the flagged creatives only (the queue never serves the rest), diversified
  // so that near-duplicates don't follow each other.
  const flagged = rows.map((r, i) => (r.flag ? i : -1)).filter((i) => i >= 0);
  const rank = (order: Int32Array, key: "scoreRank" | "uncertaintyRank") => {
    const local = diversifyOrder(order, gatherRows(input.texts, input.dim, flagged), input.dim, {
      ...options.diversity,
    });
    local.forEach((localIndex, position) => (rows[flagged[localIndex]!]![key] = position));
  };
  rank(orderByScore(Float32Array.from(flagged, (i) => rows[i]!.score)), "scoreRank");
  rank(orderByUncertainty(Float32Array.from(flagged, (i) => s.margin[i]!)), "uncertaintyRank");
  rows.forEach((row) => {
    if (!row.flag) row.scoreRank = row.uncertaintyRank = flagged.length;
  });

  const candidates = flagged.filter((i) => rows[i]!.flag === "new_label");
  const candidateGroups = yield* groupNewLabelCandidatesSteps(
    candidates,
    input.texts,
    input.dim,
    {
      signals: s,
      labelPaths: input.labelPaths,
      generativeLabels: context.generativeValues?.map((g) => g ?? undefined),
      creativeTexts: context.creativeTexts,
    },
    options.grouping,
  );
  const groups: DetectorRunGroup[] = candidateGroups
    .filter((g) => g.members.length >= minGroupSize)
    .map((g) => ({
      members: g.members,
      suggestedName: g.suggestedName,
      suggestedParent: labelOf(g.suggestedParent),
      cohesion: g.cohesion,
    }));
  groups.forEach((g, index) => g.members.forEach((m) => (rows[m]!.group = index)));
  return { rows, groups, counts, temperature: s.temperature };
}

function finite(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => Number.isFinite(v)));
}
