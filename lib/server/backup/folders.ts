import "server-only";
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";

/**
 * Folder handling for backup and restore: listing the files to archive, checking the names an
 * archive brings, and replacing a folder by a fully written one with renames, so a restore that
 * fails leaves the old folder in place and one that succeeds leaves no mixture of both.
 */

/** A file to archive, with its path relative to the folder (always with `/`). */
export interface FolderFile {
  relative: string;
  absolute: string;
  size: number;
  mtime: Date;
}

/**
 * The regular files under a folder, in name order; none when the folder does not exist. A link
 * to a file is archived as the file; a link to a folder is not followed (it could loop).
 */
export async function listFolderFiles(root: string): Promise<FolderFile[]> {
  const files: FolderFile[] = [];
  async function walk(folder: string, prefix: string): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT" && folder === root) return;
      throw error;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const absolute = path.join(folder, entry.name);
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        await walk(absolute, relative);
        continue;
      }
      const stat = await fs.stat(absolute).catch(() => undefined);
      if (stat?.isFile()) files.push({ relative, absolute, size: stat.size, mtime: stat.mtime });
    }
  }
  await walk(root, "");
  return files;
}

/** Whether a folder exists and holds anything. */
export async function folderHasContent(folder: string): Promise<boolean> {
  const entries = await fs.readdir(folder).catch(() => []);
  return entries.length > 0;
}

/**
 * Resolves a relative path from an archive inside `root`, refusing absolute paths, `..`,
 * backslashes and empty segments: an archive must never write outside its folder.
 */
export function safeJoin(root: string, relative: string): string | undefined {
  if (!relative || relative.includes("\\") || relative.startsWith("/")) return undefined;
  const segments = relative.split("/");
  if (segments.some((s) => s === "" || s === "." || s === ".." || s.includes("\0"))) {
    return undefined;
  }
  const full = path.resolve(root, ...segments);
  return full.startsWith(path.resolve(root) + path.sep) ? full : undefined;
}

/** A new empty folder beside `target` (same file system, so it can be renamed onto it). */
export async function siblingTempFolder(target: string, purpose: string): Promise<string> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const folder = `${target}.${purpose}-${randomBytes(4).toString("hex")}`;
  await fs.mkdir(folder);
  return folder;
}

/** A pair of folders to swap: the fully written `replacement` takes the place of `target`. */
export interface FolderSwap {
  target: string;
  replacement: string;
}

/**
 * Moves each replacement onto its target. Old folders are first renamed aside, and only removed
 * once every replacement is in place; if a rename fails, what was moved is moved back.
 */
export async function swapFolders(swaps: readonly FolderSwap[]): Promise<void> {
  const done: { target: string; aside?: string }[] = [];
  try {
    for (const swap of swaps) {
      let aside: string | undefined;
      if (await fs.stat(swap.target).catch(() => undefined)) {
        aside = `${swap.target}.replaced-${randomBytes(4).toString("hex")}`;
        await fs.rename(swap.target, aside);
      }
      done.push({ target: swap.target, aside });
      await fs.rename(swap.replacement, swap.target);
    }
  } catch (error) {
    for (const step of done.reverse()) {
      if (!step.aside) continue;
      await fs.rm(step.target, { recursive: true, force: true }).catch(() => undefined);
      await fs.rename(step.aside, step.target).catch(() => undefined);
    }
    throw error;
  }
  for (const step of done) {
    if (step.aside) await fs.rm(step.aside, { recursive: true, force: true });
  }
}
