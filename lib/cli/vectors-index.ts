/**
 * `npm run vectors:index`: builds the HNSW index of every vector space (a model version's text,
 * image or label vectors) large enough for one to pay (`hnswMinRows`), so find-similar and
 * kNN-to-confirmed queries stay fast on a large library. Idempotent; run it after embedding a
 * large import. Building takes minutes at a million vectors and runs beside a live app on
 * PostgreSQL (stop the app first on the embedded database: its folder is locked).
 */
import { openConfiguredDatabase } from "@/lib/server/db/client";
import { ensureVectorIndex, hnswMinRows, listVectorSpaces } from "@/lib/server/data/vectorIndexes";
import { parseCommandLine, runCommand } from "./args";

const usage = `Usage: npm run vectors:index -- [--min-rows N]

  --min-rows N   index spaces with at least N vectors (default ${hnswMinRows})`;

async function main(): Promise<number> {
  const { values } = parseCommandLine(usage, { "min-rows": { type: "string" } });
  const minRows = Number(values["min-rows"] ?? hnswMinRows);
  if (!Number.isInteger(minRows) || minRows < 0) {
    console.error(`--min-rows must be a whole number, not "${values["min-rows"]}"\n\n${usage}`);
    return 2;
  }
  const handle = await openConfiguredDatabase();
  try {
    const spaces = await listVectorSpaces(handle.db, minRows);
    let created = 0;
    for (const [i, space] of spaces.entries()) {
      const name = `${space.ownerType} vectors of ${space.modelId}@${space.modelVersion}`;
      console.error(`${i + 1}/${spaces.length}: ${name} (${space.rows} rows)…`);
      const started = performance.now();
      const index = await ensureVectorIndex(handle.db, space, { minRows });
      if (index?.created) created++;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.error(
        `  ${index?.created ? `built ${index.name} in ${seconds} s` : "already indexed"}`,
      );
    }
    console.log(`spaces=${spaces.length} created=${created}`);
    return 0;
  } finally {
    await handle.close();
  }
}

runCommand(main);
