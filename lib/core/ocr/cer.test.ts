import { describe, expect, it } from "vitest";
import { cerCount, corpusCer, editDistance, normaliseOcrText } from "./cer";

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("", "")).toBe(0);
    expect(editDistance("abc", "")).toBe(3);
    expect(editDistance("", "ab")).toBe(2);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("sitting", "kitten")).toBe(3);
  });

  it("counts a character outside the basic plane as one", () => {
    expect(editDistance("a😀b", "ab")).toBe(1);
  });
});

describe("cer", () => {
  it("ignores layout whitespace but not case", () => {
    expect(normaliseOcrText("  SAVE\n 20%\tnow ")).toBe("SAVE 20% now");
    expect(cerCount("SAVE 20%\nnow", "SAVE  20% now")).toEqual({ edits: 0, referenceLength: 12 });
    expect(cerCount("Free", "FREE").edits).toBe(3);
  });

  it("weighs images by their reference length", () => {
    const counts = [cerCount("abcdefghij", "abcdefghiX"), cerCount("ab", "")];
    expect(corpusCer(counts)).toBeCloseTo(3 / 12);
    expect(corpusCer([])).toBe(0);
  });
});
