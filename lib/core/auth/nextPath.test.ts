import { describe, expect, it } from "vitest";
import { safeNextPath } from "./nextPath";

describe("safeNextPath", () => {
  it("keeps a path of the app", () => {
    expect(safeNextPath("/queue?dataset=demo")).toBe("/queue?dataset=demo");
  });

  it("refuses anything that would leave the app", () => {
    for (const value of ["//evil.example", "https://evil.example", "/\\evil.example", "queue", ""])
      expect(safeNextPath(value)).toBe("/");
    expect(safeNextPath(undefined)).toBe("/");
  });
});
