import type { CreativeListItem } from "@/lib/server/data/creatives";

/** Creatives with their model suggestions; all text is rendered as text, never as HTML. */
export function CreativeTable({ items }: { items: CreativeListItem[] }) {
  if (items.length === 0) return <p className="text-sm text-slate-500">No creatives match.</p>;
  return (
    <table
      className="w-full rounded-lg border border-slate-200 bg-white text-sm"
      data-testid="creative-table"
    >
      <thead className="text-left text-slate-500">
        <tr>
          <th className="px-3 py-2">Id</th>
          <th className="px-3">Text</th>
          <th className="px-3">Classifier label</th>
          <th className="px-3">Score</th>
          <th className="px-3">Generative label</th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => (
          <tr key={c.id} className="border-t border-slate-100 align-top" data-testid="creative-row">
            <td className="px-3 py-2 font-mono text-xs">{c.externalId}</td>
            <td className="max-w-md whitespace-pre-wrap px-3 py-2" data-testid="creative-text">
              {c.text}
            </td>
            <td className="px-3 py-2">
              {c.predictedLabel ? c.predictedLabel.join(" > ") : (c.predictedValue ?? "–")}
            </td>
            <td className="px-3 py-2 tabular-nums">
              {c.predictedScore === null ? "–" : c.predictedScore.toFixed(2)}
            </td>
            <td className="px-3 py-2 text-slate-600">{c.generativeLabel ?? "–"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
