/**
 * `npm run export:model -- --version ID --format transformers-js|sentence-transformers --out DIR`:
 * writes a trained model version as a model folder (not zipped), with the same core code as the
 * download route, so a version can be handed to another tool without the app running.
 */
import { existsSync, readdirSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import {
  exportFormats,
  exportStoredVersion,
  ModelExportRefusedError,
} from "@/lib/core/adaptation/export/modelExport";
import { bundledModelId } from "@/lib/core/models/registry";
import { getModelVersion } from "@/lib/server/data/modelVersions";
import { openConfiguredDatabase } from "@/lib/server/db/client";
import { parseCommandLine, runCommand } from "./args";

const usage = `Usage: npm run export:model -- --version ID --format ${exportFormats.join("|")} --out DIR

Writes model version ID as a folder at DIR, which must not exist or be empty.`;

/** Writes the files under `dir`; refuses a non-empty `dir` rather than deleting anything. */
async function writeFolder(dir: string, files: Map<string, Uint8Array>): Promise<number> {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new Error(`${dir} is not empty: choose a new folder (nothing was written)`);
  }
  let total = 0;
  for (const [file, bytes] of files) {
    const target = path.join(dir, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, bytes);
    total += bytes.length;
  }
  return total;
}

async function main(): Promise<number> {
  const { values } = parseCommandLine(usage, {
    version: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const problems: string[] = [];
  const versionId = z.coerce.number().int().positive().safeParse(values.version);
  if (values.version === undefined) problems.push("--version is required");
  else if (!versionId.success)
    problems.push(`--version must be a positive integer, not "${values.version}"`);
  const format = z.enum(exportFormats).safeParse(values.format);
  if (values.format === undefined) problems.push("--format is required");
  else if (!format.success)
    problems.push(`--format must be one of ${exportFormats.join(", ")}, not "${values.format}"`);
  if (!values.out) problems.push("--out DIR is required");
  if (problems.length > 0 || !versionId.success || !format.success || !values.out) {
    console.error(`${problems.join("\n")}\n\n${usage}`);
    return 2;
  }
  const out = path.resolve(values.out);
  if (existsSync(out) && readdirSync(out).length > 0) {
    console.error(`${out} is not empty: choose a new folder (nothing was written)`);
    return 2;
  }
  const handle = await openConfiguredDatabase();
  try {
    const stored = await getModelVersion(handle.db, versionId.data);
    if (!stored) {
      console.error(`No model version ${versionId.data}`);
      return 2;
    }
    const { name, files } = await exportStoredVersion(stored, format.data, (file) =>
      readFile(path.join(process.cwd(), "public/models", bundledModelId, file)),
    );
    const bytes = await writeFolder(out, files);
    console.log(`Wrote ${name} (${files.size} files, ${(bytes / 1e6).toFixed(1)} MB) to ${out}`);
    return 0;
  } catch (error) {
    if (error instanceof ModelExportRefusedError) {
      console.error(`Cannot export version ${versionId.data}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await handle.close();
  }
}

runCommand(main);
