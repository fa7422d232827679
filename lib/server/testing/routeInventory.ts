import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { permissions, type Permission } from "../../core/auth/roles";

/** One HTTP method of one route handler file, with the access it declares. */
export interface RouteEntry {
  file: string;
  /** The URL with each dynamic segment filled in (`[creativeId]` becomes `1`). */
  url: string;
  method: string;
  /** `public` for `publicRoute`, null when the export is neither guarded nor public. */
  permission: Permission | "public" | null;
}

const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** Every file under `dir` whose name passes `keep`, depth first. */
function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return filesUnder(full, keep);
    return keep(entry) ? [full] : [];
  });
}

const filesNamed = (dir: string, name: string) => filesUnder(dir, (entry) => entry === name);

/** The URL path of an app-router file, dynamic segments filled with a plausible id. */
function urlOf(appDir: string, file: string): string {
  const segments = path
    .relative(appDir, path.dirname(file))
    .split(path.sep)
    .filter((s) => s.length > 0 && !/^\(.*\)$/.test(s))
    .map((s) => (s.startsWith("[...") ? "session" : s.startsWith("[") ? "1" : s));
  return `/${segments.join("/")}`;
}

/**
 * Every exported method of every route handler under `app/`, read from the source: what the
 * route-enumeration tests check, so a new route is covered the moment its file exists.
 */
export function routeInventory(root = process.cwd()): RouteEntry[] {
  const appDir = path.join(root, "app");
  return filesNamed(appDir, "route.ts").flatMap((file) => {
    const source = readFileSync(file, "utf8");
    const found: RouteEntry[] = [];
    for (const method of methods) {
      const declared = new RegExp(
        `export\\s+(?:async\\s+function\\s+${method}\\b|const\\s+${method}\\s*=\\s*([\\s\\S]{0,200}))`,
      ).exec(source);
      if (!declared) continue;
      const init = declared[1] ?? "";
      const guard = /^guarded(?:<[^>]*>)?\(\s*"(\w+)"/.exec(init);
      const permission = guard
        ? (permissions.find((p) => p === guard[1]) ?? null)
        : /^publicRoute\(/.test(init)
          ? ("public" as const)
          : null;
      found.push({ file: path.relative(root, file), url: urlOf(appDir, file), method, permission });
    }
    return found;
  });
}

/** Pages (`page.tsx`) and whether each checks the session with `requirePage`. */
export function pageInventory(
  root = process.cwd(),
): { file: string; url: string; checked: boolean }[] {
  const appDir = path.join(root, "app");
  return filesNamed(appDir, "page.tsx").map((file) => ({
    file: path.relative(root, file),
    url: urlOf(appDir, file),
    checked: /await requirePage\(\s*"\w+"/.test(readFileSync(file, "utf8")),
  }));
}

/** Source files that declare server actions (`"use server"`), which would need their own checks. */
export function serverActionFiles(root = process.cwd()): string[] {
  return ["app", "components", "lib"]
    .flatMap((dir) => filesUnder(path.join(root, dir), (entry) => /\.tsx?$/.test(entry)))
    .filter((file) => /^\s*["']use server["']/m.test(readFileSync(file, "utf8")))
    .map((file) => path.relative(root, file));
}
