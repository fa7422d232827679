"use client";

import { useEffect, useRef } from "react";
import { usePlotly } from "@/components/plotly/usePlotly";
import type { EpochRecord } from "@/lib/core/adaptation/trainAdapter";

/**
 * Training and validation loss per epoch, redrawn after every epoch while a round trains, with
 * the base space's validation loss as a dashed line: a validation curve that does not go below
 * it means the round learned nothing the held-out creatives confirm. Plotly loads client-side
 * only, as on the map.
 */
export function TrainingCurves({
  history,
  initialValidationLoss,
  maxEpochs,
}: {
  history: readonly EpochRecord[];
  initialValidationLoss: number | null;
  maxEpochs: number;
}) {
  const root = useRef<HTMLDivElement>(null);
  const { plotly, loadError } = usePlotly();

  useEffect(() => {
    const element = root.current;
    if (!plotly || !element) return;
    const epochs = history.map((h) => h.epoch);
    const validation = history.filter((h) => h.validationLoss !== null);
    void plotly.react(
      element,
      [
        {
          type: "scatter",
          mode: "lines+markers",
          name: "training loss",
          x: epochs,
          y: history.map((h) => h.trainLoss),
        },
        {
          type: "scatter",
          mode: "lines+markers",
          name: "validation loss",
          x: validation.map((h) => h.epoch),
          y: validation.map((h) => h.validationLoss),
        },
        ...(initialValidationLoss === null
          ? []
          : [
              {
                type: "scatter" as const,
                mode: "lines" as const,
                name: "base space (validation)",
                x: [0, maxEpochs],
                y: [initialValidationLoss, initialValidationLoss],
                line: { dash: "dash" as const, color: "#94a3b8" },
              },
            ]),
      ],
      {
        margin: { l: 48, r: 10, t: 10, b: 36 },
        xaxis: { title: { text: "epoch" }, range: [0, maxEpochs], dtick: maxEpochs > 20 ? 5 : 1 },
        yaxis: { title: { text: "loss" } },
        legend: { orientation: "h", y: -0.3 },
        height: 240,
      },
      { displaylogo: false, responsive: true, staticPlot: false },
    );
  }, [plotly, history, initialValidationLoss, maxEpochs]);

  const last = history.at(-1);
  return (
    <div className="space-y-1">
      <div ref={root} className="h-60 w-full" data-testid="training-curves" />
      {loadError ? <p className="text-xs text-rose-600">Chart unavailable: {loadError}</p> : null}
      {last ? (
        <p className="text-xs text-slate-500" data-testid="training-epoch">
          Epoch {last.epoch}/{maxEpochs}: training loss {last.trainLoss.toFixed(4)}
          {last.validationLoss === null
            ? ""
            : `, validation loss ${last.validationLoss.toFixed(4)}`}
        </p>
      ) : null}
    </div>
  );
}
