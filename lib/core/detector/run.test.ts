import { describe, expect, it } from "vitest";
import { runDetector } from "./run";
import { buildDetectorInput, outcomeOf, type RunCreative } from "./runInput";
import { detectorRunUploadSchema } from "./runPayload";
import { syntheticWorld } from "./synthetic.test-helpers";

describe("runDetector", () => {
  const { input, issue } = syntheticWorld();
  const run = runDetector(input);

  it("ranks every flagged creative once in each queue order, the rest after them", () => {
    const flagged = run.rows.filter((r) => r.flag !== null);
    expect(flagged.length).toBe(run.counts.wrongLabel + run.counts.newLabel);
    for (const key of ["scoreRank", "uncertaintyRank"] as const) {
      expect(flagged.map((r) => r[key]).sort((a, b) => a - b)).toEqual(flagged.map((_, i) => i));
    }
    for (const r of run.rows.filter((r) => r.flag === null))
      expect(r.scoreRank).toBe(flagged.length);
  });

  it("groups the creatives of the missing leaf, and only them", () => {
    const missing = issue.flatMap((v, i) => (v === "new" ? [i] : []));
    const group = run.groups.find((g) => g.members.some((m) => missing.includes(m)));
    expect(group).toBeDefined();
    expect(group!.members.length).toBeGreaterThanOrEqual(4);
    expect(group!.members.every((m) => missing.includes(m))).toBe(true);
    for (const m of group!.members) expect(run.rows[m]!.group).toBe(run.groups.indexOf(group!));
  });

  it("produces what the upload schema accepts", () => {
    const upload = {
      datasetId: 1,
      modelId: "m",
      modelVersion: "1",
      creativeIds: run.rows.map((_, i) => i + 1),
      labelIds: input.labelPaths.map((_, i) => i + 1),
      rows: run.rows,
      groups: run.groups,
    };
    expect(detectorRunUploadSchema.safeParse(upload).success).toBe(true);
    const broken = { ...upload, rows: run.rows.slice(1) };
    expect(detectorRunUploadSchema.safeParse(broken).error?.issues[0]?.message).toMatch(/rows for/);
  });
});

describe("buildDetectorInput", () => {
  const creatives: RunCreative[] = [
    {
      id: 10,
      text: "a",
      predictedLabelId: 1,
      predictedScore: 0.9,
      generativeValue: null,
      decision: null,
    },
    {
      id: 11,
      text: "b",
      predictedLabelId: 1,
      predictedScore: null,
      generativeValue: "X",
      decision: { outcome: "corrected", labelId: 2 },
    },
    {
      id: 12,
      text: "c",
      predictedLabelId: null,
      predictedScore: null,
      generativeValue: null,
      decision: { outcome: "new_label", labelId: 3 },
    },
  ];
  const built = buildDetectorInput({
    dim: 2,
    creatives,
    labels: [
      { id: 1, path: ["A"] },
      { id: 2, path: ["B"] },
    ],
    texts: Float32Array.from([1, 0, 0, 1, 1, 0]),
    labelVectors: Float32Array.from([1, 0, 0, 1]),
  });

  it("maps ids to indices and decisions to outcomes", () => {
    expect([...built.predicted]).toEqual([0, 0, -1]);
    expect(built.decisions).toEqual([
      { creative: 1, outcome: "corrected", label: 1 },
      { creative: 2, outcome: "new_label" },
    ]);
  });

  it("trusts decided labels over predictions in the reference set, and leaves unlabelled creatives out", () => {
    expect([...built.reference!.labels]).toEqual([0, 1]);
    expect([...built.reference!.rowOfCreative!]).toEqual([0, 1, -1]);
  });

  it("reads an action as an outcome", () => {
    const proposed = new Set([7]);
    expect(outcomeOf({ action: "accept", labelId: 1 }, 1, proposed)).toBe("confirmed");
    expect(outcomeOf({ action: "pick", labelId: 1 }, 1, proposed)).toBe("confirmed");
    expect(outcomeOf({ action: "pick", labelId: 2 }, 1, proposed)).toBe("corrected");
    expect(outcomeOf({ action: "generative", labelId: 7 }, 1, proposed)).toBe("new_label");
    expect(outcomeOf({ action: "new_label", labelId: 8 }, 1, proposed)).toBe("new_label");
    expect(outcomeOf({ action: "skip", labelId: null }, 1, proposed)).toBeNull();
  });
});
