import { decidedHighlightTraces, escapeHtml, truncate } from "@/lib/core/map/decidedHighlight";
import { categoryOf, colourScale, type ColourMode } from "./colouring";
import type { MapPoint, PointKind } from "./mapData";

/**
 * Turns points and coordinates into Plotly traces: one trace per kind, so the marker (circle for
 * texts, square for images, diamond with its name for labels) and the legend tell modality
 * apart, and colours per point from the chosen colouring. `customdata` holds each point's index
 * into the data, which is how clicks and selections find their points again. With the "decided"
 * highlight on, a last trace rings the decided creatives (see `decidedHighlightTraces`).
 */

const symbols: Record<PointKind, string> = { text: "circle", image: "square", label: "diamond" };
const sizes: Record<PointKind, number> = { text: 5, image: 6, label: 11 };
const kindNames: Record<PointKind, string> = {
  text: "creative text",
  image: "creative image",
  label: "label",
};
/** Above this many labels their names are left to the hover, or they cover the map. */
const maxNamedLabels = 60;

/** A Plotly trace as the map builds it. */
export interface MapTrace extends Record<string, unknown> {
  name: string;
  customdata: number[];
}

/**
 * The traces for the current colouring; `webgl` picks `scattergl` over SVG `scatter`; points
 * whose `shown` entry is 0 are left out (the filters), and colours stay those of all points;
 * `highlightDecided` adds the ring trace over the decided creatives that are shown.
 */
export function buildTraces(
  points: readonly MapPoint[],
  coordinates: Float32Array,
  mode: ColourMode,
  level: number,
  webgl: boolean,
  shown: Uint8Array | null = null,
  highlightDecided = false,
): MapTrace[] {
  const scale = colourScale(points, mode, level);
  const kinds: PointKind[] = ["text", "image", "label"];
  const labelCount = points.filter((p) => p.kind === "label").length;
  const kindTraces = kinds.flatMap((kind): MapTrace[] => {
    const x: number[] = [];
    const y: number[] = [];
    const colours: string[] = [];
    const hover: string[] = [];
    const names: string[] = [];
    const customdata: number[] = [];
    points.forEach((p, i) => {
      if (p.kind !== kind || (shown && !shown[i])) return;
      x.push(coordinates[2 * i] ?? 0);
      y.push(coordinates[2 * i + 1] ?? 0);
      const category = categoryOf(p, mode, level);
      colours.push(scale.get(category) ?? "#999");
      hover.push(`${escapeHtml(truncate(p.label, 160))}<br><i>${escapeHtml(category)}</i>`);
      names.push(p.kind === "label" ? (p.branch.at(-1) ?? p.label) : "");
      customdata.push(i);
    });
    if (x.length === 0) return [];
    const named = kind === "label" && labelCount <= maxNamedLabels;
    return [
      {
        type: webgl ? "scattergl" : "scatter",
        mode: named ? "markers+text" : "markers",
        name: `${kindNames[kind]} (${x.length})`,
        x,
        y,
        text: named ? names : undefined,
        textposition: "top center",
        textfont: { size: 10, color: "#374151" },
        hovertext: hover,
        hoverinfo: "text",
        customdata,
        marker: {
          symbol: symbols[kind],
          size: sizes[kind],
          color: colours,
          opacity: kind === "label" ? 1 : 0.75,
          line: kind === "label" ? { width: 1, color: "#111827" } : { width: 0 },
        },
      },
    ];
  });
  return [
    ...kindTraces,
    ...decidedHighlightTraces(points, coordinates, { enabled: highlightDecided, webgl, shown }),
  ];
}

let webGlSupport: boolean | null = null;

/**
 * Whether this browser can draw WebGL (scattergl); without it the SVG fallback is used. Probed
 * once per page (a probe creates a context).
 */
export function hasWebGl(): boolean {
  webGlSupport ??= probeWebGl();
  return webGlSupport;
}

function probeWebGl(): boolean {
  try {
    const canvas = document.createElement("canvas");
    return Boolean(canvas.getContext("webgl2") ?? canvas.getContext("webgl"));
  } catch {
    // Some browsers throw instead of returning null when WebGL is blocked: same answer.
    return false;
  }
}
