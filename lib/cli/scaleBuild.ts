/**
 * The library part of `bench:scale`: generates the seeded synthetic creatives, imports the
 * taxonomy and the creatives (COPY path), embeds them on worker threads and scores the dataset,
 * timing each step.
 */
import { createReadStream, promises as fs } from "node:fs";
import path from "node:path";
import { defaultModel } from "@/lib/core/models/registry";
import { sql } from "drizzle-orm";
import { recordBulkDecisions } from "@/lib/server/data/bulkDecisions";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { rowsOf } from "@/lib/server/data/taxonomies";
import type { Database } from "@/lib/server/db";
import { createOrtTopKSearch } from "@/lib/server/detector/ortTopKSearch";
import { runImport } from "@/lib/server/import/runImport";
import { embedDataset } from "@/lib/server/pipeline/embedDataset";
import { embedAndScoreDataset } from "@/lib/server/pipeline/embedAndScore";
import { scaleTaxonomyFiles, writeScaleLibrary } from "./scaleLibrary";

/** What building the library measured. */
export interface ScaleBuildFigures {
  importRate: number;
  embedRate: number;
  scoreSeconds: number;
  flagged: number;
}

export async function buildScaleLibrary(
  db: Database,
  options: {
    creatives: number;
    seed: number;
    threads: number;
    workDir: string;
    datasetName: string;
    taxonomyName: string;
    signal: AbortSignal;
    progress: (line: string) => void;
  },
): Promise<ScaleBuildFigures> {
  const { creatives, seed, threads, workDir, datasetName, taxonomyName, signal, progress } =
    options;
  const file = path.join(workDir, "creatives.jsonl");
  let started = performance.now();
  await writeScaleLibrary(file, {
    count: creatives,
    seed,
    signal,
    onProgress: (written) => progress(`generated ${written}/${creatives} creatives`),
  });
  const { size } = await fs.stat(file);
  progress(`generated ${(size / 1024 / 1024).toFixed(0)} MB in ${sec(started)} s`);

  for (const taxonomyFile of scaleTaxonomyFiles) {
    const { size: bytes } = await fs.stat(taxonomyFile);
    const report = await runImport(db, {
      fileName: path.basename(taxonomyFile),
      kind: "taxonomy",
      source: createReadStream(taxonomyFile),
      totalBytes: bytes,
      maxBytes: bytes,
      taxonomy: taxonomyName,
      skipBadRows: false,
    });
    if (report.status !== "done") throw new Error(`Taxonomy import failed: ${report.message}`);
  }
  started = performance.now();
  const imported = await runImport(db, {
    fileName: "creatives.jsonl",
    kind: "creatives",
    source: createReadStream(file),
    totalBytes: size,
    maxBytes: size,
    dataset: datasetName,
    taxonomy: taxonomyName,
    isSynthetic: true,
    skipBadRows: false,
    signal,
    onProgress: (p: { rowsWritten?: number; bytesRead?: number }) =>
      progress(`import: ${p.rowsWritten ?? "?"} rows, ${p.bytesRead ?? "?"} of ${size} bytes`),
  });
  const importSeconds = (performance.now() - started) / 1000;
  if (imported.status !== "done" || imported.rowsWritten !== creatives)
    throw new Error(`The creatives import failed: ${imported.message}`);
  const importRate = creatives / importSeconds;
  progress(`imported ${creatives} creatives in ${importSeconds.toFixed(1)} s`);
  await fs.rm(file);

  const dataset = await findDatasetByName(db, datasetName);
  if (!dataset) throw new Error("The imported dataset is missing");
  started = performance.now();
  let lastLine = 0;
  // Passed as a variable: the worker-thread count is an option of the pooled embedder.
  const embedInput = {
    datasetId: dataset.id,
    model: defaultModel(),
    threads,
    signal,
    onProgress: (p: { done: number; total: number; threads?: number }) => {
      if (performance.now() - lastLine < 2000 && p.done < p.total) return;
      lastLine = performance.now();
      progress(`embedding ${p.done}/${p.total} (${p.threads ?? 1} threads)`);
    },
  };
  const embedded = await embedDataset(db, embedInput);
  const embedRate = embedded.embedded / ((performance.now() - started) / 1000);
  progress(`embedded ${embedded.embedded} texts and labels in ${sec(started)} s`);

  started = performance.now();
  const scored = await embedAndScoreDataset(db, {
    datasetId: dataset.id,
    signal,
    log: (line) => progress(`scoring: ${line}`),
    search: createOrtTopKSearch({ threads: 0, signal }),
  });
  const scoreSeconds = (performance.now() - started) / 1000;
  progress(
    `scored in ${scoreSeconds.toFixed(1)} s: ${scored.wrongLabel} wrong_label, ${scored.newLabel} new_label`,
  );
  signal.throwIfAborted();

  return {
    importRate,
    embedRate,
    scoreSeconds,
    flagged: scored.wrongLabel + scored.newLabel,
  };
}

/** Seconds since `started`, one decimal. */
export function sec(started: number): string {
  return ((performance.now() - started) / 1000).toFixed(1);
}

/**
 * Gives the library a decision history before the export is measured: `count` creatives outside
 * the queue get their classifier's label accepted by one account, through the product's own bulk
 * decision path (each with its previous label and training pairs), in batches of one label.
 * Without it the export would carry only the few hundred decisions of the timed claims.
 */
export async function seedDecisionHistory(
  db: Database,
  options: {
    datasetId: number;
    count: number;
    annotator: string;
    progress: (line: string) => void;
  },
): Promise<number> {
  const rows = rowsOf<{ creative_id: number; label_id: number }>(
    await db.execute(sql`
      select c.id as creative_id, p.label_id from creatives c
      join suggestions p on p.creative_id = c.id and p.source = 'classifier' and p.rank = 1
      where c.dataset_id = ${options.datasetId} and p.label_id is not null
        and not exists (select 1 from detector_scores s where s.creative_id = c.id and s.flag is not null)
        and not exists (select 1 from decisions d where d.creative_id = c.id)
      order by c.id limit ${options.count}`),
  );
  const byLabel = new Map<number, number[]>();
  for (const r of rows) {
    const ids = byLabel.get(r.label_id) ?? [];
    ids.push(r.creative_id);
    byLabel.set(r.label_id, ids);
  }
  let decided = 0;
  for (const [labelId, creativeIds] of byLabel) {
    for (let start = 0; start < creativeIds.length; start += 500) {
      const outcome = await recordBulkDecisions(db, {
        creativeIds: creativeIds.slice(start, start + 500),
        labelId,
        action: "accept",
        annotator: options.annotator,
        source: "bench-history",
      });
      decided += outcome.decided;
    }
    options.progress(`decision history: ${decided}/${rows.length}`);
  }
  return decided;
}
