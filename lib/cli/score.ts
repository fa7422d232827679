/**
 * `npm run score -- --dataset <name>`: embeds a dataset's creatives and labels with the bundled
 * model in Node (the same transformers.js path as the browser) and runs the detector, so the
 * queue is ready after a command-line import of a large file. The detector's top-k searches
 * run on onnxruntime-node with `--threads` intra-op threads (every core by default).
 */
import { findDatasetByName } from "@/lib/server/data/creatives";
import { openConfiguredDatabase } from "@/lib/server/db/client";
import { createOrtTopKSearch } from "@/lib/server/detector/ortTopKSearch";
import { embedAndScoreDataset } from "@/lib/server/pipeline/embedAndScore";
import { parseCommandLine, runCommand } from "./args";

const usage = "Usage: npm run score -- --dataset NAME [--threads N (0: every core, the default)]";

async function main(): Promise<number> {
  const { values } = parseCommandLine(usage, {
    dataset: { type: "string" },
    threads: { type: "string" },
  });
  if (values.help || !values.dataset) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const threads = Number(values.threads ?? 0);
  if (!Number.isInteger(threads) || threads < 0) {
    console.error(`--threads must be a non-negative integer, not "${values.threads}"\n\n${usage}`);
    return 2;
  }
  const handle = await openConfiguredDatabase();
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  try {
    const dataset = await findDatasetByName(handle.db, values.dataset);
    if (!dataset) {
      console.error(`No dataset named "${values.dataset}"`);
      return 2;
    }
    const result = await embedAndScoreDataset(handle.db, {
      datasetId: dataset.id,
      signal: controller.signal,
      log: (line) => console.error(line),
      search: createOrtTopKSearch({ threads, signal: controller.signal }),
    });
    console.log(
      `Scored ${result.scored} creatives: ${result.wrongLabel} flagged wrong_label, ${result.newLabel} flagged new_label (${result.groups} groups of close candidates).`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}

runCommand(main);
