import { describe, expect, it } from "vitest";
import {
  agreementReport,
  cohensKappa,
  consensusOf,
  hierarchicalDistanceOf,
  krippendorffAlpha,
  metricsCsv,
  pathAgreement,
  type AgreementUnit,
} from ".";

describe("hierarchical agreement", () => {
  it("gives full credit for the same path and the shared depth over the deeper path otherwise", () => {
    expect(pathAgreement(["A", "B", "C"], ["A", "B", "C"])).toBe(1);
    expect(pathAgreement(["A", "B", "C"], ["A", "B", "D"])).toBeCloseTo(2 / 3);
    expect(pathAgreement(["A", "B"], ["A", "B", "D"])).toBeCloseTo(2 / 3);
    expect(pathAgreement(["A"], ["E", "F"])).toBe(0);
    expect(pathAgreement(["A", "B"], ["B", "B"])).toBe(0);
  });

  it("compares labels without a known path nominally", () => {
    const paths = new Map([["1", ["A", "B"]]]);
    const distance = hierarchicalDistanceOf((label) => paths.get(label));
    expect(distance("1", "1")).toBe(0);
    expect(distance("9", "9")).toBe(0);
    expect(distance("1", "9")).toBe(1);
  });
});

describe("Cohen's kappa", () => {
  it("matches the textbook example (20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: 0.4)", () => {
    const pairs: [string, string][] = [
      ...Array.from({ length: 20 }, () => ["yes", "yes"] as [string, string]),
      ...Array.from({ length: 5 }, () => ["yes", "no"] as [string, string]),
      ...Array.from({ length: 10 }, () => ["no", "yes"] as [string, string]),
      ...Array.from({ length: 15 }, () => ["no", "no"] as [string, string]),
    ];
    expect(cohensKappa(pairs)).toBeCloseTo(0.4, 10);
  });

  it("is 1 for perfect agreement, null without data, and negative for systematic disagreement", () => {
    expect(
      cohensKappa([
        ["a", "a"],
        ["b", "b"],
      ]),
    ).toBe(1);
    expect(
      cohensKappa([
        ["a", "a"],
        ["a", "a"],
      ]),
    ).toBe(1);
    expect(cohensKappa([])).toBeNull();
    expect(
      cohensKappa([
        ["a", "b"],
        ["b", "a"],
      ]),
    ).toBe(-1);
  });
});

describe("Krippendorff's alpha", () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
  // 12 units, missing values; published alpha: nominal 0.743, interval 0.849.
  const observers = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
  ];
  const units = observers[0]!.map((_, unit) =>
    observers
      .map((o) => o[unit])
      .flatMap((v) => (v === null || v === undefined ? [] : [String(v)])),
  );

  it("reproduces the published nominal value with missing data", () => {
    expect(krippendorffAlpha(units)).toBeCloseTo(0.743, 3);
  });

  it("takes any distance: the interval metric reproduces the published 0.849", () => {
    const interval = (a: string, b: string) => (Number(a) - Number(b)) ** 2;
    expect(krippendorffAlpha(units, interval)).toBeCloseTo(0.849, 3);
  });

  it("reproduces the published two-observer nominal example (0.692)", () => {
    const a = "aabbdcccedda".split("");
    const b = "babbbccceddd".split("");
    expect(krippendorffAlpha(a.map((v, i) => [v, b[i]!]))).toBeCloseTo(0.692, 3);
  });

  it("gives partial credit with the hierarchical distance", () => {
    const paths = new Map([
      ["leaf1", ["A", "B"]],
      ["leaf2", ["A", "C"]],
      ["other", ["D"]],
    ]);
    const units = [
      ["leaf1", "leaf2"],
      ["leaf2", "leaf2"],
      ["other", "other"],
      ["leaf1", "leaf1"],
    ];
    const nominal = krippendorffAlpha(units)!;
    const hierarchical = krippendorffAlpha(
      units,
      hierarchicalDistanceOf((l) => paths.get(l)),
    )!;
    expect(hierarchical).toBeGreaterThan(nominal);
    expect(hierarchical).toBeLessThan(1);
  });

  it("is null when nothing is pairable or every label is the same", () => {
    expect(krippendorffAlpha([["a"], ["b"]])).toBeNull();
    expect(krippendorffAlpha([["a", "a"]])).toBeNull();
  });
});

