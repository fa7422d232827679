/**
 * `npm run bench:import`: imports 100,000 generated creatives (CSV) into a fresh embedded database
 * and, when DATABASE_URL is set, into that PostgreSQL server (a new dataset; nothing else is
 * touched). The last line is `rows=... pg_rows_per_s=... pglite_rows_per_s=...`. `--rows N`
 * changes the size.
 */
import { createReadStream, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readServerConfig } from "@/lib/server/config";
import { openDatabase, type DatabaseTarget } from "@/lib/server/db/client";
import { runImport } from "@/lib/server/import/runImport";
import { parseCommandLine, runCommand } from "./args";

const labelPaths = [
  "Vehicles > Automotive Services > Auto Repair",
  "Vehicles > Automotive Services > Car Wash",
  "Vehicles > Vehicle Rental",
  "Travel and Tourism > Air Travel",
  "Food and Beverages > Non-Alcoholic Beverages",
];

/** Writes the taxonomy and the creatives file the benchmark imports. */
async function writeFiles(workDir: string, rows: number) {
  const taxonomyFile = path.join(workDir, "taxonomy.txt");
  await fs.writeFile(taxonomyFile, labelPaths.join("\n"));
  const csvFile = path.join(workDir, "creatives.csv");
  const lines = ["id,text,predicted_label,predicted_score,generative_label,meta.campaign"];
  for (let i = 0; i < rows; i++) {
    const label = labelPaths[i % labelPaths.length];
    lines.push(
      `bench-${i},"Creative ${i}: spring offer, 20% off, BOOK NOW > call 555-${String(i % 10000).padStart(4, "0")}",${label},${((i % 97) / 100).toFixed(2)},Auto/Offer ${i % 13},c${i % 50}`,
    );
  }
  await fs.writeFile(csvFile, `${lines.join("\n")}\n`);
  return { taxonomyFile, csvFile, size: (await fs.stat(csvFile)).size };
}

/** Imports the file into one engine and returns the creatives import's rows per second. */
async function measure(
  target: DatabaseTarget,
  files: Awaited<ReturnType<typeof writeFiles>>,
  rows: number,
): Promise<number> {
  const handle = await openDatabase(target);
  try {
    const dataset = `bench-${Date.now()}`;
    await runImport(handle.db, {
      fileName: "taxonomy.txt",
      kind: "taxonomy",
      source: createReadStream(files.taxonomyFile),
      maxBytes: files.size,
      taxonomy: dataset,
      skipBadRows: false,
    });
    const started = performance.now();
    const report = await runImport(handle.db, {
      fileName: "creatives.csv",
      kind: "creatives",
      source: createReadStream(files.csvFile),
      totalBytes: files.size,
      maxBytes: files.size,
      dataset,
      taxonomy: dataset,
      skipBadRows: false,
    });
    const seconds = (performance.now() - started) / 1000;
    if (report.status !== "done" || report.rowsWritten !== rows)
      throw new Error(`Benchmark import failed on ${handle.description}: ${report.message}`);
    const rate = Math.round(rows / seconds);
    console.log(`${handle.description}: ${rows} rows in ${seconds.toFixed(2)} s (${rate} rows/s)`);
    return rate;
  } finally {
    await handle.close();
  }
}

async function main(): Promise<number> {
  const { values } = parseCommandLine("Usage: npm run bench:import -- [--rows N]", {
    rows: { type: "string" },
  });
  const rows = Number(values.rows ?? 100_000);
  if (!Number.isInteger(rows) || rows < 1) {
    console.error(`--rows must be a positive whole number, not "${values.rows}"`);
    return 2;
  }
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), "ct-bench-import-"));
  try {
    const files = await writeFiles(workDir, rows);
    console.log(`file: ${(files.size / 1024 / 1024).toFixed(1)} MB, ${rows} rows`);
    const { databaseUrl } = readServerConfig();
    const pgRate = databaseUrl
      ? await measure({ engine: "postgres", url: databaseUrl }, files, rows)
      : undefined;
    if (!databaseUrl) console.log("DATABASE_URL is not set: PostgreSQL is not measured");
    const pgliteRate = await measure(
      { engine: "pglite", dataDir: path.join(workDir, "pglite") },
      files,
      rows,
    );
    console.log(
      `rows=${rows}${pgRate === undefined ? "" : ` pg_rows_per_s=${pgRate}`} pglite_rows_per_s=${pgliteRate}`,
    );
    return 0;
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

runCommand(main);
