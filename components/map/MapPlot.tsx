"use client";

import type { PlotlyHTMLElement, PlotlySelectionEvent } from "plotly.js-dist-min";
import { useEffect, useRef, useState } from "react";
import { usePlotly } from "@/components/plotly/usePlotly";
import type { MapTrace } from "./plotTraces";

/**
 * The Plotly scatter, loaded client-side only (plotly.js-dist-min is 4.8 MB and touches `window`
 * on import). Redraws with `Plotly.react`, which keeps zoom and selection while the layout
 * refines during the epochs. Clicks and box/lasso selections come back as point indices.
 */
export function MapPlot(props: {
  traces: MapTrace[];
  /** Changes when a new map starts, so the axes re-fit once instead of on every refinement. */
  revision: string;
  onClickPoint: (index: number) => void;
  onSelect: (indices: number[]) => void;
  /** The point under the pointer, or null when it leaves the points. */
  onHover?: (index: number | null) => void;
  testId?: string;
}) {
  const { traces, revision, onClickPoint, onSelect, onHover } = props;
  const root = useRef<HTMLDivElement>(null);
  const { plotly, loadError } = usePlotly();
  const [drawError, setDrawError] = useState<string | null>(null);
  const handlers = useRef({ onClickPoint, onSelect, onHover });
  useEffect(() => {
    handlers.current = { onClickPoint, onSelect, onHover };
  }, [onClickPoint, onSelect, onHover]);

  useEffect(() => {
    const element = root.current;
    if (!plotly || !element) return;
    const indicesOf = (event: PlotlySelectionEvent | undefined) =>
      (event?.points ?? []).flatMap((p) =>
        typeof p.customdata === "number" ? [p.customdata] : [],
      );
    plotly
      .react(
        element,
        traces,
        {
          uirevision: revision,
          dragmode: "select",
          hovermode: "closest",
          margin: { l: 10, r: 10, t: 10, b: 10 },
          xaxis: { visible: false },
          yaxis: { visible: false, scaleanchor: "x" },
          legend: { orientation: "h", y: -0.02 },
        },
        { responsive: true, displaylogo: false, scrollZoom: true },
      )
      .then((plot: PlotlyHTMLElement) => {
        plot.removeAllListeners("plotly_click");
        plot.removeAllListeners("plotly_selected");
        plot.removeAllListeners("plotly_deselect");
        plot.removeAllListeners("plotly_hover");
        plot.removeAllListeners("plotly_unhover");
        plot.on("plotly_click", (event) => {
          const [index] = indicesOf(event);
          if (index !== undefined) handlers.current.onClickPoint(index);
        });
        plot.on("plotly_selected", (event) => handlers.current.onSelect(indicesOf(event)));
        plot.on("plotly_deselect", () => handlers.current.onSelect([]));
        plot.on("plotly_hover", (event) => {
          const [index] = indicesOf(event);
          handlers.current.onHover?.(index ?? null);
        });
        plot.on("plotly_unhover", () => handlers.current.onHover?.(null));
      })
      .catch((error: unknown) =>
        setDrawError(error instanceof Error ? error.message : String(error)),
      );
  }, [plotly, traces, revision]);

  useEffect(() => {
    const element = root.current;
    return () => {
      if (plotly && element) plotly.purge(element);
    };
  }, [plotly]);

  if (loadError ?? drawError) {
    return (
      <p role="alert" className="text-sm text-red-700">
        The plot failed: {loadError ?? drawError}
      </p>
    );
  }
  return (
    <div
      ref={root}
      data-testid={props.testId ?? "map-plot"}
      data-ready={plotly ? "true" : "false"}
      className="h-[70vh] min-h-[420px] w-full rounded border border-slate-200 bg-white"
    />
  );
}
