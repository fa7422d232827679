import { describe, expect, it } from "vitest";
import {
  ancestorPaths,
  candidateLabelPaths,
  isPrefixPath,
  labelPathKey,
  splitLabelPath,
} from "./labelPath";
import { createLabelIndex, resolveLabel } from "./taxonomy/labelIndex";

describe("label paths", () => {
  it("splits on a separator, trims and collapses whitespace, drops empty segments", () => {
    expect(splitLabelPath(" Vehicles >  Auto   Repair > ", " > ")).toEqual([
      "Vehicles",
      "Auto Repair",
    ]);
    expect(splitLabelPath("Service//Vehicles/Honda/", "/")).toEqual([
      "Service",
      "Vehicles",
      "Honda",
    ]);
  });

  it("keys paths case-insensitively without letting a `/` inside a name collide with a split", () => {
    expect(labelPathKey(["Vehicles", "Auto Repair"])).toBe(
      labelPathKey(["vehicles", "auto  repair"]),
    );
    expect(labelPathKey(["Sports/Energy Drinks"])).not.toBe(
      labelPathKey(["Sports", "Energy Drinks"]),
    );
  });

  it("offers every reading of a label string, preferred separator first", () => {
    expect(candidateLabelPaths("Food > Sports/Energy Drinks", " > ")).toEqual([
      ["Food", "Sports/Energy Drinks"],
      ["Food > Sports", "Energy Drinks"],
      ["Food > Sports/Energy Drinks"],
    ]);
  });

  it("lists ancestors root first and tests prefixes", () => {
    expect(ancestorPaths(["a", "b", "c"])).toEqual([["a"], ["a", "b"]]);
    expect(isPrefixPath(["A", "b"], ["a", "B", "c"])).toBe(true);
    expect(isPrefixPath(["a", "x"], ["a", "b", "c"])).toBe(false);
  });

  it("resolves a label however it is written", () => {
    const index = createLabelIndex(
      [
        { id: 1, path: ["Vehicles", "Automotive Services", "Auto Repair"] },
        { id: 2, path: ["Food and Beverages", "Sports/Energy Drinks"] },
      ],
      " > ",
    );
    expect(resolveLabel(index, "Vehicles > Automotive Services > Auto Repair")?.id).toBe(1);
    expect(resolveLabel(index, "vehicles/automotive services/auto repair")?.id).toBe(1);
    expect(resolveLabel(index, "Food and Beverages > Sports/Energy Drinks")?.id).toBe(2);
    expect(resolveLabel(index, "Vehicles > Spaceships")).toBeUndefined();
  });
});
