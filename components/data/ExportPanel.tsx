"use client";

import { useState } from "react";
import { DatasetSelect } from "./DatasetSelect";

/** The export formats, as the server names them (lib/server/export/formats.ts). */
const formats = [
  ["pairs.csv", "Training pairs (CSV: sentence1, sentence2, score)"],
  ["pairs.jsonl", "Training pairs (JSONL)"],
  ["triplets.csv", "Triplets (anchor, positive, negative)"],
  ["triplets.jsonl", "Triplets (JSONL)"],
  ["classification.csv", "Classifier data (text, label_path, label_id)"],
  ["image-text.csv", "Image-text pairs (image, text)"],
  ["decisions.jsonl", "Every decision, with hashes and timing"],
  ["taxonomy.txt", "The taxonomy with proposed labels (re-importable)"],
] as const;

/** Download links for retraining data, filtered by time, annotator and branch. */
export function ExportPanel({ datasets }: { datasets: string[] }) {
  const [dataset, setDataset] = useState(datasets[0] ?? "");
  const [annotator, setAnnotator] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [branch, setBranch] = useState("");
  if (!dataset) return null;
  const query = new URLSearchParams({ dataset });
  if (annotator.trim()) query.set("annotator", annotator.trim());
  if (from) query.set("from", from);
  if (to) query.set("to", to);
  if (branch.trim()) query.set("branch", branch.trim());
  const input = "rounded border border-slate-300 px-2 py-1";
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" data-testid="export-panel">
      <h2 className="mb-3 font-medium">Export for retraining</h2>
      <div className="mb-3 flex flex-wrap gap-3 text-sm">
        <DatasetSelect
          datasets={datasets.map((name) => ({ name }))}
          value={dataset}
          onChange={setDataset}
          className={input}
          ariaLabel="Dataset"
        />
        <input
          placeholder="Annotator"
          value={annotator}
          onChange={(e) => setAnnotator(e.target.value)}
          className={input}
          aria-label="Annotator"
        />
        <label className="flex items-center gap-1">
          from{" "}
          <input
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            className={input}
          />
        </label>
        <label className="flex items-center gap-1">
          to{" "}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} className={input} />
        </label>
        <input
          placeholder="Branch, e.g. Vehicles > Automotive Services"
          value={branch}
          onChange={(e) => setBranch(e.target.value)}
          className={`${input} w-72`}
          aria-label="Branch"
        />
      </div>
      <ul className="grid gap-1 text-sm md:grid-cols-2">
        {formats.map(([format, title]) => (
          <li key={format}>
            <a
              className="text-sky-700 underline"
              href={`/api/export/${format}?${query}`}
              download
              data-testid={`export-${format}`}
            >
              {format}
            </a>{" "}
            <span className="text-slate-500">{title}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
