import { describe, expect, it } from "vitest";
import { checkCreativeColumns, isSafeImageReference, parseCreativeRecord } from "./creativeRecord";
import { describeIssue } from "./issues";

describe("creative records", () => {
  it("validates and normalises a full row, with meta.* columns into metadata", () => {
    const result = parseCreativeRecord(
      {
        id: 42,
        text: "Brake special",
        image: "shop/a.png",
        predicted_label: " Vehicles > Auto Repair ",
        predicted_score: "0.93",
        generative_label: "Auto/Brakes",
        metadata: '{"campaign":"spring"}',
        "meta.advertiser": "Acme",
      },
      "c.csv",
      2,
    );
    expect(result).toEqual({
      ok: true,
      record: {
        externalId: "42",
        text: "Brake special",
        imageRef: "shop/a.png",
        predictedLabel: "Vehicles > Auto Repair",
        predictedScore: 0.93,
        generativeLabel: "Auto/Brakes",
        modelVersion: "import",
        metadata: { campaign: "spring", advertiser: "Acme" },
      },
    });
  });

  it("names every bad field", () => {
    const result = parseCreativeRecord(
      { id: "", predicted_score: "high", metadata: "[1]" },
      "c.csv",
      7,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.field)).toEqual(["id", "predicted_score", "metadata"]);
    expect(describeIssue(result.issues[1]!)).toBe(
      'c.csv line 7, field predicted_score: must be a number from 0 to 1, got "high"',
    );
  });

  it("checks a header for unknown and missing columns", () => {
    expect(checkCreativeColumns(["id", "text", "meta.x"], "f", 1)).toEqual([]);
    expect(checkCreativeColumns(["text", "labl"], "f", 1).map((i) => i.field)).toEqual([
      "labl",
      "id",
    ]);
    expect(checkCreativeColumns(["id"], "f", 1).map((i) => i.message)).toEqual([
      "a text or an image column is required",
    ]);
  });

  it("keeps image references inside the image folder", () => {
    for (const ok of ["a.png", "shop/2024/a.png", "./a.png", "https://cdn.example.com/a.png"]) {
      expect(isSafeImageReference(ok), ok).toBe(true);
    }
    for (const bad of [
      "../a.png",
      "a/../../b.png",
      "/etc/passwd",
      "C:/x.png",
      "a\\b.png",
      "file:///etc/passwd",
      "a//b.png",
      "javascript:alert(1)",
    ]) {
      expect(isSafeImageReference(bad), bad).toBe(false);
    }
  });
});
