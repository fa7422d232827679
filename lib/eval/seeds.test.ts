import { describe, expect, it } from "vitest";
import { parseSeeds } from "./seeds";

describe("parseSeeds", () => {
  it("reads ranges, lists and both", () => {
    expect(parseSeeds("1-5")).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds("1,3")).toEqual([1, 3]);
    expect(parseSeeds("1-3, 7,2")).toEqual([1, 2, 3, 7]);
    expect(parseSeeds("4")).toEqual([4]);
  });

  it("names the part it cannot read", () => {
    expect(() => parseSeeds("1-x")).toThrow(/"1-x"/);
    expect(() => parseSeeds("5-1")).toThrow(/"5-1"/);
    expect(() => parseSeeds("0")).toThrow(/"0"/);
  });
});
