"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { errorBodySchema } from "@/lib/core/import/reportSchema";
import { formatLabelPath } from "@/lib/core/labelPath";
import { reviewChoices, type ReviewCardItem } from "@/lib/core/agreement/reviewChoices";

/**
 * One disagreement as the admin settles it: the creative's text and why it was flagged, each
 * annotator's label, and the labels to settle on (annotators' and the models'). Settling writes
 * the admin's review decision; the page then reloads the queue.
 */
export function ReviewCard({ dataset, item }: { dataset: string; item: ReviewCardItem }) {
  const router = useRouter();
  const shownAt = useRef(0);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const choices = reviewChoices(item);

  useEffect(() => {
    shownAt.current = performance.now();
  }, [item.creativeId]);

  const settle = useCallback(
    async (labelId: number) => {
      setBusy(true);
      setMessage(null);
      try {
        const response = await fetch("/api/review", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            dataset,
            creativeId: item.creativeId,
            labelId,
            timeSpentMs: Math.round(performance.now() - shownAt.current),
          }),
        });
        if (!response.ok) {
          const error = errorBodySchema.safeParse(await response.json().catch(() => null));
          throw new Error(
            error.success ? error.data.error.message : `The server answered ${response.status}`,
          );
        }
        router.refresh();
      } catch (error) {
        setMessage(`Not settled: ${(error as Error).message}`);
        setBusy(false);
      }
    },
    [dataset, item.creativeId, router],
  );

  return (
    <article
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-5"
      data-testid="review-item"
      data-creative-id={item.creativeId}
    >
      <div className="text-xs text-slate-500">
        <span className="font-mono">{item.externalId}</span>
      </div>
      <p className="whitespace-pre-wrap text-lg leading-relaxed">{item.text}</p>
      {item.reasons.length > 0 && (
        <ul className="list-disc pl-5 text-sm text-slate-600">
          {item.reasons.map((reason, i) => (
            <li key={i}>{reason}</li>
          ))}
        </ul>
      )}
      <div>
        <h3 className="text-sm font-medium text-slate-700">The annotators said</h3>
        <ul className="text-sm" data-testid="review-votes">
          {item.votes.map((vote) => (
            <li key={vote.decisionId}>
              <span className="font-medium">{vote.annotator}</span>: {formatLabelPath(vote.path)}
            </li>
          ))}
        </ul>
        {item.generative && (
          <p className="mt-1 text-sm text-slate-600">
            The generative model wrote “{item.generative.value}”.
          </p>
        )}
      </div>
      <div>
        <h3 className="text-sm font-medium text-slate-700">Settle as</h3>
        <div className="mt-1 flex flex-wrap gap-2">
          {choices.map((choice) => (
            <button
              key={choice.labelId}
              type="button"
              disabled={busy}
              onClick={() => settle(choice.labelId)}
              className="rounded border border-slate-300 px-3 py-1.5 text-left text-sm hover:bg-slate-100 disabled:opacity-50"
              data-testid="review-choice"
            >
              <span className="font-medium">{choice.text}</span>
              <span className="block text-xs text-slate-500">{choice.sources.join(", ")}</span>
            </button>
          ))}
        </div>
      </div>
      {message && (
        <p role="alert" className="text-sm text-red-700">
          {message}
        </p>
      )}
    </article>
  );
}
