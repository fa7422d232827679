import { z } from "zod";
import type { ImportIssue } from "./issues";

/**
 * The documented columns of a creatives file (CSV, TSV or JSONL). Free metadata goes in a
 * `metadata` object (JSONL, or a JSON string in CSV) or in `meta.<key>` columns; any other column
 * is refused by name, because a misspelt `predicted_lable` silently becoming metadata would lose a
 * label without anyone noticing.
 */
export const creativeColumns = {
  id: "stable external id of the creative (required)",
  text: "the ad's text; may be empty when an image is given",
  image: "image file path inside the image folder, or an http(s) URL",
  predicted_label:
    "the classifier's label path (` > ` or `/` separated); must exist in the taxonomy",
  predicted_score: "the classifier's confidence, a number from 0 to 1",
  generative_label: "the generative model's free-text label",
  model_version: "version of the model that made the suggestions (default: import)",
  metadata: "free metadata: a JSON object",
} as const;

export type CreativeColumn = keyof typeof creativeColumns;
const knownColumns = new Set<string>(Object.keys(creativeColumns));
const metadataColumnPrefix = /^(meta|metadata)\./;

/** A validated creative row, ready to store. */
export interface CreativeRecord {
  externalId: string;
  text: string;
  imageRef?: string;
  predictedLabel?: string;
  predictedScore?: number;
  generativeLabel?: string;
  modelVersion: string;
  metadata: Record<string, unknown>;
}

export const maxTextLength = 20_000;
const maxIdLength = 256;

const optionalString = z
  .union([z.string(), z.number()])
  .optional()
  .nullable()
  .transform((v) => (v === undefined || v === null ? undefined : String(v).trim() || undefined));

const fieldSchemas = {
  id: z
    .union([z.string(), z.number()], { error: "is required (a string or number)" })
    .transform((v) => String(v).trim())
    .pipe(
      z
        .string()
        .min(1, "is empty")
        .max(maxIdLength, `is longer than ${maxIdLength} characters`)
        .refine((v) => !hasControlCharacters(v), "contains control characters"),
    ),
  text: z
    .union([z.string(), z.number()], { error: "must be a string" })
    .optional()
    .nullable()
    .transform((v) => (v === undefined || v === null ? "" : String(v)))
    .pipe(
      z
        .string()
        .max(maxTextLength, `is longer than ${maxTextLength} characters`)
        .refine((v) => !v.includes("\u0000"), "contains a NUL character"),
    ),
  image: optionalString.pipe(
    z
      .string()
      .max(2048, "is longer than 2048 characters")
      .refine(isSafeImageReference, {
        message:
          "must be a relative path inside the image folder (no `..`, no absolute path) or an http(s) URL",
      })
      .optional(),
  ),
  predicted_label: optionalString.pipe(z.string().max(1000, "is too long").optional()),
  predicted_score: z
    .union([z.number(), z.string()])
    .optional()
    .nullable()
    .transform((v, ctx) => {
      if (v === undefined || v === null || (typeof v === "string" && v.trim() === ""))
        return undefined;
      const n = typeof v === "number" ? v : Number(v.trim());
      if (!Number.isFinite(n) || n < 0 || n > 1) {
        ctx.addIssue({
          code: "custom",
          message: `must be a number from 0 to 1, got ${JSON.stringify(v)}`,
        });
        return z.NEVER;
      }
      return n;
    }),
  generative_label: optionalString.pipe(z.string().max(1000, "is too long").optional()),
  model_version: optionalString.pipe(z.string().max(200, "is too long").optional()),
  metadata: z
    .union([z.record(z.string(), z.unknown()), z.string()])
    .optional()
    .nullable()
    .transform((v, ctx) => {
      if (v === undefined || v === null || v === "") return {};
      if (typeof v !== "string") return v;
      try {
        const parsed: unknown = JSON.parse(v);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
          return parsed as Record<string, unknown>;
        }
      } catch {
        // reported below
      }
      ctx.addIssue({ code: "custom", message: "must be a JSON object" });
      return z.NEVER;
    }),
};

/**
 * Checks a header (CSV) or the keys of the first JSON object, naming each unknown column and each
 * missing required one.
 */
export function checkCreativeColumns(
  columns: readonly string[],
  file: string,
  line: number,
): ImportIssue[] {
  const issues: ImportIssue[] = [];
  for (const column of columns) {
    if (!knownColumns.has(column) && !metadataColumnPrefix.test(column)) {
      issues.push({
        file,
        line,
        field: column,
        message: `unknown column "${column}"; expected ${Object.keys(creativeColumns).join(", ")} or meta.<key>`,
      });
    }
  }
  if (!columns.includes("id"))
    issues.push({ file, line, field: "id", message: "required column is missing" });
  if (!columns.includes("text") && !columns.includes("image")) {
    issues.push({ file, line, field: "text", message: "a text or an image column is required" });
  }
  return issues;
}

export type CreativeRecordResult =
  { ok: true; record: CreativeRecord } | { ok: false; issues: ImportIssue[] };

/** Validates one row (an object of column to value) into a record, or the issues naming each bad field. */
export function parseCreativeRecord(
  raw: Record<string, unknown>,
  file: string,
  line: number,
): CreativeRecordResult {
  const issues: ImportIssue[] = [];
  const values: Partial<Record<CreativeColumn, unknown>> = {};
  const extraMetadata: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(raw)) {
    if (knownColumns.has(column)) {
      const schema = fieldSchemas[column as CreativeColumn];
      const parsed = schema.safeParse(value);
      if (parsed.success) values[column as CreativeColumn] = parsed.data;
      else
        issues.push({
          file,
          line,
          field: column,
          message: parsed.error.issues[0]?.message ?? "invalid",
        });
    } else if (metadataColumnPrefix.test(column)) {
      if (value !== "" && value !== undefined && value !== null) {
        extraMetadata[column.replace(metadataColumnPrefix, "")] = value;
      }
    } else {
      issues.push({ file, line, field: column, message: `unknown column "${column}"` });
    }
  }
  if (!("id" in values) && !issues.some((i) => i.field === "id")) {
    issues.push({ file, line, field: "id", message: "is required" });
  }
  const text = (values.text as string | undefined) ?? "";
  const image = values.image as string | undefined;
  if (issues.length === 0 && text.trim() === "" && !image) {
    issues.push({ file, line, field: "text", message: "is empty and the row has no image" });
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    record: {
      externalId: values.id as string,
      text,
      imageRef: image,
      predictedLabel: values.predicted_label as string | undefined,
      predictedScore: values.predicted_score as number | undefined,
      generativeLabel: values.generative_label as string | undefined,
      modelVersion: (values.model_version as string | undefined) ?? "import",
      metadata: {
        ...((values.metadata as Record<string, unknown> | undefined) ?? {}),
        ...extraMetadata,
      },
    },
  };
}

/**
 * An image reference may name a file inside the configured image folder or a web address; it may
 * never climb out of the folder (`../`), start at the root, or use a drive letter or backslashes.
 */
export function isSafeImageReference(value: string): boolean {
  if (/^https?:\/\//i.test(value)) {
    try {
      new URL(value);
      return true;
    } catch {
      return false;
    }
  }
  if (hasControlCharacters(value) || value.includes("\\")) return false;
  if (value.startsWith("/") || /^[a-zA-Z]:/.test(value) || /^[a-z][a-z0-9+.-]*:/i.test(value))
    return false;
  const segments = value.split("/");
  return segments.every((s) => s !== ".." && s !== "");
}

/** True when a string holds a C0 control character (tab, newline, NUL, ...). */
export function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) < 0x20) return true;
  return false;
}
