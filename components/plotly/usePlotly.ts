"use client";

import { useEffect, useState } from "react";

type Plotly = typeof import("plotly.js-dist-min");

/**
 * Plotly, loaded client-side only (plotly.js-dist-min is 4.8 MB and touches `window` on import):
 * null until loaded, with the error when it could not be.
 */
export function usePlotly(): { plotly: Plotly | null; loadError: string | null } {
  const [plotly, setPlotly] = useState<Plotly | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    let active = true;
    import("plotly.js-dist-min")
      .then((module) => active && setPlotly(module))
      .catch((error: unknown) =>
        setLoadError(error instanceof Error ? error.message : String(error)),
      );
    return () => {
      active = false;
    };
  }, []);
  return { plotly, loadError };
}
