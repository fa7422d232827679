/**
 * `npm run bench:vectors`: find-similar over creative text vectors in the database, as an exact
 * scan and through an HNSW index, at several library sizes, on the embedded database and (when
 * DATABASE_URL is set) on that PostgreSQL server. Each size is a fresh dataset of generated
 * creatives with clustered 192-dimension vectors (the bundled model's size); it prints p50/p95 of
 * both methods, the index build time and the index's recall@10 against the exact answer. The last
 * line holds `<engine>_<method>_p95_ms_<size>=...` for each. `--sizes 2000,20000,100000`,
 * `--queries N`.
 */
import { createReadStream, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readServerConfig } from "@/lib/server/config";
import { openDatabase, type DatabaseTarget } from "@/lib/server/db/client";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { storeEmbeddings } from "@/lib/server/data/embeddings";
import { findSimilarCreatives } from "@/lib/server/data/similarCreatives";
import { rowsOf } from "@/lib/server/data/taxonomies";
import { ensureVectorIndex } from "@/lib/server/data/vectorIndexes";
import { runImport } from "@/lib/server/import/runImport";
import { sql } from "drizzle-orm";
import { mulberry32 } from "@/lib/core/random";
import { parseCommandLine, runCommand } from "./args";
import { percentile } from "./percentile";

const dim = 192;
const clusters = 64;
const k = 10;

