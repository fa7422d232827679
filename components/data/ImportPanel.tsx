"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { ImportProgressBody, ImportReportBody } from "@/lib/core/import/reportSchema";
import { IssueTable } from "./IssueTable";
import { ProgressBar } from "./ProgressBar";
import { uploadImport, type RunningUpload } from "./uploadImport";

type Kind = "auto" | "taxonomy" | "creatives";

interface Props {
  datasets: { name: string; taxonomyName: string }[];
  taxonomies: string[];
}

/**
 * Upload a taxonomy or creatives file with progress (bytes sent, then rows read and written),
 * cancel it, and read its error report naming each bad line and field.
 */
export function ImportPanel({ datasets, taxonomies }: Props) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<Kind>("auto");
  const [dataset, setDataset] = useState(datasets[0]?.name ?? "");
  const [taxonomy, setTaxonomy] = useState(taxonomies[0] ?? "");
  const [separator, setSeparator] = useState("");
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [upload, setUpload] = useState<{ sent: number; total: number } | null>(null);
  const [progress, setProgress] = useState<ImportProgressBody | null>(null);
  const [report, setReport] = useState<ImportReportBody | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = useRef<RunningUpload | null>(null);
  const [busy, setBusy] = useState(false);

  const isTaxonomyFile =
    kind === "taxonomy" || (kind === "auto" && file !== null && /\.txt$/i.test(file.name));
  const existingDataset = datasets.find((d) => d.name === dataset);
  // An existing dataset keeps its taxonomy: the field shows it fixed, and that is what is sent, not
  // whatever the free field held before the dataset name matched.
  const effectiveTaxonomy =
    existingDataset && !isTaxonomyFile ? existingDataset.taxonomyName : taxonomy;

  async function start() {
    if (!file) return;
    setBusy(true);
    setReport(null);
    setError(null);
    setProgress(null);
    setUpload({ sent: 0, total: file.size });
    const job = uploadImport({
      file,
      kind,
      dataset: dataset.trim() || undefined,
      taxonomy: effectiveTaxonomy.trim() || undefined,
      separator: separator || undefined,
      skipBadRows,
      onUpload: (sent, total) => setUpload({ sent, total }),
      onProgress: setProgress,
    });
    running.current = job;
    const outcome = await job.done;
    running.current = null;
    setBusy(false);
    setReport(outcome.report ?? null);
    setError(outcome.error ?? null);
    router.refresh();
  }

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" data-testid="import-panel">
      <h2 className="mb-1 font-medium">Import</h2>
      <p className="mb-4 text-sm text-slate-500">
        Creatives: CSV, TSV or JSONL with columns <code>id</code>, <code>text</code>,{" "}
        <code>image</code>, <code>predicted_label</code>, <code>predicted_score</code>,{" "}
        <code>generative_label</code>, <code>model_version</code>, <code>metadata</code> (or{" "}
        <code>meta.*</code> columns). Taxonomies: an IAB Tech Lab TSV, or a .txt file with one label
        path per line (<code>Service/Vehicles/Maintenance/Honda</code> or{" "}
        <code>Vehicles &gt; Auto Repair</code>). A file is imported whole or not at all unless you
        skip bad rows.
      </p>
      <div className="grid gap-3 md:grid-cols-3">
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">File</span>
          <input
            type="file"
            accept=".csv,.tsv,.jsonl,.ndjson,.txt"
            data-testid="import-file"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            className="block w-full text-sm"
          />
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">Kind</span>
          <select
            value={kind}
            onChange={(e) => setKind(e.target.value as Kind)}
            className="w-full rounded border border-slate-300 px-2 py-1"
            data-testid="import-kind"
          >
            <option value="auto">Detect from the file</option>
            <option value="creatives">Creatives</option>
            <option value="taxonomy">Taxonomy</option>
          </select>
        </label>
        {!isTaxonomyFile && (
          <label className="text-sm">
            <span className="mb-1 block text-slate-600">Dataset (existing or new)</span>
            <input
              list="dataset-names"
              value={dataset}
              onChange={(e) => setDataset(e.target.value)}
              className="w-full rounded border border-slate-300 px-2 py-1"
              data-testid="import-dataset"
            />
            <datalist id="dataset-names">
              {datasets.map((d) => (
                <option key={d.name} value={d.name} />
              ))}
            </datalist>
          </label>
        )}
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">
            {isTaxonomyFile ? "Taxonomy to create or extend" : "Taxonomy of the labels"}
          </span>
          <input
            list="taxonomy-names"
            value={effectiveTaxonomy}
            disabled={Boolean(existingDataset) && !isTaxonomyFile}
            onChange={(e) => setTaxonomy(e.target.value)}
            className="w-full rounded border border-slate-300 px-2 py-1 disabled:bg-slate-100"
            data-testid="import-taxonomy"
          />
          <datalist id="taxonomy-names">
            {taxonomies.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </label>
        {isTaxonomyFile && (
          <label className="text-sm">
            <span className="mb-1 block text-slate-600">Path separator</span>
            <select
              value={separator}
              onChange={(e) => setSeparator(e.target.value)}
              className="w-full rounded border border-slate-300 px-2 py-1"
            >
              <option value="">Detect (&quot; &gt; &quot; if present, else &quot;/&quot;)</option>
              <option value=" > ">&quot; &gt; &quot;</option>
              <option value="/">&quot;/&quot;</option>
            </select>
          </label>
        )}
        <label className="flex items-center gap-2 self-end text-sm">
          <input
            type="checkbox"
            checked={skipBadRows}
            onChange={(e) => setSkipBadRows(e.target.checked)}
            data-testid="import-skip-bad-rows"
          />
          Skip bad rows (import the good ones, report the rest)
        </label>
      </div>
      <div className="mt-4 flex items-center gap-3">
        <button
          type="button"
          disabled={!file || busy}
          onClick={start}
          className="rounded bg-slate-900 px-4 py-1.5 text-sm font-medium text-white disabled:opacity-40"
          data-testid="import-start"
        >
          Import
        </button>
        {busy && (
          <button
            type="button"
            onClick={() => running.current?.cancel()}
            className="rounded border border-slate-300 px-4 py-1.5 text-sm"
            data-testid="import-cancel"
          >
            Cancel
          </button>
        )}
      </div>
      {busy && upload && (
        <div className="mt-4 space-y-2" data-testid="import-progress">
          <ProgressBar label="Uploaded" value={upload.sent} max={upload.total} unit="bytes" />
          {progress && (
            <ProgressBar
              label={`Rows read ${progress.rowsRead.toLocaleString("en")}, written ${progress.rowsWritten.toLocaleString("en")}`}
              value={progress.bytesRead}
              max={progress.totalBytes ?? upload.total}
              unit="bytes"
            />
          )}
        </div>
      )}
      {error && (
        <p
          role="alert"
          className="mt-4 rounded bg-rose-50 p-3 text-sm text-rose-800"
          data-testid="import-error"
        >
          {error}
        </p>
      )}
      {report && (
        <div
          role={report.status === "done" ? "status" : "alert"}
          className={`mt-4 rounded p-3 text-sm ${report.status === "done" ? "bg-emerald-50 text-emerald-900" : "bg-rose-50 text-rose-900"}`}
          data-testid="import-report"
          data-status={report.status}
        >
          <p>{report.message}</p>
          {report.issues.length > 0 && (
            <IssueTable file={file?.name ?? ""} issues={report.issues} />
          )}
        </div>
      )}
    </section>
  );
}
