import "server-only";
import { checkCreativeColumns, parseCreativeRecord } from "@/lib/core/import/creativeRecord";
import { ImportRejectedError, maxReportedIssues, type ImportIssue } from "@/lib/core/import/issues";
import { createLabelIndex, resolveLabel } from "@/lib/core/taxonomy/labelIndex";
import type { Database } from "../db";
import { bumpDatasetVersion, ensureDataset, findDatasetByName } from "../data/creatives";
import {
  findTaxonomyById,
  findTaxonomyByName,
  listLabelRefs,
  type LabelRef,
} from "../data/taxonomies";
import { readServerConfig } from "../config";
import {
  attachCreativeImages,
  imageStoreDir,
  type ImageFolders,
  type ImageReference,
} from "../images/creativeImages";
import { openCreativeStaging, type CreativeStaging } from "./creativeStaging";
import { finishImport } from "./finishImport";
import { contentHash, hashingStream, newSha256 } from "./hashing";
import type { ImportProgress, ProgressListener } from "./progress";
import { readRecords, UnreadableFileError, type RecordFormat } from "./readRecords";

export interface CreativesImportOptions {
  file: string;
  format: RecordFormat;
  source: AsyncIterable<Uint8Array>;
  totalBytes?: number;
  maxBytes: number;
  /** The dataset to import into; created when new, which then needs `taxonomy`. */
  dataset: string;
  taxonomy?: string;
  isSynthetic?: boolean;
  /** Write the good rows and report the bad ones, instead of refusing the whole file. */
  skipBadRows?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Where rows' images are read from and stored; the server configuration's by default. */
  images?: ImageFolders;
}

export interface ImportReport {
  importId: number;
  status: "done" | "failed" | "cancelled";
  message: string;
  rowsRead: number;
  rowsWritten: number;
  rowsUnchanged: number;
  rowsRejected: number;
  issues: ImportIssue[];
}

/** Progress is reported, and a cancel noticed, every this many rows. */
const progressEveryRows = 500;

/**
 * Imports a creatives file in one transaction: rows are streamed, validated, resolved against the
 * taxonomy and streamed into a staging table (COPY), then written into the dataset by set-based
 * statements at the end (see `openCreativeStaging`). By default any bad row refuses the whole file (and every issue
 * found is reported, each naming its line and field); with `skipBadRows` the good rows are written
 * and the bad ones reported. Cancelling rolls everything back.
 */
