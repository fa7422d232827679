import type { MapPoint } from "./mapData";

/**
 * Which points the map shows: a label branch (top level), a detector flag, a decision status and
 * a search over texts and label paths. The layout is of all points, so filtering never moves
 * anything; label points stay as landmarks unless the branch or the search leaves them out.
 */
export interface MapFilter {
  branch: string;
  flag: "" | "wrong_label" | "new_label" | "none";
  decision: "" | "decided" | "open";
  search: string;
}

export const noFilter: MapFilter = { branch: "", flag: "", decision: "", search: "" };

export function isFiltering(filter: MapFilter): boolean {
  return Boolean(filter.branch || filter.flag || filter.decision || filter.search.trim());
}

/** 1 for each point the filter keeps, 0 for the others; null when nothing is filtered. */
export function shownPoints(points: readonly MapPoint[], filter: MapFilter): Uint8Array | null {
  if (!isFiltering(filter)) return null;
  const words = filter.search.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = new Uint8Array(points.length);
  points.forEach((p, i) => {
    if (filter.branch && p.branch[0] !== filter.branch) return;
    if (words.length > 0) {
      const text = `${p.label} ${p.branch.join(" > ")}`.toLowerCase();
      if (!words.every((w) => text.includes(w))) return;
    }
    if (p.kind !== "label") {
      if (filter.flag === "none" ? p.flag !== null : filter.flag && p.flag !== filter.flag) return;
      if (filter.decision && p.decided !== (filter.decision === "decided")) return;
    }
    shown[i] = 1;
  });
  return shown;
}

/** The top-level branches among the points, most frequent first. */
export function topBranches(points: readonly MapPoint[]): string[] {
  const counts = new Map<string, number>();
  for (const p of points) {
    const top = p.branch[0];
    if (top) counts.set(top, (counts.get(top) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([b]) => b);
}
