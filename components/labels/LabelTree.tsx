"use client";

import { useDeferredValue, useMemo, useState } from "react";
import { buildTree, matchingIds, type TreeNode } from "@/lib/core/taxonomy/tree";

export interface LabelTreeItem {
  id: number;
  parentId: number | null;
  path: string[];
  name: string;
  status: "existing" | "proposed" | "rejected";
  predictedCount: number;
  decidedCount: number;
}

/**
 * A searchable, collapsible taxonomy. Counts are creatives predicted under a label and, in
 * brackets, everything under its branch. A search opens every branch that holds a match.
 */
export function LabelTree({ labels, separator }: { labels: LabelTreeItem[]; separator: string }) {
  const [query, setQuery] = useState("");
  const deferredQuery = useDeferredValue(query);
  const [open, setOpen] = useState<Set<number>>(() => new Set());
  const roots = useMemo(() => buildTree(labels, (l) => l.predictedCount), [labels]);
  const shown = useMemo(() => matchingIds(labels, deferredQuery), [labels, deferredQuery]);
  const toggle = (id: number) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const matchCount = shown
    ? labels.filter((l) => shown.has(l.id) && matches(l, deferredQuery)).length
    : labels.length;

  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="mb-3 flex items-center gap-3">
        <input
          type="search"
          placeholder={`Search labels, e.g. auto repair or Vehicles${separator}Honda`}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className="w-full max-w-md rounded border border-slate-300 px-3 py-1.5 text-sm"
          data-testid="label-search"
          aria-label="Search labels"
        />
        <span className="text-sm text-slate-500" data-testid="label-match-count">
          {shown ? `${matchCount} matching` : `${labels.length} labels`}
        </span>
      </div>
      <div className="flex border-b border-slate-100 pb-1 text-xs text-slate-500">
        <span>Label</span>
        <span className="ml-auto">creatives predicted here (and anywhere in the branch)</span>
      </div>
      <ul className="text-sm" data-testid="label-tree">
        {roots.map((node) => (
          <TreeRow
            key={node.item.id}
            node={node}
            shown={shown}
            open={open}
            toggle={toggle}
            depth={0}
          />
        ))}
      </ul>
    </div>
  );
}

function matches(label: LabelTreeItem, query: string): boolean {
  const haystack = label.path.join(" > ").toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => haystack.includes(w));
}

function TreeRow({
  node,
  shown,
  open,
  toggle,
  depth,
}: {
  node: TreeNode<LabelTreeItem>;
  shown: Set<number> | undefined;
  open: Set<number>;
  toggle: (id: number) => void;
  depth: number;
}) {
  const { item } = node;
  if (shown && !shown.has(item.id)) return null;
  const expanded = shown ? true : open.has(item.id);
  const hasChildren = node.children.length > 0;
  return (
    <li data-testid="label-row" data-path={item.path.join(" > ")}>
      <div
        className="flex items-center gap-2 rounded py-0.5 hover:bg-slate-50"
        style={{ paddingLeft: depth * 20 }}
      >
        <button
          type="button"
          onClick={() => toggle(item.id)}
          disabled={!hasChildren}
          aria-expanded={hasChildren ? expanded : undefined}
          aria-label={hasChildren ? `${expanded ? "Collapse" : "Expand"} ${item.name}` : undefined}
          className="w-4 text-slate-400 disabled:invisible"
        >
          {expanded ? "▾" : "▸"}
        </button>
        <span className={item.status === "rejected" ? "text-slate-400 line-through" : ""}>
          {item.name}
        </span>
        {item.status === "proposed" && (
          <span className="rounded bg-sky-100 px-1.5 text-xs text-sky-800">proposed</span>
        )}
        <span className="ml-auto tabular-nums text-slate-500" data-testid="label-count">
          {item.predictedCount}
          {hasChildren && <span className="text-slate-400"> ({node.subtreeCount})</span>}
        </span>
      </div>
      {hasChildren && expanded && (
        <ul>
          {node.children.map((child) => (
            <TreeRow
              key={child.item.id}
              node={child}
              shown={shown}
              open={open}
              toggle={toggle}
              depth={depth + 1}
            />
          ))}
        </ul>
      )}
    </li>
  );
}
