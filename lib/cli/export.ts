/**
 * `npm run export -- --format pairs.csv --dataset demo [--from DATE] [--to DATE] [--annotator NAME]
 * [--branch "Vehicles > Automotive Services"] [--out FILE]`: the same exports as the Data page,
 * streamed to a file or standard output.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { openConfiguredDatabase } from "@/lib/server/db/client";
import { exportFilterOf, exportQuerySchema } from "@/lib/server/export/exportQuery";
import { exportFormats, exportLines } from "@/lib/server/export/formats";
import { parseCommandLine, runCommand } from "./args";

const usage = `Usage: npm run export -- --format FORMAT --dataset NAME [--from DATE] [--to DATE]
                        [--annotator NAME] [--branch PATH] [--out FILE]

Formats:
${Object.entries(exportFormats)
  .map(([name, what]) => `  ${name.padEnd(20)} ${what}`)
  .join("\n")}`;

async function main(): Promise<number> {
  const { values } = parseCommandLine(usage, {
    format: { type: "string" },
    dataset: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    annotator: { type: "string" },
    branch: { type: "string" },
    out: { type: "string" },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const parsed = exportQuerySchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    console.error(`Invalid --${String(issue?.path[0])}: ${issue?.message}\n\n${usage}`);
    return 2;
  }
  const query = parsed.data;
  const handle = await openConfiguredDatabase();
  try {
    const dataset = await findDatasetByName(handle.db, query.dataset);
    if (!dataset) {
      console.error(`No dataset named "${query.dataset}"`);
      return 2;
    }
    const out = values.out ? createWriteStream(values.out) : process.stdout;
    for await (const chunk of exportLines(
      handle.db,
      query.format,
      exportFilterOf(query, dataset),
    )) {
      if (!out.write(chunk)) await once(out, "drain");
    }
    if (out !== process.stdout) {
      out.end();
      await once(out, "finish");
    }
    return 0;
  } finally {
    await handle.close();
  }
}

runCommand(main);
