"use client";

import { useRef, useState } from "react";
import type { ModelSpec } from "@/lib/core/models/registry";
import { embedTexts } from "@/lib/ml/embedding/client";
import { isCancelled, type RuntimeOptions } from "@/lib/ml/embedding/protocol";

type ProbeState =
  | { status: "idle" }
  | { status: "running" }
  | { status: "done"; texts: string[]; dim: number; vectors: number[][]; ms: number }
  | { status: "failed"; message: string };

/** Cosine of two unit rows (the registry's models normalise). */
function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
}

/**
 * Embeds a few texts (one per line) with the active model and shows their cosine similarities and
 * raw vectors: a quick check that a model behaves, and how the end-to-end test compares browser
 * vectors with Node's.
 */
export function ModelProbe({ model, runtime }: { model: ModelSpec; runtime: RuntimeOptions }) {
  const [state, setState] = useState<ProbeState>({ status: "idle" });
  const current = useRef<AbortController | null>(null);

  async function run(text: string) {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    const texts = text.split("\n").filter((line) => line.trim().length > 0);
    setState({ status: "running" });
    try {
      const result = await embedTexts(model, texts, { runtime, signal: controller.signal });
      const vectors = texts.map((_, i) =>
        Array.from(result.vectors.subarray(i * result.dim, (i + 1) * result.dim)),
      );
      setState({ status: "done", texts, dim: result.dim, vectors, ms: result.embedMs });
    } catch (error) {
      if (isCancelled(error)) return;
      setState({
        status: "failed",
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="mb-3 font-medium">Try the model</h2>
      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          void run(String(new FormData(e.currentTarget).get("texts") ?? ""));
        }}
      >
        <textarea
          name="texts"
          rows={4}
          className="w-full rounded border border-slate-300 p-2 font-mono text-sm"
          defaultValue={
            "Honda oil change special\nAuto repair near you\nFresh coffee every morning"
          }
          data-testid="probe-texts"
        />
        <button
          type="submit"
          className="rounded bg-slate-900 px-3 py-1.5 text-sm text-white"
          disabled={state.status === "running"}
        >
          Embed
        </button>
      </form>
      {state.status === "failed" && (
        <p role="alert" className="mt-2 text-sm text-red-700" data-testid="probe-error">
          {state.message}
        </p>
      )}
      {state.status === "done" && (
        <div className="mt-3 space-y-2 text-sm" data-testid="probe-result">
          <p className="text-slate-500">
            {state.texts.length} texts, {state.dim} dimensions, {state.ms.toFixed(0)} ms
          </p>
          <table className="text-xs">
            <tbody>
              {state.vectors.map((row, i) => (
                <tr key={i}>
                  <th className="pr-2 text-left font-normal text-slate-600">{state.texts[i]}</th>
                  {state.vectors.map((other, j) => (
                    <td key={j} className="px-1 text-right font-mono">
                      {dot(row, other).toFixed(3)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <details>
            <summary className="cursor-pointer text-slate-500">Vectors (JSON)</summary>
            <pre className="max-h-48 overflow-auto text-xs" data-testid="probe-vectors">
              {JSON.stringify(state.vectors)}
            </pre>
          </details>
        </div>
      )}
    </section>
  );
}
