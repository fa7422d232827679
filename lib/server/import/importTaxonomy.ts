import "server-only";
import { ImportRejectedError, type ImportIssue } from "@/lib/core/import/issues";
import {
  looksLikeIabTsv,
  parseIabTaxonomyTsv,
  parsePathListTaxonomy,
  type ParsedTaxonomy,
} from "@/lib/core/taxonomy/parse";
import type { Database } from "../db";
import { importTaxonomyNodes } from "../data/taxonomies";
import { finishImport } from "./finishImport";
import { hashingStream, newSha256 } from "./hashing";
import type { ImportReport } from "./importCreatives";
import { decodeUtf8, UnreadableFileError } from "./readRecords";

export interface TaxonomyImportOptions {
  file: string;
  source: AsyncIterable<Uint8Array>;
  maxBytes: number;
  /** The taxonomy to create or extend. */
  taxonomy: string;
  /** Separator of a path-list file; detected when absent (` > ` if any line has it, else `/`). */
  separator?: string;
  skipBadRows?: boolean;
  createdBy?: string;
}

/**
 * Imports a taxonomy file (IAB TSV or one path per line) into a new or existing taxonomy in one
 * transaction. Parents are created from paths; labels already present are left untouched, so a
 * re-import changes nothing.
 */
export async function importTaxonomy(
  db: Database,
  options: TaxonomyImportOptions,
): Promise<ImportReport> {
  const startedAt = new Date();
  const sha = newSha256();
  let parsed: ParsedTaxonomy | undefined;
  let issues: ImportIssue[] = [];
  let status: ImportReport["status"] = "done";
  let message = "";
  let written = 0;
  let unchanged = 0;
  try {
    const text = await readText(hashingStream(options.source, sha), options);
    const firstLine = text.slice(0, text.search(/\r?\n|$/));
    parsed = looksLikeIabTsv(firstLine)
      ? parseIabTaxonomyTsv(text, options.file)
      : parsePathListTaxonomy(text, options.file, { separator: options.separator });
    issues = parsed.issues;
    if (issues.length > 0 && !options.skipBadRows) throw new ImportRejectedError(issues);
    if (parsed.nodes.length === 0)
      throw new ImportRejectedError([
        { file: options.file, line: 0, message: "contains no labels" },
      ]);
    const nodes = parsed.nodes;
    const separator = parsed.separator;
    const result = await db.transaction((tx) =>
      importTaxonomyNodes(tx, {
        name: options.taxonomy,
        separator,
        source: options.file,
        nodes,
        createdBy: options.createdBy ?? `import:${options.file}`,
      }),
    );
    written = result.labelsAdded;
    unchanged = result.labelsUnchanged;
    message = `Taxonomy "${options.taxonomy}": ${written} labels added, ${unchanged} already present${issues.length ? `, ${issues.length} lines skipped` : ""}.`;
  } catch (error) {
    status = "failed";
    if (error instanceof ImportRejectedError) {
      if (issues.length === 0) issues = error.issues;
      message = `${error.message}. Nothing was written.`;
    } else if (error instanceof UnreadableFileError) {
      issues = [error.issue];
      message = `${options.file}${error.issue.line ? ` line ${error.issue.line}` : ""}: ${error.issue.message}. Nothing was written.`;
    } else throw error;
  }
  const rowsRead = (parsed?.nodes.filter((n) => n.line > 0).length ?? 0) + issues.length;
  return finishImport(db, {
    kind: "taxonomy",
    fileName: options.file,
    fileSha256: sha.digest("hex"),
    target: options.taxonomy,
    status,
    message,
    rowsRead,
    rowsWritten: written,
    rowsUnchanged: status === "done" ? unchanged : 0,
    rowsRejected: issues.length,
    issues,
    startedAt,
  });
}

/** Taxonomies are small; they are read whole, through the same strict UTF-8 and size checks. */
async function readText(
  source: AsyncIterable<Uint8Array>,
  options: TaxonomyImportOptions,
): Promise<string> {
  const parts: string[] = [];
  for await (const part of decodeUtf8(source, { file: options.file, maxBytes: options.maxBytes }))
    parts.push(part);
  return parts.join("");
}
