"use client";
import { useEffect, useState } from "react";
import { fetchSimilarConfirmed, type SimilarCreatives } from "./api";

type State =
  | { status: "loading" }
  | { status: "done"; result: SimilarCreatives }
  | { status: "failed"; message: string };

/**
 * The labelled creatives nearest to this one in the queue's embedding space, with the labels
 * annotators gave them: the strongest evidence for which label this text needs, and a check on
 * consistency across annotators. Loaded per creative, so a slow answer never holds the card up.
 */
export function SimilarConfirmed({ creativeId }: { creativeId: number }) {
  // The answer names the creative it is for, so a new creative shows "loading" without a reset.
  const [answer, setAnswer] = useState<{ creativeId: number; state: State } | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetchSimilarConfirmed(creativeId, controller.signal)
      .then((result) => setAnswer({ creativeId, state: { status: "done", result } }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const message = error instanceof Error ? error.message : "The search failed";
        setAnswer({ creativeId, state: { status: "failed", message } });
      });
    return () => controller.abort();
  }, [creativeId]);
  const state: State = answer?.creativeId === creativeId ? answer.state : { status: "loading" };

  return (
    <section
      className="rounded border border-slate-200 p-3 text-sm"
      data-testid="similar-confirmed"
    >
      <h3 className="font-medium text-slate-700">Labelled creatives like this one</h3>
      {state.status === "loading" && <p className="mt-1 text-slate-500">Searching…</p>}
      {state.status === "failed" && <p className="mt-1 text-slate-500">{state.message}</p>}
      {state.status === "done" &&
        (state.result.items.length === 0 ? (
          <p className="mt-1 text-slate-500">No labelled creative yet.</p>
        ) : (
          <ul className="mt-2 space-y-1" data-testid="similar-confirmed-items">
            {state.result.items.map((item) => (
              <li key={item.creativeId} className="flex gap-2">
                <span className="w-10 shrink-0 text-right tabular-nums text-slate-500">
                  {Math.round(item.similarity * 100)}%
                </span>
                <span className="min-w-0 flex-1">
                  <span className="line-clamp-1 text-slate-700">{item.text}</span>
                  {item.label && (
                    <span
                      className="text-xs text-emerald-800"
                      data-testid="similar-confirmed-label"
                    >
                      {item.label.path.join(" > ")}
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
