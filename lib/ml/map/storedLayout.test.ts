import { describe, expect, it } from "vitest";
import { matchStoredLayout, rowsAt, storedPointsOf, type MapPointKind } from "./storedLayout";

const point = (kind: MapPointKind, ownerId: number) => ({ kind, ownerId });

describe("matchStoredLayout", () => {
  it("takes stored positions by owner, lists the points added since, and drops gone ones", () => {
    const stored = {
      points: [
        { ownerType: "label" as const, ownerId: 7 },
        { ownerType: "creative_text" as const, ownerId: 1 },
        { ownerType: "creative_text" as const, ownerId: 99 },
      ],
      coordinates: new Float32Array([70, 71, 10, 11, 990, 991]),
    };
    const loaded = [point("text", 1), point("text", 2), point("label", 7), point("image", 1)];
    const match = matchStoredLayout(loaded, stored);
    expect(match.kept).toEqual([0, 2]);
    expect(match.missing).toEqual([1, 3]);
    expect(Array.from(match.coordinates.slice(0, 2))).toEqual([10, 11]);
    expect(Array.from(match.coordinates.slice(4, 6))).toEqual([70, 71]);
    expect(Number.isNaN(match.coordinates[2])).toBe(true);
    expect(storedPointsOf(loaded)[3]).toEqual({ ownerType: "creative_image", ownerId: 1 });
  });

  it("copies the rows of the points it names", () => {
    const vectors = new Float32Array([0, 1, 10, 11, 20, 21]);
    expect(Array.from(rowsAt(vectors, 2, [2, 0]))).toEqual([20, 21, 0, 1]);
  });
});
