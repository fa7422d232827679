import type { BackupProgress } from "@/lib/server/backup/locations";

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A one-line status on stderr, at most four times a second. */
export function progressPrinter(verb: string): (p: BackupProgress) => void {
  let last = 0;
  return (p) => {
    if (p.phase !== "done" && performance.now() - last < 250) return;
    last = performance.now();
    const files = p.totalFiles !== undefined ? `, ${p.files}/${p.totalFiles} image files` : "";
    process.stderr.write(`\r${verb}: ${p.phase}${files}, ${megabytes(p.bytes)}   `);
    if (p.phase === "done") process.stderr.write("\n");
  };
}
