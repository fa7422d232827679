/**
 * `npm run backup -- --out FILE`: writes one archive with the configured database (the embedded
 * one in the data folder, or PostgreSQL through DATABASE_URL, dumped with pg_dump), both image
 * folders and a manifest. The embedded database must not be open in the running app; PostgreSQL
 * is backed up from a consistent snapshot while the app runs.
 */
import { readServerConfig } from "@/lib/server/config";
import { createBackup } from "@/lib/server/backup/createBackup";
import { backupLocationsOf } from "@/lib/server/backup/locations";
import { parseCommandLine, runCommand } from "./args";
import { progressPrinter } from "./backupProgress";

const usage = `Usage: npm run backup -- --out FILE

  --out FILE   the backup archive to write (a .tar.gz); an existing file is replaced only when
               the new backup is complete`;

async function main(): Promise<number> {
  const { values } = parseCommandLine(usage, { out: { type: "string" } });
  if (values.help || !values.out) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const locations = backupLocationsOf(readServerConfig());
  const controller = new AbortController();
  process.once("SIGINT", () => {
    console.error("\nCancelling: no backup file is written.");
    controller.abort();
  });
  const startedAt = performance.now();
  const manifest = await createBackup({
    ...locations,
    out: values.out,
    signal: controller.signal,
    onProgress: progressPrinter("Backing up"),
  });
  const rows = Object.values(manifest.tables).reduce((sum, n) => sum + n, 0);
  console.log(
    `Backed up the ${manifest.engine === "pglite" ? "embedded database" : "PostgreSQL database"} ` +
      `(${Object.keys(manifest.tables).length} tables, ${rows} rows, ${manifest.migrationCount} migrations) ` +
      `and ${manifest.images.files + manifest.imageStore.files} image files to ${values.out} ` +
      `in ${((performance.now() - startedAt) / 1000).toFixed(1)} s.`,
  );
  return 0;
}

runCommand(main);
