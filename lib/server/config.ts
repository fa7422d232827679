import "server-only";
import path from "node:path";
import { z } from "zod";

/**
 * Server settings, read once from the environment and validated, so a typo in DATABASE_URL is a
 * clear start-up error instead of a failure on the first query.
 */
const environmentSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  CREATIVE_TRIAGE_DATA_DIR: z.string().trim().min(1).default(".data"),
  CREATIVE_TRIAGE_IMAGE_DIR: z.string().trim().min(1).optional(),
  CREATIVE_TRIAGE_MAX_IMPORT_MB: z.coerce.number().positive().max(10_000).default(512),
  CREATIVE_TRIAGE_GENERATIVE_API_KEY: z
    .string()
    .trim()
    .regex(/^[\x21-\x7e]*$/, "must be one token of printable characters (no spaces)")
    .optional()
    .transform((v) => (v ? v : undefined)),
});

export interface ServerConfig {
  /** A PostgreSQL server; when absent, the embedded PGlite database in `pgliteDir` is used. */
  databaseUrl?: string;
  /** Folder holding the embedded database, uploaded files and other local state. */
  dataDir: string;
  pgliteDir: string;
  /** Image references of creatives resolve inside this folder and never outside it. */
  imageDir: string;
  maxImportBytes: number;
  /**
   * The bearer token for the generative label provider; from the environment only, never stored,
   * logged or sent to the browser (Settings shows only whether one is set).
   */
  generativeApiKey?: string;
}

/** Parses the environment; throws an error that names the bad variable. */
export function readServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid environment variable ${String(issue?.path[0] ?? "?")}: ${issue?.message ?? "invalid"}`,
    );
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.CREATIVE_TRIAGE_DATA_DIR);
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir,
    pgliteDir: path.join(dataDir, "pglite"),
    imageDir: path.resolve(e.CREATIVE_TRIAGE_IMAGE_DIR ?? path.join(dataDir, "images")),
    maxImportBytes: Math.round(e.CREATIVE_TRIAGE_MAX_IMPORT_MB * 1024 * 1024),
    generativeApiKey: e.CREATIVE_TRIAGE_GENERATIVE_API_KEY,
  };
}
