"use client";

import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import type { TaxonomyLabel } from "./types";

/** Most matches rendered at once: enough to choose from, cheap with a 6,000-label taxonomy. */
const maxShown = 50;

/**
 * Type-ahead over full label paths: every typed word must appear in the path; arrow keys move,
 * Enter picks, Escape closes. Filtering runs on a deferred value so typing never lags.
 */
export function LabelPicker({
  labels,
  title,
  onPick,
  onClose,
}: {
  labels: TaxonomyLabel[];
  title: string;
  onPick: (label: TaxonomyLabel) => void;
  onClose: () => void;
}) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const deferred = useDeferredValue(query);
  const input = useRef<HTMLInputElement>(null);
  const searchable = useMemo(
    () =>
      labels
        .filter((l) => l.status !== "rejected")
        .map((l) => ({ label: l, text: l.path.join(" > ").toLowerCase() })),
    [labels],
  );
  const matches = useMemo(() => {
    const words = deferred.toLowerCase().split(/\s+/).filter(Boolean);
    const found = searchable.filter((s) => words.every((w) => s.text.includes(w)));
    // Leaves and short paths first: the label an annotator means is usually the most specific.
    return found
      .slice(0, maxShown * 4)
      .sort((a, b) => a.text.length - b.text.length)
      .slice(0, maxShown);
  }, [deferred, searchable]);

  useEffect(() => input.current?.focus(), []);

  function onKeyDown(event: React.KeyboardEvent) {
    event.stopPropagation();
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive((a) => Math.min(a + 1, matches.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (event.key === "Enter") {
      event.preventDefault();
      const choice = matches[active];
      if (choice) onPick(choice.label);
    } else if (event.key === "Escape") {
      event.preventDefault();
      onClose();
    }
  }

  return (
    <div
      role="dialog"
      aria-label={title}
      className="fixed inset-0 z-20 flex items-start justify-center bg-slate-900/30 pt-24"
      onKeyDown={onKeyDown}
    >
      <div
        className="w-full max-w-2xl rounded-lg bg-white p-4 shadow-xl"
        data-testid="label-picker"
      >
        <h2 className="mb-2 font-medium">{title}</h2>
        <input
          ref={input}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          placeholder="Type words of the label path…"
          className="w-full rounded border border-slate-300 px-3 py-2"
          aria-label="Search labels"
          data-testid="label-picker-input"
        />
        <ul className="mt-2 max-h-96 overflow-y-auto text-sm" role="listbox">
          {matches.map((m, i) => (
            <li
              key={m.label.id}
              role="option"
              aria-selected={i === active}
              className={`cursor-pointer rounded px-2 py-1 ${i === active ? "bg-slate-900 text-white" : "hover:bg-slate-100"}`}
              onMouseDown={(e) => {
                e.preventDefault();
                onPick(m.label);
              }}
              data-testid="label-picker-option"
            >
              {m.label.path.join(" > ")}
              {m.label.status === "proposed" && (
                <span className="ml-2 text-xs opacity-70">(proposed)</span>
              )}
            </li>
          ))}
          {matches.length === 0 && <li className="px-2 py-1 text-slate-500">No label matches.</li>}
        </ul>
      </div>
    </div>
  );
}
