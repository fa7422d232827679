/**
 * `npm run import -- <file> [options]`: imports a taxonomy or creatives file into the configured
 * database (the embedded one in .data/ unless DATABASE_URL is set), with progress on stderr.
 */
import { createReadStream, promises as fs } from "node:fs";
import path from "node:path";
import { describeIssue } from "@/lib/core/import/issues";
import { readServerConfig } from "@/lib/server/config";
import { openConfiguredDatabase } from "@/lib/server/db/client";
import { importRequestSchema, runImport } from "@/lib/server/import/runImport";
import { parseCommandLine, runCommand } from "./args";

const usage = `Usage: npm run import -- <file> [--dataset NAME] [--taxonomy NAME] [--kind auto|taxonomy|creatives]
                        [--separator SEP] [--skip-bad-rows]

  <file>            .csv/.tsv/.jsonl creatives, an IAB taxonomy .tsv, or a .txt list of label paths
  --dataset NAME    dataset to import creatives into (default: the file's name)
  --taxonomy NAME   taxonomy to create or extend, or that a new dataset's labels come from
  --separator SEP   separator of a .txt taxonomy (default: " > " if any line has it, else "/")
  --skip-bad-rows   write the good rows and report the bad ones instead of refusing the file`;

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine(usage, {
    dataset: { type: "string" },
    taxonomy: { type: "string" },
    kind: { type: "string" },
    separator: { type: "string" },
    "skip-bad-rows": { type: "boolean" },
  });
  if (values.help || positionals.length !== 1) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const filePath = path.resolve(positionals[0] ?? "");
  const stat = await fs.stat(filePath).catch(() => undefined);
  if (!stat?.isFile()) {
    console.error(`No such file: ${filePath}`);
    return 2;
  }
  const request = importRequestSchema.safeParse({
    fileName: path.basename(filePath),
    kind: values.kind,
    dataset: values.dataset,
    taxonomy: values.taxonomy,
    separator: values.separator,
    skipBadRows: values["skip-bad-rows"] ?? false,
  });
  if (!request.success) {
    const issue = request.error.issues[0];
    console.error(`Invalid option ${String(issue?.path[0])}: ${issue?.message}\n\n${usage}`);
    return 2;
  }
  const config = readServerConfig();
  const handle = await openConfiguredDatabase();
  const controller = new AbortController();
  process.once("SIGINT", () => {
    console.error("\nCancelling: the import rolls back.");
    controller.abort();
  });
  let lastPrint = 0;
  try {
    const startedAt = performance.now();
    const report = await runImport(handle.db, {
      ...request.data,
      source: createReadStream(filePath),
      totalBytes: stat.size,
      maxBytes: config.maxImportBytes,
      signal: controller.signal,
      onProgress: (p) => {
        if (performance.now() - lastPrint < 250) return;
        lastPrint = performance.now();
        const percent = p.totalBytes
          ? ` (${Math.round((100 * p.bytesRead) / p.totalBytes)}% of the file)`
          : "";
        process.stderr.write(`\r${p.rowsRead} rows read, ${p.rowsWritten} written${percent}   `);
      },
    });
    process.stderr.write("\n");
    for (const issue of report.issues.slice(0, 50)) console.error(`  ${describeIssue(issue)}`);
    if (report.issues.length > 50) console.error(`  ... and ${report.issues.length - 50} more`);
    console.log(
      `${report.message} (${((performance.now() - startedAt) / 1000).toFixed(1)} s, ${handle.description})`,
    );
    return report.status === "done" ? 0 : 1;
  } finally {
    await handle.close();
  }
}

runCommand(main);