function clusteredVectors(count: number, seed: number): Float32Array[] {
  const random = mulberry32(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: clusters }, () =>
    Float32Array.from({ length: dim }, gaussian),
  );
  return Array.from({ length: count }, (_, i) => {
    const centre = centres[i % clusters]!;
    const v = Float32Array.from({ length: dim }, (_, j) => centre[j]! + 0.8 * gaussian());
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

async function writeLibrary(workDir: string, size: number) {
  const taxonomyFile = path.join(workDir, "taxonomy.txt");
  await fs.writeFile(taxonomyFile, "Vehicles > Auto Repair\nTravel > Air Travel\n");
  const lines = ["id,text,predicted_label,predicted_score"];
  for (let i = 0; i < size; i++) lines.push(`v${i},Creative ${i},Travel > Air Travel,0.5`);
  const csvFile = path.join(workDir, `creatives-${size}.csv`);
  await fs.writeFile(csvFile, `${lines.join("\n")}\n`);
  return { taxonomyFile, csvFile, bytes: (await fs.stat(csvFile)).size };
}

interface SizeResult {
  exactP50: number;
  exactP95: number;
  hnswP50: number;
  hnswP95: number;
  buildSeconds: number;
  recall: number;
}

async function measure(
  target: DatabaseTarget,
  workDir: string,
  size: number,
  queries: number,
): Promise<SizeResult> {
  const handle = await openDatabase(target);
  try {
    const name = `bench-vectors-${size}-${Date.now()}`;
    const files = await writeLibrary(workDir, size);
    const common = { maxBytes: files.bytes, skipBadRows: false, taxonomy: name } as const;
    await runImport(handle.db, {
      ...common,
      fileName: "taxonomy.txt",
      kind: "taxonomy",
      source: createReadStream(files.taxonomyFile),
    });
    await runImport(handle.db, {
      ...common,
      fileName: "creatives.csv",
      kind: "creatives",
      source: createReadStream(files.csvFile),
      dataset: name,
    });
    const dataset = (await findDatasetByName(handle.db, name))!;
    const ids = rowsOf<{ id: number }>(
      await handle.db.execute(
        sql`select id from creatives where dataset_id = ${dataset.id} order by id`,
      ),
    ).map((r) => r.id);
    const model = { modelId: "bench-vectors", modelVersion: name };
    const vectors = clusteredVectors(size, size);
    for (let from = 0; from < size; from += 5000) {
      await storeEmbeddings(handle.db, {
        ...model,
        dim,
        items: ids.slice(from, from + 5000).map((id, i) => ({
          ownerType: "creative_text" as const,
          ownerId: id,
          contentHash: String(id),
          vector: vectors[from + i]!,
        })),
      });
      process.stderr.write(
        `\r${handle.engine} ${size}: ${Math.min(size, from + 5000)}/${size} vectors stored`,
      );
    }
    process.stderr.write("\n");
    await handle.db.execute(sql`analyze`);
    const random = mulberry32(7);
    const probe = Array.from({ length: queries }, () => ids[Math.floor(random() * ids.length)]!);
    const run = async (method: "exact" | "hnsw") => {
      const times: number[] = [];
      const answers: number[][] = [];
      for (const creativeId of probe) {
        const started = performance.now();
        const result = await findSimilarCreatives(handle.db, {
          ...model,
          creativeId,
          limit: k,
          method,
        });
        times.push(performance.now() - started);
        answers.push(result!.items.map((s) => s.creativeId));
      }
      return { times, answers };
    };
    const exact = await run("exact");
    const buildStarted = performance.now();
    const index = await ensureVectorIndex(
      handle.db,
      { ...model, ownerType: "creative_text" },
      { minRows: 0 },
    );
    const buildSeconds = (performance.now() - buildStarted) / 1000;
    const hnsw = await run("hnsw");
    const recall =
      hnsw.answers.reduce(
        (sum, found, q) => sum + found.filter((id) => exact.answers[q]!.includes(id)).length,
        0,
      ) /
      (k * queries);
    const result = {
      exactP50: percentile(exact.times, 50),
      exactP95: percentile(exact.times, 95),
      hnswP50: percentile(hnsw.times, 50),
      hnswP95: percentile(hnsw.times, 95),
      buildSeconds,
      recall,
    };
    console.log(
      `${handle.description} ${size} vectors: exact p50 ${result.exactP50.toFixed(1)} ms, p95 ${result.exactP95.toFixed(1)} ms; ` +
        `HNSW build ${buildSeconds.toFixed(1)} s, p50 ${result.hnswP50.toFixed(1)} ms, p95 ${result.hnswP95.toFixed(1)} ms, recall@${k} ${recall.toFixed(3)}`,
    );
    if (target.engine === "postgres") {
      await handle.db.execute(sql`delete from datasets where id = ${dataset.id}`);
      await handle.db.execute(sql`delete from embeddings where model_version = ${name}`);
      await handle.db.execute(sql.raw(`drop index if exists "${index!.name}"`));
    }
    return result;
  } finally {
    await handle.close();
  }
}

async function main(): Promise<number> {
  const usage = "Usage: npm run bench:vectors -- [--sizes 2000,20000,100000] [--queries 50]";
  const { values } = parseCommandLine(usage, {
    sizes: { type: "string" },
    queries: { type: "string" },
  });
  const sizes = (values.sizes ?? "2000,20000,100000").split(",").map(Number);
  const queries = Number(values.queries ?? 50);
  if (
    sizes.some((s) => !Number.isInteger(s) || s < k + 1) ||
    !Number.isInteger(queries) ||
    queries < 1
  ) {
    console.error(`--sizes must be whole numbers above ${k} and --queries a positive whole number`);
    return 2;
  }
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), "ct-bench-vectors-"));
  const figures: string[] = [];
  try {
    const { databaseUrl } = readServerConfig();
    const targets: [string, (size: number) => DatabaseTarget][] = [
      ["pglite", (size) => ({ engine: "pglite", dataDir: path.join(workDir, `pglite-${size}`) })],
    ];
    if (databaseUrl) targets.unshift(["pg", () => ({ engine: "postgres", url: databaseUrl })]);
    else console.log("DATABASE_URL is not set: PostgreSQL is not measured");
    for (const [engine, targetOf] of targets) {
      for (const size of sizes) {
        const r = await measure(targetOf(size), workDir, size, queries);
        figures.push(
          `${engine}_exact_p95_ms_${size}=${r.exactP95.toFixed(1)}`,
          `${engine}_hnsw_p95_ms_${size}=${r.hnswP95.toFixed(1)}`,
          `${engine}_hnsw_build_s_${size}=${r.buildSeconds.toFixed(1)}`,
          `${engine}_hnsw_recall_${size}=${r.recall.toFixed(3)}`,
        );
      }
    }
    console.log(figures.join(" "));
    return 0;
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

runCommand(main);
