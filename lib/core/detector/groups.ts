import { runSearches, searchTopK, type Searching } from "@/lib/core/linalg/topkSearch";
import { suggestParent } from "./hierarchy";
import type { Signals } from "./types";

/** Close new-label candidates that one decision can label together. */
export interface CandidateGroup {
  /** Creative indices, the most central first. */
  members: number[];
  /** A name for the new label, from the members' generative labels (or texts) common terms. */
  suggestedName: string;
  /** Where the new label would go (segments; empty for the top level). */
  suggestedParent: string[];
  /** Mean cosine of the members to their centroid direction. */
  cohesion: number;
}

export interface GroupOptions {
  /** Cosine at which two candidates are linked into one group. */
  minSimilarity: number;
  /** Neighbours looked at per candidate when linking. */
  neighbours: number;
}

export const defaultGroupOptions: GroupOptions = { minSimilarity: 0.6, neighbours: 10 };

const stopwords = new Set(
  "a an and the of for to in on at by with from or & and/or your our you we is are new other misc miscellaneous services products"
    .split(" ")
    .filter(Boolean),
);

function terms(text: string): string[] {
  return [...new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u))].filter(
    (t) => t.length > 1 && !stopwords.has(t) && !/^\d+$/.test(t),
  );
}

const titleCase = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

/**
 * A name for a group: the most common last segment of its generative labels when a third of the
 * members share it; otherwise up to three terms found in at least half of the generative labels
 * (or, without any, of the texts), most frequent first.
 */
export function suggestGroupName(
  generativeLabels: readonly (string | undefined)[],
  texts: readonly string[] = [],
): string {
  const given = generativeLabels.filter((g): g is string => !!g && g.trim() !== "");
  const leaves = new Map<string, number>();
  for (const g of given) {
    const leaf = g
      .split(/\s*(?:>|\/)\s*/)
      .pop()!
      .trim();
    leaves.set(leaf.toLowerCase(), (leaves.get(leaf.toLowerCase()) ?? 0) + 1);
  }
  const [topLeaf, topCount] = [...leaves.entries()].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
  if (topLeaf && topCount * 3 >= Math.max(given.length, 2)) {
    return topLeaf.split(" ").map(titleCase).join(" ");
  }
  const source = given.length > 0 ? given : texts;
  const counts = new Map<string, number>();
  for (const s of source) for (const t of terms(s)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const common = [...counts.entries()]
    .filter(([, c]) => c * 2 >= source.length)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([t]) => titleCase(t));
  if (common.length > 0) return common.join(" ");
  const [fallback] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return fallback ? titleCase(fallback[0]) : "New label";
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]!]!;
    i = parent[i]!;
  }
  return i;
}

/**
 * Groups new-label candidates that are close to each other: candidates are linked when one is
 * among the other's nearest candidates with cosine >= `minSimilarity`, and groups are the
 * connected components (single linkage over a kNN graph: exact, blocked, no all-pairs matrix).
 * Largest groups first; a lone candidate is a group of one.
 */
export function groupNewLabelCandidates(
  candidates: readonly number[],
  texts: Float32Array,
  dim: number,
  context: {
    signals: Signals;
    labelPaths: readonly (readonly string[])[];
    generativeLabels?: readonly (string | undefined)[];
    creativeTexts?: readonly string[];
  },
  options: Partial<GroupOptions> = {},
): CandidateGroup[] {
  return runSearches(groupNewLabelCandidatesSteps(candidates, texts, dim, context, options));
}

/** {@link groupNewLabelCandidates} with its search left to the driver (see `topkSearch.ts`). */
export function* groupNewLabelCandidatesSteps(
  candidates: readonly number[],
  texts: Float32Array,
  dim: number,
  context: Parameters<typeof groupNewLabelCandidates>[3],
  options: Partial<GroupOptions> = {},
): Searching<CandidateGroup[]> {
  const o = { ...defaultGroupOptions, ...options };
  const count = candidates.length;
  const rows = new Float32Array(count * dim);
  candidates.forEach((c, i) => rows.set(texts.subarray(c * dim, (c + 1) * dim), i * dim));
  const nn = yield* searchTopK({
    queries: rows,
    references: rows,
    dim,
    k: Math.min(o.neighbours, Math.max(count - 1, 0)),
    excludeSelf: true,
  });
  const parent = Int32Array.from({ length: count }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    for (let t = 0; t < nn.k; t++) {
      const j = nn.indices[i * nn.k + t]!;
      if (j < 0 || nn.scores[i * nn.k + t]! < o.minSimilarity) break;
      parent[find(parent, i)] = find(parent, j);
    }
  }
  const components = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    // appended in place: copying the list per member is quadratic in the largest group
    const root = find(parent, i);
    const members = components.get(root);
    if (members) members.push(i);
    else components.set(root, [i]);
  }
  const { signals, labelPaths } = context;
  return [...components.values()]
    .map((local) => {
      const centroid = new Float64Array(dim);
      for (const i of local) for (let k = 0; k < dim; k++) centroid[k]! += rows[i * dim + k]!;
      const norm = Math.hypot(...centroid) || 1;
      const sims = local.map((i) => {
        let s = 0;
        for (let k = 0; k < dim; k++) s += (rows[i * dim + k]! * centroid[k]!) / norm;
        return s;
      });
      const order = local.map((i, r) => ({ i, s: sims[r]! })).sort((a, b) => b.s - a.s);
      const members = order.map(({ i }) => candidates[i]!);
      const nearby = members.flatMap((c) =>
        [0, 1, 2].map((t) => ({
          label: signals.topLabels[c * signals.topK + t] ?? -1,
          weight: Math.max(signals.topSims[c * signals.topK + t] ?? 0, 0),
        })),
      );
      return {
        members,
        suggestedName: suggestGroupName(
          members.map((c) => context.generativeLabels?.[c]),
          members.map((c) => context.creativeTexts?.[c] ?? ""),
        ),
        suggestedParent: suggestParent(labelPaths, nearby),
        cohesion: sims.reduce((a, b) => a + b, 0) / Math.max(sims.length, 1),
      };
    })
    .sort((a, b) => b.members.length - a.members.length || b.cohesion - a.cohesion);
}
