import type { ImportIssue } from "../import/issues";
import {
  ancestorPaths,
  defaultSeparator,
  labelPathKey,
  normalizeSegment,
  splitLabelPath,
} from "../labelPath";

/** One label read from a taxonomy file, before it is stored. */
export interface TaxonomyNodeInput {
  path: string[];
  /** The label's id in the source file (IAB "Unique ID"). */
  externalId?: string;
  /** 1-based line it came from; 0 for a parent that no line names but a path implies. */
  line: number;
}

export interface ParsedTaxonomy {
  format: "iab-tsv" | "path-list";
  separator: string;
  /** Every label, parents before children, each path once. */
  nodes: TaxonomyNodeInput[];
  issues: ImportIssue[];
}

const iabRequiredColumns = ["Unique ID", "Parent ID", "Name", "Tier 1"] as const;

/** True when the first line looks like an IAB Tech Lab taxonomy TSV header. */
export function looksLikeIabTsv(firstLine: string): boolean {
  const columns = firstLine
    .replace(/^\uFEFF/, "")
    .split("\t")
    .map((c) => c.trim());
  return iabRequiredColumns.every((c) => columns.includes(c));
}

/**
 * Reads an IAB Tech Lab taxonomy TSV (`Unique ID, Parent ID, Name, Tier 1, Tier 2, ...`). The path
 * comes from the Tier columns, which the files keep consistent, rather than from `Name`, whose
 * casing sometimes differs (`New vehicle Ownership` under Tier 3 `New Vehicle Ownership`). A row
 * whose parent is itself (IAB's `Ad Safety Risk`) is a root.
 */
export function parseIabTaxonomyTsv(text: string, file: string): ParsedTaxonomy {
  const lines = splitLines(text);
  const issues: ImportIssue[] = [];
  const header = (lines[0] ?? "").split("\t").map((c) => c.trim());
  const missing = iabRequiredColumns.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    issues.push({
      file,
      line: 1,
      message: `not an IAB taxonomy header: missing column${missing.length > 1 ? "s" : ""} ${missing.map((c) => `"${c}"`).join(", ")}`,
    });
    return { format: "iab-tsv", separator: defaultSeparator, nodes: [], issues };
  }
  const idColumn = header.indexOf("Unique ID");
  const tierColumns = header
    .map((name, index) => ({ name, index, tier: /^Tier (\d+)$/.exec(name)?.[1] }))
    .filter((c) => c.tier !== undefined)
    .sort((a, b) => Number(a.tier) - Number(b.tier));
  const collected: TaxonomyNodeInput[] = [];
  const seenIds = new Map<string, number>();
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (raw.trim() === "") return;
    const cells = raw.split("\t");
    const externalId = (cells[idColumn] ?? "").trim();
    if (externalId === "") {
      issues.push({ file, line, field: "Unique ID", message: "is empty" });
      return;
    }
    const firstLine = seenIds.get(externalId);
    if (firstLine !== undefined) {
      issues.push({
        file,
        line,
        field: "Unique ID",
        message: `duplicate id "${externalId}" (first on line ${firstLine})`,
      });
      return;
    }
    seenIds.set(externalId, line);
    const tiers = tierColumns.map((c) => normalizeSegment(cells[c.index] ?? ""));
    const lastFilled = tiers.reduce((last, value, index) => (value ? index : last), -1);
    const path = tiers.slice(0, lastFilled + 1);
    const gap = path.findIndex((segment) => segment === "");
    if (path.length === 0) {
      issues.push({ file, line, field: "Tier 1", message: "every Tier column is empty" });
    } else if (gap >= 0) {
      issues.push({
        file,
        line,
        field: tierColumns[gap]?.name,
        message: `is empty but a deeper tier is filled`,
      });
    } else {
      collected.push({ path, externalId, line });
    }
  });
  return {
    format: "iab-tsv",
    separator: defaultSeparator,
    nodes: withAncestors(collected),
    issues,
  };
}

/**
 * Reads a plain taxonomy: one label path per line (`Service/Vehicles/Maintenance/Honda` or
 * `Vehicles > Auto Repair`), `#` comments and blank lines ignored. Without an explicit separator
 * it uses ` > ` when any line has it, else `/`.
 */
export function parsePathListTaxonomy(
  text: string,
  file: string,
  options: { separator?: string } = {},
): ParsedTaxonomy {
  const lines = splitLines(text);
  const content = lines.filter((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
  const separator = options.separator ?? (content.some((l) => l.includes(" > ")) ? " > " : "/");
  const issues: ImportIssue[] = [];
  const collected: TaxonomyNodeInput[] = [];
  lines.forEach((raw, i) => {
    if (raw.trim() === "" || raw.trimStart().startsWith("#")) return;
    if (raw.includes("\t")) {
      issues.push({
        file,
        line: i + 1,
        message: `contains a tab; a path-list taxonomy has one label path per line (is this an IAB TSV?)`,
      });
      return;
    }
    collected.push({ path: splitLabelPath(raw, separator), line: i + 1 });
  });
  if (collected.length === 0 && issues.length === 0) {
    issues.push({ file, line: 0, message: "contains no label paths" });
  }
  return { format: "path-list", separator, nodes: withAncestors(collected), issues };
}

/**
 * Adds the parents a path implies but no line names, drops repeated paths (keeping the first,
 * which carries the line and id), and orders parents before children so they can be inserted
 * level by level.
 */
export function withAncestors(nodes: TaxonomyNodeInput[]): TaxonomyNodeInput[] {
  const byKey = new Map<string, TaxonomyNodeInput>();
  for (const node of nodes) {
    for (const ancestor of ancestorPaths(node.path)) {
      const key = labelPathKey(ancestor);
      if (!byKey.has(key)) byKey.set(key, { path: ancestor, line: 0 });
    }
    const key = labelPathKey(node.path);
    const existing = byKey.get(key);
    if (!existing || (existing.line === 0 && node.line > 0)) byKey.set(key, node);
  }
  return [...byKey.values()].sort((a, b) => a.path.length - b.path.length);
}

function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
}
