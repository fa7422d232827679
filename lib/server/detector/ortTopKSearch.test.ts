import { describe, expect, it } from "vitest";
import { runDetector, runDetectorWith } from "@/lib/core/detector/run";
import { syntheticWorld } from "@/lib/core/detector/synthetic.test-helpers";
import type { DetectorInput } from "@/lib/core/detector/types";
import { randomUnitRows } from "@/lib/core/linalg/rows";
import { topKSimilar, type TopK } from "@/lib/core/linalg/topk";
import { kernelTopKSearch, type TopKRequest } from "@/lib/core/linalg/topkSearch";
import { createOrtTopKSearch } from "./ortTopKSearch";

/** Same neighbours in the same order, and the same scores to float rounding. */
function expectSameTopK(actual: TopK, expected: TopK): void {
  expect(actual.k).toBe(expected.k);
  expect(Array.from(actual.indices)).toEqual(Array.from(expected.indices));
  expect(actual.scores.length).toBe(expected.scores.length);
  expected.scores.forEach((s, i) => {
    if (Number.isFinite(s)) expect(actual.scores[i]).toBeCloseTo(s, 5);
    else expect(actual.scores[i]).toBe(s);
  });
}

/** The WASM kernel's answer (the reference) and onnxruntime's, in small and several blocks. */
async function compare(request: TopKRequest): Promise<TopK> {
  const expected = topKSimilar(request.queries, request.references, request.dim, request.k, {
    excludeSelf: request.excludeSelf,
  });
  for (const blockScores of [undefined, 1]) {
    expectSameTopK(await createOrtTopKSearch({ blockScores }).topK(request), expected);
  }
  return expected;
}

describe("createOrtTopKSearch", () => {
  it("equals the kernel on the detector's shapes", async () => {
    const queries = randomUnitRows(300, 256, 1);
    const references = randomUnitRows(600, 256, 2);
    await compare({ queries, references, dim: 256, k: 10 });
  });

  it("equals the kernel on odd sizes, and pads when k exceeds the references", async () => {
    const queries = randomUnitRows(37, 19, 3);
    const references = randomUnitRows(23, 19, 4);
    await compare({ queries, references, dim: 19, k: 5 });
    const wide = await compare({ queries, references, dim: 19, k: 30 });
    expect(wide.indices[23]).toBe(-1);
    expect(wide.scores[29]).toBe(-Infinity);
    await compare({ queries, references, dim: 19, k: 1 });
  });

  it("breaks ties by the lower index, as the kernel does", async () => {
    const dim = 8;
    const base = randomUnitRows(5, dim, 5);
    // rows 0..2 and 6 are one vector, so every query ties among them
    const references = new Float32Array(8 * dim);
    [0, 1, 2, 6].forEach((r) => references.set(base.subarray(0, dim), r * dim));
    [3, 4, 5, 7].forEach((r, i) =>
      references.set(base.subarray((i + 1) * dim, (i + 2) * dim), r * dim),
    );
    const queries = randomUnitRows(9, dim, 6);
    queries.set(base.subarray(0, dim), 0);
    const top = await compare({ queries, references, dim, k: 6 });
    expect(Array.from(top.indices.subarray(0, 4))).toEqual([0, 1, 2, 6]);
  });

  it("excludes each row itself, duplicates included, as the kernel does", async () => {
    const dim = 12;
    const rows = randomUnitRows(41, dim, 7);
    rows.set(rows.subarray(0, dim), 5 * dim); // row 5 duplicates row 0
    rows.set(rows.subarray(0, dim), 9 * dim);
    await compare({ queries: rows, references: rows, dim, k: 4, excludeSelf: true });
    await compare({ queries: rows, references: rows, dim, k: 1, excludeSelf: true });
    const all = await compare({ queries: rows, references: rows, dim, k: 41, excludeSelf: true });
    expect(all.indices[40]).toBe(-1);
  });

  it("refuses malformed requests with a message naming the problem", async () => {
    const search = createOrtTopKSearch();
    const rows = randomUnitRows(3, 4, 8);
    await expect(search.topK({ queries: rows, references: rows, dim: 5, k: 1 })).rejects.toThrow(
      /not rows of 5/,
    );
    await expect(
      search.topK({
        queries: rows,
        references: rows.subarray(0, 8),
        dim: 4,
        k: 1,
        excludeSelf: true,
      }),
    ).rejects.toThrow(/excludeSelf/);
    expect(() => createOrtTopKSearch({ threads: -1 })).toThrow(/threads/);
    const cancelled = createOrtTopKSearch({ signal: AbortSignal.abort() });
    await expect(cancelled.topK({ queries: rows, references: rows, dim: 4, k: 1 })).rejects.toThrow(
      /abort/i,
    );
  });
});

describe("runDetectorWith onnxruntime", () => {
  /** The synthetic world with decisions, so the combiner, head and thresholds all take part. */
  function worldWithDecisions(): DetectorInput {
    const { input, truth } = syntheticWorld(11);
    const decisions = truth.flatMap((label, creative) =>
      creative % 3 === 0
        ? [
            label < 0
              ? { creative, outcome: "new_label" as const }
              : label === input.predicted[creative]
                ? { creative, outcome: "confirmed" as const, label }
                : { creative, outcome: "corrected" as const, label },
          ]
        : [],
    );
    return { ...input, decisions };
  }

  for (const [name, input] of [
    ["without decisions", syntheticWorld().input],
    ["with decisions", worldWithDecisions()],
  ] as const) {
    it(`flags and scores like the kernel ${name}`, async () => {
      const kernel = runDetector(input);
      const ort = await runDetectorWith(createOrtTopKSearch(), input);
      expect(ort.counts).toEqual(kernel.counts);
      expect(ort.counts.wrongLabel + ort.counts.newLabel).toBeGreaterThan(0);
      expect(ort.rows.map((r) => r.flag)).toEqual(kernel.rows.map((r) => r.flag));
      ort.rows.forEach((row, i) => expect(row.score).toBeCloseTo(kernel.rows[i]!.score, 4));
      expect(ort.groups.map((g) => g.members)).toEqual(kernel.groups.map((g) => g.members));
      expect(ort.rows.map((r) => r.scoreRank)).toEqual(kernel.rows.map((r) => r.scoreRank));
    });
  }

  it("runs the synchronous path unchanged when driven with the kernel search", async () => {
    const { input } = syntheticWorld();
    expect(await runDetectorWith(kernelTopKSearch, input)).toEqual(runDetector(input));
  });
});
