import type { LocalDecision } from "./types";

const actionText: Record<LocalDecision["action"], string> = {
  accept: "accepted",
  reject: "corrected",
  pick: "picked",
  generative: "generative",
  new_label: "new label",
  skip: "skipped",
};

/** The last ten decisions; any of them can be reopened and changed. Unsaved ones say so. */
export function HistorySidebar({
  history,
  onReopen,
}: {
  history: LocalDecision[];
  onReopen: (d: LocalDecision) => void;
}) {
  return (
    <aside className="space-y-2" data-testid="history">
      <h2 className="text-sm font-medium text-slate-600">Last decisions</h2>
      {history.length === 0 && <p className="text-xs text-slate-400">None yet.</p>}
      <ol className="space-y-1">
        {history.map((d) => (
          <li key={d.clientDecisionId}>
            <button
              type="button"
              onClick={() => onReopen(d)}
              disabled={d.action === "skip" || !d.decisionId}
              className="w-full rounded border border-slate-200 bg-white p-2 text-left text-xs hover:border-slate-400 disabled:opacity-60"
              data-testid="history-item"
              data-saved={d.decisionId ? "true" : "false"}
            >
              <span className="block truncate text-slate-800">{d.item.text}</span>
              <span className="text-slate-500">
                {actionText[d.action]}
                {d.labelPath && `: ${d.labelPath.join(" > ")}`}
              </span>
              {d.error && <span className="block text-rose-700">not saved yet: {d.error}</span>}
            </button>
          </li>
        ))}
      </ol>
    </aside>
  );
}
