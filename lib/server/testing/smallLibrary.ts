import type { Database } from "../db";
import { importCreatives } from "../import/importCreatives";
import { importTaxonomy } from "../import/importTaxonomy";
import { streamOf } from "./databases";

/**
 * The smallest library a decision test needs: taxonomy `t` with `A > B` and `A > C`, and a dataset
 * of `texts.length` creatives (`c1`, `c2`, ...) that the classifier labelled `A > B`.
 */
export async function importSmallLibrary(db: Database, dataset: string, texts: string[]) {
  await importTaxonomy(db, {
    file: "t.txt",
    source: streamOf("A > B\nA > C\n"),
    maxBytes: 1e6,
    taxonomy: "t",
  });
  const rows = texts.map((text, i) => `c${i + 1},${text},A > B,0.5`);
  await importCreatives(db, {
    file: "c.csv",
    format: "csv",
    source: streamOf(`id,text,predicted_label,predicted_score\n${rows.join("\n")}\n`),
    maxBytes: 1e6,
    dataset,
    taxonomy: "t",
  });
}
