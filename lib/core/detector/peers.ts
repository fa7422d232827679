import { gatherRows } from "@/lib/core/linalg/rows";
import { runSearches, searchTopK, type Searching } from "@/lib/core/linalg/topkSearch";

/**
 * Cluster evidence for labels the taxonomy lacks. One creative far from every label may be an
 * odd phrasing; several scored creatives close to one another and far from every trusted one are
 * a kind of creative nobody has labelled yet. So each creative is compared with its nearest
 * fellow scored creatives ("peers") as well as with the trusted reference: a creative whose peers
 * are closer than its trusted neighbours sits in a cluster of its own, and a creative whose peers
 * are themselves novel inherits their evidence.
 */
export interface PeerSignals {
  /** Mean cosine to the nearest peers (NaN: not searched). */
  peerSim: Float32Array;
  /** `peerSim` minus the mean cosine to as many nearest reference creatives. */
  peerExcess: Float32Array;
  /** The peers' novelty, similarity-weighted (NaN: not searched). */
  peerNovelty: Float32Array;
}

export interface PeerOptions {
  /** Peers per creative. */
  k: number;
  /**
   * Most creatives searched among one another (the likeliest new ones by `novelty`), bounding
   * the quadratic search on large datasets; the rest get NaN (neutral to the combiner).
   */
  maxCandidates: number;
}

export const defaultPeerOptions: PeerOptions = { k: 10, maxCandidates: 8_000 };

/**
 * Peer signals of every creative. `novelty` is a per-creative novelty score (higher = farther
 * from what is known); `referenceSims` the sorted cosines to the nearest reference creatives,
 * `referenceK` per row (-Infinity where fewer exist).
 */
export function peerSignals(
  texts: Float32Array,
  dim: number,
  novelty: Float32Array,
  referenceSims: Float32Array,
  referenceK: number,
  options: Partial<PeerOptions> = {},
): PeerSignals {
  return runSearches(peerSignalsSteps(texts, dim, novelty, referenceSims, referenceK, options));
}

/** {@link peerSignals} with its search left to the driver (see `topkSearch.ts`). */
export function* peerSignalsSteps(
  texts: Float32Array,
  dim: number,
  novelty: Float32Array,
  referenceSims: Float32Array,
  referenceK: number,
  options: Partial<PeerOptions> = {},
): Searching<PeerSignals> {
  const o = { ...defaultPeerOptions, ...options };
  const n = texts.length / dim;
  const out: PeerSignals = {
    peerSim: new Float32Array(n).fill(NaN),
    peerExcess: new Float32Array(n).fill(NaN),
    peerNovelty: new Float32Array(n).fill(NaN),
  };
  if (n < o.k + 1) return out;
  const candidates = Array.from({ length: n }, (_, c) => c);
  if (n > o.maxCandidates) {
    candidates.sort((a, b) => (novelty[b] ?? 0) - (novelty[a] ?? 0));
    candidates.length = o.maxCandidates;
    candidates.sort((a, b) => a - b);
  }
  const rows = gatherRows(texts, dim, candidates);
  const k = Math.min(o.k, candidates.length - 1);
  const top = yield* searchTopK({ queries: rows, references: rows, dim, k, excludeSelf: true });
  const kr = Math.min(k, referenceK);
  candidates.forEach((c, i) => {
    let sum = 0;
    let weighted = 0;
    let weight = 0;
    for (let t = 0; t < k; t++) {
      const s = top.scores[i * k + t]!;
      const peer = candidates[top.indices[i * k + t]!]!;
      sum += s;
      const w = Math.max(s, 0) + 1e-6;
      const v = novelty[peer]!;
      if (Number.isNaN(v)) continue;
      weighted += w * v;
      weight += w;
    }
    const mean = sum / k;
    out.peerSim[c] = mean;
    let ref = 0;
    let counted = 0;
    for (let t = 0; t < kr; t++) {
      const s = referenceSims[c * referenceK + t]!;
      if (!Number.isFinite(s)) break;
      ref += s;
      counted++;
    }
    out.peerExcess[c] = counted > 0 ? mean - ref / counted : NaN;
    out.peerNovelty[c] = weight > 0 ? weighted / weight : NaN;
  });
  return out;
}
