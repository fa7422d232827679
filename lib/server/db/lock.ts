import "server-only";
import { promises as fs } from "node:fs";
import path from "node:path";

export interface DataDirLock {
  release(): Promise<void>;
}

/** Thrown when another live process has the embedded database open. */
export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another process (pid ${pid}). ` +
        `Stop it first (for example the running app), or import through the app's Data page.`,
    );
    this.name = "DataDirBusyError";
  }
}

/**
 * PGlite has no cross-process locking of its own, so a pid file beside the data folder keeps a
 * second process (a command-line import while the app runs) from corrupting it. A lock left by a
 * process that no longer exists is taken over.
 */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  const lockPath = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(lockPath, String(process.pid), { flag: "wx" });
      let released = false;
      return {
        release: async () => {
          if (released) return;
          released = true;
          await fs.rm(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(await fs.readFile(lockPath, "utf8").catch(() => ""), 10);
      if (Number.isFinite(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DataDirBusyError(dataDir, holder);
      }
      await fs.rm(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database in ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
