import { describe, expect, it } from "vitest";
import { majorityWinner, votesAfter, type Vote } from "./majority";

const vote = (decisionId: number, annotator: string, labelId: number, isReview = false): Vote => ({
  decisionId,
  annotator,
  labelId,
  isReview,
});

describe("the majority rule on a creative's votes", () => {
  it("lets a new label replace its annotator's earlier vote, and a skip leave it standing", () => {
    const before = [vote(1, "ana", 7), vote(2, "bo", 8)];
    expect(
      votesAfter(before, {
        decisionId: 3,
        annotator: "ana",
        labelId: 8,
        isReview: false,
        skip: false,
      }),
    ).toEqual([vote(2, "bo", 8), vote(3, "ana", 8)]);
    expect(
      votesAfter(before, {
        decisionId: 3,
        annotator: "ana",
        labelId: null,
        isReview: false,
        skip: true,
      }),
    ).toEqual(before);
  });

  it("names the label with the most votes and its latest decision", () => {
    expect(majorityWinner([vote(1, "ana", 7), vote(2, "bo", 8), vote(3, "cy", 7)])).toEqual({
      labelId: 7,
      decisionId: 3,
      annotator: "cy",
      voters: 3,
    });
  });

  it("has no winner for one vote, a tie, a unanimous item or one an admin reviewed", () => {
    expect(majorityWinner([vote(1, "ana", 7)])).toBeNull();
    expect(majorityWinner([vote(1, "ana", 7), vote(2, "bo", 8)])).toBeNull();
    expect(majorityWinner([vote(1, "ana", 7), vote(2, "bo", 7)])).toBeNull();
    expect(
      majorityWinner([
        vote(1, "ana", 7),
        vote(2, "bo", 8),
        vote(3, "cy", 7),
        vote(4, "admin", 8, true),
      ]),
    ).toBeNull();
  });
});
