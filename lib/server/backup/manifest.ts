import "server-only";
import { z } from "zod";

/**
 * The manifest, the first entry of every backup: what the archive holds and what made it, so a
 * restore can refuse an archive it cannot read (a newer format, the other engine, a newer schema)
 * before touching anything, and check afterwards that every table came back whole.
 */

/** The archive layout this version writes; a restore reads this version and older ones. */
export const backupFormatVersion = 1;

/** Entry names inside the archive. */
export const archiveNames = {
  manifest: "manifest.json",
  database: { pglite: "database/pglite.tar.gz", postgres: "database/postgres.dump" },
  /** The configured image folder (CREATIVE_TRIAGE_IMAGE_DIR), where image references resolve. */
  images: "images/",
  /** The data folder's store of checked images and thumbnails that `creative_images` points to. */
  imageStore: "creative-images/",
} as const;

const folderSummary = z.object({
  files: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
});

export const backupManifestSchema = z.object({
  format: z.literal("creative-triage-backup"),
  formatVersion: z.number().int().positive(),
  engine: z.enum(["pglite", "postgres"]),
  appVersion: z.string().min(1),
  /** Migrations the database had applied; a restore refuses a schema newer than its own. */
  migrationCount: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  /** Rows per table of the public schema, counted in the same snapshot as the dump. */
  tables: z.record(z.string(), z.number().int().nonnegative()),
  database: z.object({
    bytes: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 hexadecimal digits"),
    /** For PostgreSQL: the server's and pg_dump's major versions. */
    serverVersion: z.number().int().positive().optional(),
    toolVersion: z.number().int().positive().optional(),
  }),
  images: folderSummary,
  imageStore: folderSummary,
});

export type BackupManifest = z.infer<typeof backupManifestSchema>;

/** Thrown when an archive's manifest is missing, malformed or from a format this version can't read. */
export class BadManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BadManifestError";
  }
}

/**
 * Parses and checks a manifest. The format version is checked before the rest, so a newer
 * archive says "newer" instead of listing fields this version does not know.
 */
export function parseManifest(bytes: Uint8Array): BackupManifest {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (error) {
    throw new BadManifestError(`${archiveNames.manifest} is not JSON: ${(error as Error).message}`);
  }
  const version = z.object({ formatVersion: z.number() }).safeParse(json);
  if (version.success && version.data.formatVersion > backupFormatVersion) {
    throw new BadManifestError(
      `the backup was made by a newer version of Creative Triage (format version ${version.data.formatVersion}; this version reads up to ${backupFormatVersion}); restore it with that version or a later one`,
    );
  }
  const parsed = backupManifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new BadManifestError(`${archiveNames.manifest} is not valid: ${problems.join("; ")}`);
  }
  return parsed.data;
}
