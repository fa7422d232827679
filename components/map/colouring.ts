import type { MapPoint } from "./mapData";

/**
 * How points are coloured: by label branch at a chosen depth, by detector flag, or by whether an
 * annotator decided the creative. Pure, so the legend and the plot agree and tests need no DOM.
 */

export const colourModes = ["branch", "flag", "decision"] as const;
export type ColourMode = (typeof colourModes)[number];

/** A qualitative palette readable on white (Tableau 10, then a lighter set). */
const palette = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
  "#86bcb6",
  "#d4a6c8",
  "#8cd17d",
  "#f1ce63",
  "#a0cbe8",
  "#ffbe7d",
];
const otherColour = "#c7c7c7";

/** The category a point falls in under a colouring. */
export function categoryOf(point: MapPoint, mode: ColourMode, level: number): string {
  switch (mode) {
    case "branch":
      return point.branch.slice(0, level).join(" > ") || "(no label)";
    case "flag":
      if (point.kind === "label") return "label";
      return point.flag === "wrong_label"
        ? "wrong label"
        : point.flag === "new_label"
          ? "new label"
          : "not flagged";
    case "decision":
      if (point.kind === "label") return "label";
      return point.decided ? "decided" : "open";
  }
}

const fixedColours: Record<string, string> = {
  "wrong label": "#e15759",
  "new label": "#f28e2b",
  "not flagged": "#bab0ac",
  decided: "#59a14f",
  open: "#bab0ac",
  label: "#1f2937",
};

/** Category -> colour for the given points; the most frequent categories get palette colours. */
export function colourScale(
  points: readonly MapPoint[],
  mode: ColourMode,
  level: number,
): Map<string, string> {
  const counts = new Map<string, number>();
  for (const p of points) {
    const key = categoryOf(p, mode, level);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const ordered = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const scale = new Map<string, string>();
  ordered.forEach(([key], i) => {
    scale.set(
      key,
      fixedColours[key] ?? (mode === "branch" ? (palette[i] ?? otherColour) : otherColour),
    );
  });
  return scale;
}
