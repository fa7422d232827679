/**
 * `npm run bench:import`: imports 100,000 generated creatives (CSV) into a fresh embedded database
 * and prints `rows=... seconds=... rows_per_s=...` as its last line. With DATABASE_URL set it
 * measures that PostgreSQL server instead. `--rows N` changes the size.
 */
import { createReadStream, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readServerConfig } from "@/lib/server/config";
import { openDatabase } from "@/lib/server/db/client";
import { runImport } from "@/lib/server/import/runImport";
import { parseCommandLine } from "./args";

const labelPaths = [
  "Vehicles > Automotive Services > Auto Repair",
  "Vehicles > Automotive Services > Car Wash",
  "Vehicles > Vehicle Rental",
  "Travel and Tourism > Air Travel",
  "Food and Beverages > Non-Alcoholic Beverages",
];

async function main(): Promise<void> {
  const { values } = parseCommandLine("Usage: npm run bench:import -- [--rows N]", {
    rows: { type: "string" },
  });
  const rows = Number(values.rows ?? 100_000);
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), "ct-bench-import-"));
  try {
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
    const { size } = await fs.stat(csvFile);
    const config = readServerConfig();
    const handle = await openDatabase(
      config.databaseUrl
        ? { engine: "postgres", url: config.databaseUrl }
        : { engine: "pglite", dataDir: path.join(workDir, "pglite") },
    );
    try {
      const dataset = `bench-${Date.now()}`;
      await runImport(handle.db, {
        fileName: "taxonomy.txt",
        kind: "taxonomy",
        source: createReadStream(taxonomyFile),
        maxBytes: size,
        taxonomy: dataset,
        skipBadRows: false,
      });
      const started = performance.now();
      const report = await runImport(handle.db, {
        fileName: "creatives.csv",
        kind: "creatives",
        source: createReadStream(csvFile),
        totalBytes: size,
        maxBytes: size,
        dataset,
        taxonomy: dataset,
        skipBadRows: false,
      });
      const seconds = (performance.now() - started) / 1000;
      if (report.status !== "done" || report.rowsWritten !== rows)
        throw new Error(`Benchmark import failed: ${report.message}`);
      console.log(`engine: ${handle.description}; file: ${(size / 1024 / 1024).toFixed(1)} MB`);
      console.log(
        `rows=${rows} seconds=${seconds.toFixed(2)} rows_per_s=${Math.round(rows / seconds)}`,
      );
    } finally {
      await handle.close();
    }
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
