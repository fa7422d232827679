import { describe, expect, it } from "vitest";
import { simulatePredictions } from "./noise";
import { parseLabelPath, prepareEvaluation, type EvalRow } from "./protocol";

function rows(): EvalRow[] {
  const out: EvalRow[] = [];
  const labels = ["A > A1", "A > A2", "A > A3", "B > B1", "B > B2", "C/C1", "C/C2", "C/C3"];
  labels.forEach((label, l) => {
    for (let i = 0; i < 30; i++) {
      out.push({ text: `text ${l} ${i}`, labelPath: parseLabelPath(label), isNew: false });
    }
  });
  for (let i = 0; i < 10; i++) out.push({ text: `oos ${i}`, labelPath: ["oos"], isNew: true });
  return out;
}

describe("evaluation protocol", () => {
  it("parses both path styles", () => {
    expect(parseLabelPath("Service/Vehicles/Honda")).toEqual(["Service", "Vehicles", "Honda"]);
    expect(parseLabelPath("A > B/C")).toEqual(["A", "B/C"]);
  });

  it("holds out leaf labels: no training texts, absent from the taxonomy, scored as new", () => {
    const p = prepareEvaluation(rows(), { seed: 3, heldOutShare: 0.25 });
    expect(p.heldOutLabels).toHaveLength(2);
    const taxonomyKeys = p.taxonomy.map((t) => t.join(" > "));
    for (const key of p.heldOutLabels) expect(taxonomyKeys).not.toContain(key);
    expect(p.taxonomy).toHaveLength(6);
    expect(p.train.every((t) => t.label >= 0 && t.label < 6)).toBe(true);
    const newItems = p.items.filter((i) => i.truth < 0);
    expect(newItems.length).toBeGreaterThan(0);
    expect(
      newItems.every(
        (i) => i.truePath[0] === "oos" || p.heldOutLabels.includes(i.truePath.join(" > ")),
      ),
    ).toBe(true);
    expect(prepareEvaluation(rows(), { seed: 3, heldOutShare: 0.25 })).toEqual(p); // seeded
  });

  it("injects half sibling, half distant noise, and the confusable label in hard mode", () => {
    const p = prepareEvaluation(rows(), { seed: 1, heldOutShare: 0 });
    const n = p.items.length;
    const confusable = Int32Array.from(p.items, (i) => (i.truth >= 0 ? (i.truth + 1) % 8 : 0));
    const options = { seed: 5, noiseRate: 0.5, confusable, closest: new Int32Array(n) };
    const random = simulatePredictions(p.items, p.taxonomy, "random", options);
    const hard = simulatePredictions(p.items, p.taxonomy, "hard", options);
    let sibling = 0;
    let distant = 0;
    p.items.forEach((item, i) => {
      if (item.truth < 0) {
        expect(random.isNew[i]).toBe(true);
        expect(hard.predicted[i]).toBe(0); // the closest label
        return;
      }
      expect(random.wrong[i]).toBe(hard.wrong[i]); // the same items are noisy in both modes
      if (!random.wrong[i]) {
        expect(random.predicted[i]).toBe(item.truth);
        return;
      }
      expect(hard.predicted[i]).toBe(confusable[i]);
      const a = p.taxonomy[item.truth]!;
      const b = p.taxonomy[random.predicted[i]!]!;
      if (a[0] === b[0]) sibling++;
      else distant++;
    });
    expect(sibling).toBeGreaterThan(5);
    expect(distant).toBeGreaterThan(5);
  });
});
