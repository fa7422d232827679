import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extensionPaths, extensionText } from "./extension";
import {
  createLabelSet,
  isDistant,
  isSibling,
  parentOf,
  parseExtension,
  parseIabTaxonomy,
} from "./taxonomy";

const iabText = readFileSync(
  new URL("./data/ad-product-taxonomy-2.0.tsv", import.meta.url),
  "utf8",
);

describe("parseIabTaxonomy", () => {
  const paths = parseIabTaxonomy(iabText);

  it("reads all 583 nodes of the CRLF file, paths from the Tier columns", () => {
    expect(iabText.includes("\r\n")).toBe(true);
    expect(paths).toHaveLength(583);
    expect(paths).toContain("Vehicles > Automotive Services > Auto Repair");
    // Name column says "Video Games " and "Personal/Consumer Telcom"; the Tier columns win.
    expect(paths).toContain("Consumer Electronics > Video Games");
    expect(paths).toContain("Personal/Consumer Telecom");
  });

  it("treats the self-parented Ad Safety Risk row as a top-level label", () => {
    expect(paths).toContain("Ad Safety Risk");
    expect(parentOf("Ad Safety Risk")).toBeNull();
  });

  it("rejects a file that is not the Ad Product taxonomy", () => {
    expect(() => parseIabTaxonomy("a\tb\tc\n")).toThrow(/Tier 1/);
  });
});

describe("parseExtension", () => {
  const iab = parseIabTaxonomy(iabText);

  it("reads the committed extension: comments skipped, every parent an IAB path", () => {
    const committed = readFileSync(
      new URL("./data/taxonomy-extension.txt", import.meta.url),
      "utf8",
    );
    expect(committed).toBe(extensionText());
    const added = parseExtension(committed, iab);
    expect(added).toEqual(extensionPaths());
    expect(added).toContain("Vehicles > Automotive Services > Auto Repair > Honda");
    for (const labelPath of added) expect(iab).toContain(parentOf(labelPath));
  });

  it("rejects a path whose parent does not exist", () => {
    expect(() => parseExtension("Vehicles > No Such Branch > Honda\n", iab)).toThrow(/parent/);
  });

  it("rejects a duplicate of an existing label", () => {
    expect(() => parseExtension("Vehicles > Automotive Services\n", iab)).toThrow(/already exists/);
  });
});

describe("sibling and distant", () => {
  it("siblings share a parent; distant labels share no top-level branch", () => {
    const honda = "Vehicles > Automotive Services > Auto Repair > Honda";
    const toyota = "Vehicles > Automotive Services > Auto Repair > Toyota";
    const carWash = "Vehicles > Automotive Services > Car Wash";
    const insurance = "Finance and Insurance > Insurance > Auto Insurance";
    expect(isSibling(honda, toyota)).toBe(true);
    expect(isSibling(honda, honda)).toBe(false);
    expect(isSibling(honda, carWash)).toBe(false);
    expect(isDistant(honda, carWash)).toBe(false);
    expect(isDistant(honda, insurance)).toBe(true);
  });

  it("a label set lists siblings and leaves", () => {
    const labels = createLabelSet(["A", "A > B", "A > C", "A > B > D"]);
    expect(labels.siblingsOf("A > B")).toEqual(["A > C"]);
    expect(labels.isLeaf("A > C")).toBe(true);
    expect(labels.isLeaf("A > B")).toBe(false);
  });
});
