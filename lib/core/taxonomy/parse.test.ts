import { describe, expect, it } from "vitest";
import { buildTree, matchingIds } from "./tree";
import { looksLikeIabTsv, parseIabTaxonomyTsv, parsePathListTaxonomy } from "./parse";

const iab = [
  "Unique ID\tParent ID\tName\tTier 1\tTier 2\tTier 3",
  "1000\t1000\tAd Safety Risk\tAd Safety Risk\t\t",
  "1551\t\tVehicles\tVehicles\t\t",
  "1553\t1551\tAutomotive Ownership\tVehicles\tAutomotive Ownership\t",
  "1554\t1553\tNew vehicle Ownership\tVehicles\tAutomotive Ownership\tNew Vehicle Ownership",
  "",
].join("\r\n");

describe("taxonomy files", () => {
  it("reads an IAB TSV from its Tier columns, with a self-parented row as a root", () => {
    expect(looksLikeIabTsv(iab.split("\r\n")[0] ?? "")).toBe(true);
    const parsed = parseIabTaxonomyTsv(iab, "iab.tsv");
    expect(parsed.issues).toEqual([]);
    expect(parsed.nodes.map((n) => n.path.join(" > "))).toEqual([
      "Ad Safety Risk",
      "Vehicles",
      "Vehicles > Automotive Ownership",
      "Vehicles > Automotive Ownership > New Vehicle Ownership",
    ]);
    expect(parsed.nodes[3]).toMatchObject({ externalId: "1554", line: 5 });
  });

  it("names the column a broken IAB header lacks", () => {
    const parsed = parseIabTaxonomyTsv("Unique ID\tName\nx\ty", "t.tsv");
    expect(parsed.issues[0]).toMatchObject({
      line: 1,
      message: expect.stringContaining('"Parent ID"'),
    });
  });

  it("reads a path list, creates implied parents and detects the separator", () => {
    const slash = parsePathListTaxonomy(
      "# company\nService/Vehicles/Maintenance/Honda\n\nService/Vehicles/Maintenance/Acura\n",
      "c.txt",
    );
    expect(slash.separator).toBe("/");
    expect(slash.nodes.map((n) => [n.path.join("/"), n.line])).toEqual([
      ["Service", 0],
      ["Service/Vehicles", 0],
      ["Service/Vehicles/Maintenance", 0],
      ["Service/Vehicles/Maintenance/Honda", 2],
      ["Service/Vehicles/Maintenance/Acura", 4],
    ]);
    const arrows = parsePathListTaxonomy(
      "Vehicles > Auto Repair > Honda\nVehicles > Auto Repair\n",
      "a.txt",
    );
    expect(arrows.separator).toBe(" > ");
    expect(arrows.nodes.find((n) => n.path.length === 2)?.line).toBe(2);
  });

  it("refuses tabs and empty files in a path list", () => {
    expect(parsePathListTaxonomy("a\tb\n", "x.txt").issues[0]).toMatchObject({
      line: 1,
      message: expect.stringContaining("tab"),
    });
    expect(parsePathListTaxonomy("# nothing\n", "x.txt").issues[0]?.message).toBe(
      "contains no label paths",
    );
  });
});

describe("label trees", () => {
  const labels = [
    { id: 1, parentId: null, path: ["Vehicles"], n: 1 },
    { id: 2, parentId: 1, path: ["Vehicles", "Auto Repair"], n: 5 },
    { id: 3, parentId: 2, path: ["Vehicles", "Auto Repair", "Honda"], n: 2 },
    { id: 4, parentId: null, path: ["Travel"], n: 7 },
  ];

  it("sums counts over each branch", () => {
    const roots = buildTree(labels, (l) => l.n);
    expect(roots.map((r) => [r.item.id, r.subtreeCount])).toEqual([
      [1, 8],
      [4, 7],
    ]);
    expect(roots[0]?.children[0]?.subtreeCount).toBe(7);
  });

  it("shows matches with their ancestors", () => {
    expect(matchingIds(labels, "")).toBeUndefined();
    expect([...(matchingIds(labels, "repair honda") ?? [])].sort()).toEqual([1, 2, 3]);
    expect([...(matchingIds(labels, "travel") ?? [])]).toEqual([4]);
  });
});
