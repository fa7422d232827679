import "server-only";
import { z } from "zod";
import { looksLikeIabTsv } from "@/lib/core/taxonomy/parse";
import type { Database } from "../db";
import { importCreatives, type ImportReport } from "./importCreatives";
import { importTaxonomy } from "./importTaxonomy";
import type { ProgressListener } from "./progress";
import type { RecordFormat } from "./readRecords";

/** Options of an import, as the Data page and the command line give them; validated with zod. */
export const importRequestSchema = z.object({
  fileName: z
    .string()
    .trim()
    .min(1, "a file name is required")
    .max(255)
    .refine((name) => /\.(csv|tsv|jsonl|ndjson|txt)$/i.test(name), {
      message: "must end in .csv, .tsv, .jsonl, .ndjson or .txt",
    }),
  kind: z.enum(["auto", "taxonomy", "creatives"]).default("auto"),
  dataset: z.string().trim().min(1).max(100).optional(),
  taxonomy: z.string().trim().min(1).max(100).optional(),
  separator: z.string().min(1).max(5).optional(),
  skipBadRows: z.boolean().default(false),
});
export type ImportRequest = z.infer<typeof importRequestSchema>;

export interface RunImportOptions extends ImportRequest {
  source: AsyncIterable<Uint8Array>;
  totalBytes?: number;
  maxBytes: number;
  isSynthetic?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

/**
 * Imports one file of any supported kind: the kind and format come from the extension and, for
 * `.tsv`, from the header (an IAB taxonomy or creatives). The Data page, the command line and the
 * demo loader all import through here.
 */
export async function runImport(db: Database, options: RunImportOptions): Promise<ImportReport> {
  const { firstLine, source } = await peekFirstLine(options.source);
  const extension = options.fileName.toLowerCase().split(".").pop();
  const isTaxonomy =
    options.kind === "taxonomy" ||
    (options.kind === "auto" &&
      (extension === "txt" || (extension === "tsv" && looksLikeIabTsv(firstLine))));
  if (isTaxonomy) {
    return importTaxonomy(db, {
      file: options.fileName,
      source,
      maxBytes: options.maxBytes,
      taxonomy: options.taxonomy ?? baseName(options.fileName),
      separator: options.separator,
      skipBadRows: options.skipBadRows,
    });
  }
  const format: RecordFormat = extension === "csv" ? "csv" : extension === "tsv" ? "tsv" : "jsonl";
  return importCreatives(db, {
    file: options.fileName,
    format,
    source,
    totalBytes: options.totalBytes,
    maxBytes: options.maxBytes,
    dataset: options.dataset ?? baseName(options.fileName),
    taxonomy: options.taxonomy,
    isSynthetic: options.isSynthetic,
    skipBadRows: options.skipBadRows,
    signal: options.signal,
    onProgress: options.onProgress,
  });
}

function baseName(fileName: string): string {
  return fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "");
}

/** Reads the stream's first line without losing it, so the format can be sniffed before parsing. */
async function peekFirstLine(
  source: AsyncIterable<Uint8Array>,
): Promise<{ firstLine: string; source: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const buffered: Uint8Array[] = [];
  let text = "";
  while (!/[\r\n]/.test(text) && text.length < 64 * 1024) {
    const next = await iterator.next();
    if (next.done) break;
    buffered.push(next.value);
    text += new TextDecoder().decode(next.value, { stream: true });
  }
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield* buffered;
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      yield next.value;
  }
  return { firstLine: text.split(/\r?\n/)[0] ?? "", source: replay() };
}
