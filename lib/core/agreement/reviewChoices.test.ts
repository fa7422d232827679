import { describe, expect, it } from "vitest";
import { reviewChoices, type ReviewCardItem } from "./reviewChoices";

describe("review choices", () => {
  it("lists the annotators' labels first, then the models', each label once with all its sources", () => {
    const item: ReviewCardItem = {
      creativeId: 1,
      externalId: "c1",
      text: "t",
      flag: "wrong_label",
      reasons: [],
      predicted: { labelId: 2, path: ["A", "B"], score: 0.9 },
      generative: { value: "A/C", label: { labelId: 3, path: ["A", "C"] } },
      nearest: [
        { labelId: 3, path: ["A", "C"], score: 0.8 },
        { labelId: 4, path: ["D"], score: 0.5 },
      ],
      votes: [
        { decisionId: 10, annotator: "x", action: "pick", labelId: 3, path: ["A", "C"] },
        { decisionId: 11, annotator: "y", action: "accept", labelId: 2, path: ["A", "B"] },
      ],
    };
    expect(reviewChoices(item).map((c) => [c.labelId, c.text, c.sources])).toEqual([
      [3, "A > C", ["x", "generative model", "nearest"]],
      [2, "A > B", ["y", "classifier"]],
      [4, "D", ["nearest"]],
    ]);
  });
});
