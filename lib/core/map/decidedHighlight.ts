/**
 * The "decided" highlight on a map: a ring around every creative an annotator decided, drawn as a
 * trace of its own over the kind traces. A trace of its own rather than a per-point marker line,
 * because it gets a legend entry ("decided (n)") that Plotly can hide with a click, the points
 * under it keep their colouring, and turning the highlight off is leaving the trace out. Side by
 * side (before and after fine-tuning) it shows whether decided labels were pulled into their
 * clusters. Pure, so the map's trace builder and its tests share it.
 */

/** What the highlight needs of a map point (the map's `MapPoint` has these fields). */
export interface HighlightPoint {
  kind: "text" | "image" | "label";
  /** Hover text: the creative's text. */
  label: string;
  /** The creative's current label path: for a decided creative, the decided label. */
  branch: readonly string[];
  decided: boolean;
}

/** The highlight's options: `enabled` is the "Highlight decided" toggle. */
export interface DecidedHighlightOptions {
  enabled: boolean;
  /** `scattergl` over SVG `scatter`, as the kind traces. */
  webgl: boolean;
  /** Points whose entry is 0 are filtered out of the map, and out of the highlight. */
  shown?: Uint8Array | null;
}

/** The name the highlight trace's legend entry starts with. */
export const decidedTraceName = "decided";
/** The ring's colour: dark, to read over every branch colour. */
export const decidedRingColour = "#111827";
/** Ring diameter in pixels: larger than a creative's marker (5 to 6 px), so it circles it. */
const ringSizePx = 11;
const ringWidthPx = 1.5;

/** A Plotly trace as the highlight builds it; `customdata` holds each point's index. */
export interface DecidedHighlightTrace extends Record<string, unknown> {
  name: string;
  customdata: number[];
  hovertext: string[];
}

/**
 * The highlight trace for the decided creatives (text and image points) among `points`, at
 * `coordinates` (`[x0, y0, x1, y1, …]`); none when the toggle is off or nothing shown is decided.
 * Each ring's hover says "decided: <label path>" (just "decided" when the path is empty).
 */
export function decidedHighlightTraces(
  points: readonly HighlightPoint[],
  coordinates: Float32Array,
  options: DecidedHighlightOptions,
): DecidedHighlightTrace[] {
  if (!options.enabled) return [];
  const x: number[] = [];
  const y: number[] = [];
  const hover: string[] = [];
  const customdata: number[] = [];
  points.forEach((p, i) => {
    if (p.kind === "label" || !p.decided || (options.shown && !options.shown[i])) return;
    x.push(coordinates[2 * i] ?? 0);
    y.push(coordinates[2 * i + 1] ?? 0);
    const path = p.branch.join(" > ");
    hover.push(
      `${escapeHtml(truncate(p.label, 160))}<br><b>${decidedTraceName}${path ? `: ${escapeHtml(path)}` : ""}</b>`,
    );
    customdata.push(i);
  });
  if (x.length === 0) return [];
  return [
    {
      type: options.webgl ? "scattergl" : "scatter",
      mode: "markers",
      name: `${decidedTraceName} (${x.length})`,
      x,
      y,
      hovertext: hover,
      hoverinfo: "text",
      customdata,
      marker: {
        symbol: "circle-open",
        size: ringSizePx,
        color: decidedRingColour,
        line: { width: ringWidthPx, color: decidedRingColour },
      },
    },
  ];
}

/** Cuts `text` to `length` characters, ending in an ellipsis when cut. */
export function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** Escapes the characters Plotly's hover HTML would read as markup. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c,
  );
}
