import { describe, expect, it } from "vitest";
import { normalizedRows } from "@/lib/core/linalg/rows";
import { peerSignals } from "./peers";

describe("peer signals", () => {
  it("give a tight cluster far from the reference more excess than scattered creatives", () => {
    // rows 0-3: a tight cluster along a direction no reference creative is near; rows 4-7: spread out
    const raw = [
      [1, 0.01, 0],
      [1, 0.02, 0],
      [1, 0, 0.01],
      [1, 0.01, 0.01],
      [0, 1, 0],
      [0, 0, 1],
      [0, 1, 1],
      [0.3, 1, -1],
    ];
    const texts = normalizedRows(Float32Array.from(raw.flat()), 3);
    const referenceSims = Float32Array.from(
      Array.from({ length: 8 }, (_, c) => (c < 4 ? [0.2, 0.1] : [0.9, 0.8])).flat(),
    );
    const novelty = Float32Array.from({ length: 8 }, (_, c) => (c < 4 ? 0.8 : 0.1));
    const p = peerSignals(texts, 3, novelty, referenceSims, 2, { k: 2 });
    for (let c = 0; c < 4; c++) {
      for (let d = 4; d < 8; d++) {
        expect(p.peerExcess[c]!).toBeGreaterThan(p.peerExcess[d]!);
        expect(p.peerNovelty[c]!).toBeGreaterThan(p.peerNovelty[d]!);
      }
    }
    expect(p.peerNovelty[0]!).toBeCloseTo(0.8, 5);
  });

  it("searches only the likeliest new creatives beyond the cap", () => {
    const texts = normalizedRows(
      Float32Array.from({ length: 30 }, (_, i) => (i % 7) + 1),
      3,
    );
    const novelty = Float32Array.from({ length: 10 }, (_, c) => c);
    const p = peerSignals(texts, 3, novelty, new Float32Array(10).fill(0.5), 1, {
      k: 2,
      maxCandidates: 4,
    });
    expect(Array.from(p.peerSim, (v) => !Number.isNaN(v))).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
  });
});
