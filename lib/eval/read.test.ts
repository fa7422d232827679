import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readEvalTsv } from "./read";

function tsv(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "ct-eval-")), "data.tsv");
  writeFileSync(path, content);
  return path;
}

describe("readEvalTsv", () => {
  it("reads any TSV with text and label_path, ignoring other columns", () => {
    const rows = readEvalTsv(
      tsv(
        "id\ttext\tlabel_path\tsplit\tpredicted_label\tis_new\n" +
          "1\tcheap tyres\tVehicles > Tyres\ttrain\tVehicles/Tyres\t0\n" +
          "2\tflat white\tFood/Coffee\t\t\ttrue\n" +
          "3\twhat is the meaning of life\toos\ttest\t\t\n",
      ),
    );
    expect(rows).toEqual([
      {
        text: "cheap tyres",
        labelPath: ["Vehicles", "Tyres"],
        split: "train",
        predicted: ["Vehicles", "Tyres"],
        isNew: false,
      },
      {
        text: "flat white",
        labelPath: ["Food", "Coffee"],
        split: "",
        predicted: undefined,
        isNew: true,
      },
      {
        text: "what is the meaning of life",
        labelPath: ["oos"],
        split: "test",
        predicted: undefined,
        isNew: true,
      },
    ]);
  });

  it("names the missing columns and the bad line", () => {
    expect(() => readEvalTsv(tsv("text\tlabel\nx\ty\n"))).toThrow(/"text" and "label_path"/);
    expect(() => readEvalTsv(tsv("text\tlabel_path\nx\t\n"))).toThrow(/line 2/);
  });
});
