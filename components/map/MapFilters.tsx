"use client";

import type { MapFilter } from "./filters";

/** The filter row above the map: branch, flag, decision status and a search box. */
export function MapFilters(props: {
  filter: MapFilter;
  branches: string[];
  shownCount: number | null;
  onChange: (filter: MapFilter) => void;
}) {
  const { filter, onChange } = props;
  const select = "rounded border px-1 py-0.5";
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm" data-testid="map-filters">
      <label className="flex items-center gap-1">
        Branch
        <select
          data-testid="map-filter-branch"
          value={filter.branch}
          onChange={(e) => onChange({ ...filter, branch: e.target.value })}
          className={`${select} max-w-56`}
        >
          <option value="">all</option>
          {props.branches.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1">
        Flag
        <select
          data-testid="map-filter-flag"
          value={filter.flag}
          onChange={(e) => onChange({ ...filter, flag: e.target.value as MapFilter["flag"] })}
          className={select}
        >
          <option value="">any</option>
          <option value="wrong_label">wrong label</option>
          <option value="new_label">new label</option>
          <option value="none">not flagged</option>
        </select>
      </label>
      <label className="flex items-center gap-1">
        Decision
        <select
          data-testid="map-filter-decision"
          value={filter.decision}
          onChange={(e) =>
            onChange({ ...filter, decision: e.target.value as MapFilter["decision"] })
          }
          className={select}
        >
          <option value="">any</option>
          <option value="decided">decided</option>
          <option value="open">open</option>
        </select>
      </label>
      <input
        type="search"
        data-testid="map-filter-search"
        value={filter.search}
        onChange={(e) => onChange({ ...filter, search: e.target.value })}
        placeholder="Search texts and labels"
        aria-label="Search texts and labels"
        className="w-56 rounded border px-2 py-0.5"
      />
      {props.shownCount !== null ? (
        <span className="text-slate-600" data-testid="map-filter-count">
          {props.shownCount} points shown
        </span>
      ) : null}
    </div>
  );
}
