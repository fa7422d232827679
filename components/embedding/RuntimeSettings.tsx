"use client";

import { devicePreferences } from "@/lib/ml/embedding/protocol";
import type { EmbeddingSettings } from "@/lib/ml/embedding/activeModel";

const deviceLabels = {
  auto: "Automatic (WebGPU when available, else WASM)",
  webgpu: "WebGPU (falls back to WASM)",
  wasm: "WASM (CPU)",
} as const;

/** Device preference and WASM thread count; changing threads restarts the worker. */
export function RuntimeSettings({
  settings,
  update,
}: {
  settings: EmbeddingSettings;
  update: (change: (current: EmbeddingSettings) => EmbeddingSettings) => void;
}) {
  const cores = typeof navigator === "undefined" ? 1 : navigator.hardwareConcurrency;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="mb-3 font-medium">Runtime</h2>
      <div className="flex flex-wrap gap-4 text-sm">
        <label className="flex flex-col">
          <span className="text-slate-500">Device</span>
          <select
            className="rounded border border-slate-300 px-2 py-1"
            value={settings.device}
            data-testid="device-preference"
            onChange={(e) => {
              const device = devicePreferences.find((d) => d === e.target.value) ?? "auto";
              update((s) => ({ ...s, device }));
            }}
          >
            {devicePreferences.map((d) => (
              <option key={d} value={d}>
                {deviceLabels[d]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="text-slate-500">WASM threads (this browser reports {cores} cores)</span>
          <select
            className="rounded border border-slate-300 px-2 py-1"
            value={settings.numThreads ?? ""}
            data-testid="thread-count"
            onChange={(e) => {
              const n = Number(e.target.value);
              update((s) => ({ ...s, numThreads: e.target.value === "" ? null : n }));
            }}
          >
            <option value="">One per core</option>
            {[1, 2, 4, 8].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
    </section>
  );
}