describe("consensus", () => {
  it("settled wins, then the label with most votes; a tie for the most goes to review", () => {
    expect(consensusOf(["1", "2"], "3")).toEqual({ kind: "settled", label: "3" });
    expect(consensusOf(["1", "1"])).toEqual({ kind: "unanimous", label: "1" });
    expect(consensusOf(["1", "2", "1"])).toEqual({ kind: "majority", label: "1" });
    expect(consensusOf(["2", "1"])).toEqual({ kind: "tie", labels: ["1", "2"] });
    expect(consensusOf(["1", "2", "3"])).toEqual({ kind: "tie", labels: ["1", "2", "3"] });
    expect(consensusOf(["4"])).toEqual({ kind: "single", label: "4" });
    expect(consensusOf([])).toEqual({ kind: "none" });
  });
});

describe("the agreement report", () => {
  const paths = new Map<string, string[]>([
    ["1", ["A", "B"]],
    ["2", ["A", "C"]],
    ["3", ["D"]],
  ]);
  const vote = (annotator: string, label: string) => ({ annotator, label });
  const units: AgreementUnit[] = [
    {
      unit: 1,
      votes: [vote("x", "1"), vote("y", "1")],
      settled: null,
      classifier: "1",
      generative: "2",
    },
    {
      unit: 2,
      votes: [vote("x", "1"), vote("y", "2")],
      settled: "2",
      classifier: "1",
      generative: null,
    },
    {
      unit: 3,
      votes: [vote("x", "3"), vote("y", "3")],
      settled: null,
      classifier: "3",
      generative: "3",
    },
    {
      unit: 4,
      votes: [vote("x", "2"), vote("y", "3")],
      settled: null,
      classifier: "2",
      generative: "2",
    },
    { unit: 5, votes: [vote("z", "3")], settled: null, classifier: "1", generative: "3" },
  ];
  const report = agreementReport(units, (l) => paths.get(l));

  it("counts pairwise agreement exactly and hierarchically", () => {
    expect(report.units).toBe(5);
    expect(report.overlapUnits).toBe(4);
    expect(report.pairwise.pairs).toBe(4);
    expect(report.pairwise.exact).toBeCloseTo(2 / 4);
    // credits: 1, 0.5 (A>B vs A>C), 1, 0
    expect(report.pairwise.hierarchical).toBeCloseTo(2.5 / 4);
  });

  it("computes kappa per pair and alpha over the overlap units", () => {
    expect(report.kappa.pairs).toEqual([
      {
        annotators: ["x", "y"],
        units: 4,
        kappa: cohensKappa([
          ["1", "1"],
          ["1", "2"],
          ["3", "3"],
          ["2", "3"],
        ]),
      },
    ]);
    expect(report.alpha.nominal).toBeCloseTo(
      krippendorffAlpha([
        ["1", "1"],
        ["1", "2"],
        ["3", "3"],
        ["2", "3"],
      ])!,
    );
    expect(report.alpha.hierarchical!).toBeGreaterThan(report.alpha.nominal!);
  });

  it("compares each annotator with the consensus or the settled label; ties have none", () => {
    const x = report.annotators.find((a) => a.annotator === "x")!;
    const y = report.annotators.find((a) => a.annotator === "y")!;
    const z = report.annotators.find((a) => a.annotator === "z")!;
    // Units 1 and 3 unanimous, unit 2 settled "2", unit 4 a tie awaiting review.
    expect(x).toMatchObject({ units: 4, compared: 3, exact: 2 / 3 });
    expect(x.hierarchical).toBeCloseTo((1 + 0.5 + 1) / 3);
    expect(y).toMatchObject({ units: 4, compared: 3, exact: 1 });
    expect(z).toMatchObject({ units: 1, compared: 0, exact: null });
  });

  it("scores the models against the reference labels, exact and hierarchical", () => {
    const classifier = report.models.find((m) => m.source === "classifier")!;
    const generative = report.models.find((m) => m.source === "generative")!;
    // References: unit 1 -> 1, 2 -> 2, 3 -> 3, 5 -> 3 (single annotator); unit 4 tied.
    expect(classifier).toMatchObject({ units: 4, covered: 4, exact: 2 / 4 });
    expect(classifier.hierarchical).toBeCloseTo((1 + 0.5 + 1 + 0) / 4);
    expect(generative).toMatchObject({ units: 4, covered: 3, exact: 2 / 4 });
    expect(generative.hierarchical).toBeCloseTo((0.5 + 0 + 1 + 1) / 4);
  });

  it("exports every figure as long CSV", () => {
    const csv = metricsCsv(report, { decided: 5 });
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("section,subject,metric,value");
    expect(lines).toContain("counts,all,decided,5");
    expect(lines).toContain("pair,x & y,units,4");
    expect(lines).toContain("annotator,z,consensus_exact,");
    expect(lines.some((l) => l.startsWith("model,classifier,accuracy_exact,0.5"))).toBe(true);
  });
});
