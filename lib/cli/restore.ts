/**
 * `npm run restore -- --in FILE [--force]`: replaces the configured database and image folders by
 * a backup's. The archive is checked and unpacked beside the targets before anything is replaced;
 * data already there is only overwritten with --force. The embedded database must not be open in
 * the running app; stop the app for a PostgreSQL restore too, so it does not write meanwhile.
 */
import { readServerConfig } from "@/lib/server/config";
import { backupLocationsOf } from "@/lib/server/backup/locations";
import { restoreBackup } from "@/lib/server/backup/restoreBackup";
import { parseCommandLine, runCommand } from "./args";
import { progressPrinter } from "./backupProgress";

const usage = `Usage: npm run restore -- --in FILE [--force]

  --in FILE   a backup archive written by npm run backup
  --force     replace a database that holds rows, and image folders that hold files`;

async function main(): Promise<number> {
  const { values } = parseCommandLine(usage, {
    in: { type: "string" },
    force: { type: "boolean" },
  });
  if (values.help || !values.in) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const locations = backupLocationsOf(readServerConfig());
  const controller = new AbortController();
  process.once("SIGINT", () => {
    console.error("\nCancelling: the current data stays as it was.");
    controller.abort();
  });
  const startedAt = performance.now();
  const manifest = await restoreBackup({
    ...locations,
    archive: values.in,
    force: values.force ?? false,
    signal: controller.signal,
    onProgress: progressPrinter("Restoring"),
  });
  const rows = Object.values(manifest.tables).reduce((sum, n) => sum + n, 0);
  console.log(
    `Restored the backup of ${manifest.createdAt} (version ${manifest.appVersion}): ` +
      `${Object.keys(manifest.tables).length} tables, ${rows} rows, ` +
      `${manifest.images.files + manifest.imageStore.files} image files, ` +
      `in ${((performance.now() - startedAt) / 1000).toFixed(1)} s.`,
  );
  return 0;
}

runCommand(main);
