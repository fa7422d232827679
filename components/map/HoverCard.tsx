"use client";

import type { MapPoint } from "./mapData";

/**
 * What the point under the pointer is: a creative's text with its current label path and, when
 * it has an image, the thumbnail; or a label's path. Plotly's own tooltip cannot show images.
 */
export function HoverCard(props: { point: MapPoint | null }) {
  const { point } = props;
  if (!point) return null;
  return (
    <aside
      data-testid="map-hover"
      data-kind={point.kind}
      className="pointer-events-none absolute top-2 right-2 z-10 w-72 rounded border border-slate-200 bg-white/95 p-2 text-xs shadow"
    >
      {point.kind !== "label" && point.hasImage ? (
        // A plain img: thumbnails come from the app's own route, sized there.
        // eslint-disable-next-line @next/next/no-img-element
        <img
          src={`/api/images/${point.ownerId}/thumbnail`}
          alt=""
          data-testid="map-hover-thumbnail"
          className="mb-1 max-h-32 w-full rounded object-contain"
        />
      ) : null}
      {point.kind === "label" ? (
        <p className="font-medium" data-testid="map-hover-path">
          {point.branch.join(" > ")}
        </p>
      ) : (
        <>
          <p className="line-clamp-4" data-testid="map-hover-text">
            {point.label}
          </p>
          <p className="mt-1 text-slate-600" data-testid="map-hover-path">
            {point.branch.length > 0 ? point.branch.join(" > ") : "(no label)"}
            {point.flag ? ` · ${point.flag === "wrong_label" ? "wrong label" : "new label"}` : ""}
            {point.decided ? " · decided" : ""}
          </p>
          <p className="mt-1 text-slate-500">Click to open #{point.ownerId} in the workbench</p>
        </>
      )}
    </aside>
  );
}