export async function importCreatives(
  db: Database,
  options: CreativesImportOptions,
): Promise<ImportReport> {
  const startedAt = new Date();
  const sha = newSha256();
  const issues: ImportIssue[] = [];
  const progress: ImportProgress = {
    phase: "reading",
    bytesRead: 0,
    totalBytes: options.totalBytes,
    rowsRead: 0,
    rowsWritten: 0,
    rowsRejected: 0,
  };
  const report = (p: Partial<ImportProgress>) => {
    Object.assign(progress, p);
    options.onProgress?.({ ...progress });
  };
  const addIssue = (issue: ImportIssue) => {
    if (issues.length < maxReportedIssues) issues.push(issue);
  };
  let status: ImportReport["status"] = "done";
  let message = "";
  let unchanged = 0;
  let rejectedRows = 0;
  let rowsRead = 0;
  let written = 0;
  let datasetId: number | undefined;
  const imageReferences: ImageReference[] = [];
  let staging: CreativeStaging | undefined;
  try {
    await db.transaction(async (tx) => {
      try {
        const existingDataset = await findDatasetByName(tx, options.dataset);
        const taxonomyName = options.taxonomy;
        const taxonomy = existingDataset
          ? await findTaxonomyById(tx, existingDataset.taxonomyId)
          : taxonomyName
            ? await findTaxonomyByName(tx, taxonomyName)
            : undefined;
        if (!taxonomy) {
          throw new ImportRejectedError([
            {
              file: options.file,
              line: 0,
              message: taxonomyName
                ? `taxonomy "${taxonomyName}" does not exist; import it first`
                : `dataset "${options.dataset}" is new: name the taxonomy its labels come from`,
            },
          ]);
        }
        if (taxonomyName && taxonomy.name !== taxonomyName) {
          throw new ImportRejectedError([
            {
              file: options.file,
              line: 0,
              message: `dataset "${options.dataset}" is labelled against taxonomy "${taxonomy.name}", not "${taxonomyName}"`,
            },
          ]);
        }
        const dataset = await ensureDataset(tx, {
          name: options.dataset,
          taxonomyId: taxonomy.id,
          taxonomyName: taxonomy.name,
          isSynthetic: options.isSynthetic,
        });
        datasetId = dataset.id;
        const index = createLabelIndex(
          (await listLabelRefs(tx, taxonomy.id)).filter((l) => l.status !== "rejected"),
          taxonomy.separator,
        );
        const firstLineOfId = new Map<string, number>();
        // Label strings repeat across rows; resolving each distinct one once keeps 100,000-row imports fast.
        const resolved = new Map<string, LabelRef | undefined>();
        const resolveCached = (value: string) => {
          if (!resolved.has(value)) resolved.set(value, resolveLabel(index, value));
          return resolved.get(value);
        };
        const rows = await openCreativeStaging(tx);
        staging = rows;
        const records = readRecords(hashingStream(options.source, sha), {
          file: options.file,
          format: options.format,
          maxBytes: options.maxBytes,
          onBytes: (bytesRead) => (progress.bytesRead = bytesRead),
        });
        for await (const item of records) {
          if (item.kind === "header") {
            const headerIssues = checkCreativeColumns(item.columns, options.file, item.line);
            if (headerIssues.length > 0) throw new ImportRejectedError(headerIssues);
            continue;
          }
          rowsRead++;
          const rowIssues: ImportIssue[] = [];
          if (item.kind === "bad") rowIssues.push(item.issue);
          else {
            const parsed = parseCreativeRecord(item.values, options.file, item.line);
            if (!parsed.ok) rowIssues.push(...parsed.issues);
            else {
              const record = parsed.record;
              const firstLine = firstLineOfId.get(record.externalId);
              if (firstLine !== undefined) {
                rowIssues.push({
                  file: options.file,
                  line: item.line,
                  field: "id",
                  message: `duplicate id "${record.externalId}" (first on line ${firstLine})`,
                });
              } else firstLineOfId.set(record.externalId, item.line);
              const predicted = record.predictedLabel
                ? resolveCached(record.predictedLabel)
                : undefined;
              if (record.predictedLabel && !predicted) {
                rowIssues.push({
                  file: options.file,
                  line: item.line,
                  field: "predicted_label",
                  message: `unknown label "${record.predictedLabel}" (not in taxonomy "${taxonomy.name}")`,
                });
              }
              if (rowIssues.length === 0) {
                if (record.imageRef) {
                  imageReferences.push({
                    externalId: record.externalId,
                    imageRef: record.imageRef,
                    line: item.line,
                  });
                }
                const generative = record.generativeLabel
                  ? resolveCached(record.generativeLabel)
                  : undefined;
                // A file refused as a whole needs no more rows staged, only every issue found.
                const strictAndBroken = !options.skipBadRows && issues.length > 0;
                const sending = strictAndBroken
                  ? undefined
                  : rows.add(
                      {
                        ...record,
                        contentHash: contentHash(record),
                        predictedLabelId: predicted?.id,
                        generativeLabelId: generative?.id,
                      },
                      item.line,
                    );
                if (sending) await sending;
              }
            }
          }
          if (rowIssues.length > 0) {
            rejectedRows++;
            rowIssues.forEach(addIssue);
          }
          if (rowsRead % progressEveryRows === 0) {
            options.signal?.throwIfAborted();
            report({
              phase: "writing",
              rowsRead,
              rowsRejected: rejectedRows,
              rowsWritten: rows.staged,
            });
          }
        }
        options.signal?.throwIfAborted();
        report({
          phase: "finishing",
          rowsRead,
          rowsRejected: rejectedRows,
          rowsWritten: rows.staged,
        });
        if (!options.skipBadRows && issues.length > 0) throw new ImportRejectedError(issues);
        written = (await rows.merge(dataset.id)).written;
        staging = undefined;
        options.signal?.throwIfAborted();
        unchanged = rowsRead - rejectedRows - written;
        if (written > 0) await bumpDatasetVersion(tx, dataset.id);
      } catch (error) {
        // A COPY still open would hold the connection, and the rollback would wait behind it forever.
        await staging?.abandon(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
    });
    message = `Imported ${rowsRead - rejectedRows} of ${rowsRead} rows into "${options.dataset}": ${written} written, ${unchanged} unchanged${rejectedRows ? `, ${rejectedRows} skipped` : ""}.`;
    if (datasetId !== undefined && imageReferences.length > 0) {
      // After the rows' transaction: a bad image is reported on its row, never undoes the import.
      const config = options.images ? undefined : readServerConfig();
      const images = await attachCreativeImages(db, {
        datasetId,
        file: options.file,
        references: imageReferences,
        ...(options.images ?? {
          imageDir: config!.imageDir,
          storeDir: imageStoreDir(config!.dataDir),
        }),
      });
      images.issues.forEach(addIssue);
      message += ` ${images.stored} of ${imageReferences.length} images stored${images.issues.length ? `; ${images.issues.length} refused (see the issues)` : ""}.`;
    }
  } catch (error) {
    written = 0;
    unchanged = 0;
    if (options.signal?.aborted) {
      status = "cancelled";
      message = "The import was cancelled; nothing was written.";
    } else if (error instanceof ImportRejectedError) {
      status = "failed";
      if (issues.length === 0) issues.push(...error.issues);
      message = `${error.message}. Nothing was written.`;
    } else if (error instanceof UnreadableFileError) {
      status = "failed";
      issues.push(error.issue);
      message = `${options.file}${error.issue.line ? ` line ${error.issue.line}` : ""}: ${error.issue.message}. Nothing was written.`;
    } else {
      throw error;
    }
  }
  return finishImport(db, {
    kind: "creatives",
    fileName: options.file,
    fileSha256: sha.digest("hex"),
    target: options.dataset,
    status,
    message,
    rowsRead,
    rowsWritten: written,
    rowsUnchanged: unchanged,
    rowsRejected: rejectedRows,
    issues,
    startedAt,
  });
}
