"use client";

import { useState, type FormEvent } from "react";
import {
  localModelSpec,
  modelDtypes,
  modelModalities,
  modelPoolings,
  type ModelSpec,
} from "@/lib/core/models/registry";
import type { EmbeddingSettings } from "@/lib/ml/embedding/activeModel";

/**
 * The registry as a table with the active model chosen by radio button, and a form that adds a
 * model folder the app serves under `/models/<folder>/` (e.g. a fine-tuned export).
 */
export function ModelRegistryPanel({
  models,
  activeModelId,
  update,
}: {
  models: readonly ModelSpec[];
  activeModelId: string;
  update: (change: (current: EmbeddingSettings) => EmbeddingSettings) => void;
}) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="mb-3 font-medium">Models</h2>
      <table className="w-full text-sm" data-testid="model-registry">
        <thead className="text-left text-slate-500">
          <tr>
            <th className="py-1">Use</th>
            <th>Model</th>
            <th>Source</th>
            <th>Modality</th>
            <th>Type</th>
            <th>Version</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.id} className="border-t border-slate-100" data-testid={`model-${m.id}`}>
              <td className="py-1">
                <input
                  type="radio"
                  name="active-model"
                  aria-label={`Use ${m.id}`}
                  checked={m.id === activeModelId}
                  onChange={() => update((s) => ({ ...s, activeModelId: m.id }))}
                />
              </td>
              <td>
                <div className="font-mono">{m.id}</div>
                {m.description && <div className="text-xs text-slate-500">{m.description}</div>}
              </td>
              <td>{m.source === "hub" ? "Hugging Face hub (online)" : m.source}</td>
              <td>{m.modality}</td>
              <td>
                {m.dtype}, {m.pooling}
              </td>
              <td className="font-mono text-xs">{m.version}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <AddLocalModelForm update={update} />
    </section>
  );
}

function AddLocalModelForm({
  update,
}: {
  update: (change: (current: EmbeddingSettings) => EmbeddingSettings) => void;
}) {
  const [error, setError] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const folder = String(form.get("folder") ?? "").trim();
    const dtype = modelDtypes.find((d) => d === form.get("dtype")) ?? "fp32";
    const pooling = modelPoolings.find((p) => p === form.get("pooling")) ?? "mean";
    const modality = modelModalities.find((m) => m === form.get("modality")) ?? "text";
    let spec: ModelSpec;
    try {
      spec = localModelSpec({ id: folder, modality, dtype, pooling });
    } catch {
      setError("A folder name has letters, digits, '.', '_' and '-' only.");
      return;
    }
    setError(null);
    update((s) => ({
      ...s,
      activeModelId: spec.id,
      localModels: [...s.localModels.filter((m) => m.id !== spec.id), spec],
    }));
  }

  return (
    <form className="mt-4 flex flex-wrap items-end gap-2 text-sm" onSubmit={onSubmit}>
      <label className="flex flex-col">
        <span className="text-slate-500">Local model folder (under /models/)</span>
        <input
          name="folder"
          required
          className="rounded border border-slate-300 px-2 py-1 font-mono"
          placeholder="my-finetuned-encoder"
        />
      </label>
      <label className="flex flex-col">
        <span className="text-slate-500">Kind</span>
        <select
          name="modality"
          aria-label="Model kind"
          className="rounded border border-slate-300 px-2 py-1"
        >
          {modelModalities.map((m) => (
            <option key={m} value={m}>
              {m === "text" ? "text encoder" : "text + image (CLIP layout)"}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col">
        <span className="text-slate-500">Weights</span>
        <select name="dtype" className="rounded border border-slate-300 px-2 py-1">
          {modelDtypes.map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
      </label>
      <label className="flex flex-col">
        <span className="text-slate-500">Pooling</span>
        <select name="pooling" className="rounded border border-slate-300 px-2 py-1">
          {modelPoolings.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 text-white">
        Add and use
      </button>
      {error && (
        <p role="alert" className="w-full text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
