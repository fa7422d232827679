import { IssueTable } from "./IssueTable";

export interface ImportHistoryItem {
  id: number;
  kind: "taxonomy" | "creatives";
  fileName: string;
  target: string;
  status: "done" | "failed" | "cancelled";
  rowsRead: number;
  rowsWritten: number;
  rowsUnchanged: number;
  rowsRejected: number;
  errors: { line: number; field?: string; message: string }[];
  finishedAt: string;
}

const statusStyle = {
  done: "bg-emerald-100 text-emerald-800",
  failed: "bg-rose-100 text-rose-800",
  cancelled: "bg-slate-200 text-slate-700",
} as const;

/** Past imports with their counts; a failed one opens to its error report. */
export function ImportHistory({ imports }: { imports: ImportHistoryItem[] }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="mb-3 font-medium">Import history</h2>
      {imports.length === 0 ? (
        <p className="text-sm text-slate-500">Nothing imported yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="import-history">
          {imports.map((item) => (
            <li key={item.id} className="py-2">
              <div className="flex flex-wrap items-center gap-3">
                <span className={`rounded px-1.5 py-0.5 text-xs ${statusStyle[item.status]}`}>
                  {item.status}
                </span>
                <span className="font-mono">{item.fileName}</span>
                <span className="text-slate-500">
                  {item.kind} → {item.target}: {item.rowsRead.toLocaleString("en")} read,{" "}
                  {item.rowsWritten.toLocaleString("en")} written,{" "}
                  {item.rowsUnchanged.toLocaleString("en")} unchanged
                  {item.rowsRejected > 0 && `, ${item.rowsRejected.toLocaleString("en")} rejected`}
                </span>
                <time className="ml-auto text-xs text-slate-400" dateTime={item.finishedAt}>
                  {item.finishedAt.replace("T", " ").slice(0, 19)} UTC
                </time>
              </div>
              {item.errors.length > 0 && (
                <details className="mt-2">
                  <summary className="cursor-pointer text-slate-600">
                    {item.errors.length} issue{item.errors.length > 1 ? "s" : ""}
                  </summary>
                  <IssueTable file={item.fileName} issues={item.errors} />
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
