"use client";

import { useRef } from "react";
import { histogram, type SimilarityPoint } from "@/lib/core/thresholdStats";

const width = 720;
const height = 260;
const pad = { left: 40, right: 12, top: 12, bottom: 32 };
const bins = 40;
const min = -0.2;
const max = 1;

const colours = { confirmed: "#10b981", corrected: "#f43f5e", undecided: "#cbd5e1" } as const;

/**
 * The distribution of text-to-predicted-label similarity, stacked by what annotators decided,
 * with the threshold as a vertical line the analyst drags (or moves with the arrow keys).
 */
export function ThresholdChart({
  points,
  threshold,
  onChange,
}: {
  points: SimilarityPoint[];
  threshold: number;
  onChange: (value: number) => void;
}) {
  const svg = useRef<SVGSVGElement>(null);
  const counts = histogram(points, bins, min, max);
  const totals = counts.confirmed.map((c, i) => c + counts.corrected[i]! + counts.undecided[i]!);
  const peak = Math.max(1, ...totals);
  const x = (v: number) => pad.left + ((v - min) / (max - min)) * (width - pad.left - pad.right);
  const y = (n: number) => height - pad.bottom - (n / peak) * (height - pad.top - pad.bottom);
  const barWidth = (width - pad.left - pad.right) / bins;

  function valueAt(clientX: number): number {
    const box = svg.current?.getBoundingClientRect();
    if (!box) return threshold;
    const px = ((clientX - box.left) / box.width) * width;
    const v = min + ((px - pad.left) / (width - pad.left - pad.right)) * (max - min);
    return Math.round(Math.min(max, Math.max(min, v)) * 100) / 100;
  }

  return (
    <svg
      ref={svg}
      viewBox={`0 0 ${width} ${height}`}
      className="w-full touch-none select-none"
      role="img"
      aria-label="Similarity to the predicted label, by decision"
      data-testid="threshold-chart"
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        onChange(valueAt(e.clientX));
      }}
      onPointerMove={(e) => {
        if (e.buttons === 1) onChange(valueAt(e.clientX));
      }}
    >
      {totals.map((_, i) => {
        let base = 0;
        return (["corrected", "confirmed", "undecided"] as const).map((outcome) => {
          const n = counts[outcome][i]!;
          const top = base + n;
          const rect = (
            <rect
              key={`${outcome}-${i}`}
              x={pad.left + i * barWidth + 1}
              y={y(top)}
              width={barWidth - 2}
              height={y(base) - y(top)}
              fill={colours[outcome]}
            />
          );
          base = top;
          return rect;
        });
      })}
      <line
        x1={pad.left}
        x2={width - pad.right}
        y1={height - pad.bottom}
        y2={height - pad.bottom}
        stroke="#94a3b8"
      />
      {[0, 0.2, 0.4, 0.6, 0.8, 1].map((v) => (
        <text key={v} x={x(v)} y={height - 12} fontSize="11" textAnchor="middle" fill="#64748b">
          {v.toFixed(1)}
        </text>
      ))}
      <g data-testid="threshold-line">
        <line
          x1={x(threshold)}
          x2={x(threshold)}
          y1={pad.top}
          y2={height - pad.bottom}
          stroke="#0f172a"
          strokeWidth="2"
        />
        <rect
          x={x(threshold) - 8}
          y={pad.top}
          width="16"
          height={height - pad.top - pad.bottom}
          fill="transparent"
          className="cursor-ew-resize"
        />
        <text x={x(threshold) + 6} y={pad.top + 12} fontSize="12" fill="#0f172a">
          {threshold.toFixed(2)}
        </text>
      </g>
    </svg>
  );
}
