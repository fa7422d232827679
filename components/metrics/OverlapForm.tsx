"use client";

import { useState } from "react";
import { z } from "zod";
import { errorBodySchema } from "@/lib/core/import/reportSchema";

const savedSchema = z.object({ share: z.number(), annotators: z.number() });

/**
 * The overlap setting of a dataset: which share of the queue (the least certain items) needs how
 * many distinct annotators. Saving changes the queue from the next claim on.
 */
export function OverlapForm({
  dataset,
  initial,
  canEdit,
}: {
  dataset: string;
  initial: { share: number; annotators: number };
  canEdit: boolean;
}) {
  const [percentShare, setPercentShare] = useState(Math.round(initial.share * 100));
  const [annotators, setAnnotators] = useState(initial.annotators);
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setSaving(true);
    setMessage(null);
    try {
      const response = await fetch("/api/overlap", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ dataset, share: percentShare / 100, annotators }),
      });
      const body: unknown = await response.json();
      if (!response.ok) {
        const error = errorBodySchema.safeParse(body);
        throw new Error(
          error.success ? error.data.error.message : `The server answered ${response.status}`,
        );
      }
      const saved = savedSchema.parse(body);
      setMessage(
        saved.annotators > 1 && saved.share > 0
          ? `Saved: the least certain ${Math.round(saved.share * 100)}% of the queue now needs ${saved.annotators} annotators.`
          : "Saved: every item needs one annotator.",
      );
    } catch (error) {
      setMessage(`Not saved: ${(error as Error).message}`);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      onSubmit={save}
      aria-labelledby="overlap-heading"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="overlap-form"
    >
      <h2 id="overlap-heading" className="text-lg font-semibold">
        Overlap
      </h2>
      <p className="max-w-3xl text-sm text-slate-600">
        The least certain share of the queue goes to several annotators, one after another, before
        it counts as decided; when they disagree, it goes to an admin&apos;s review.
      </p>
      <div className="flex flex-wrap items-end gap-4 text-sm">
        <label className="flex flex-col gap-1">
          Share of the queue (%)
          <input
            type="number"
            min={0}
            max={100}
            step={1}
            required
            disabled={!canEdit}
            value={percentShare}
            onChange={(e) => setPercentShare(Number(e.target.value))}
            className="w-28 rounded border border-slate-300 px-2 py-1"
          />
        </label>
        <label className="flex flex-col gap-1">
          Annotators per item
          <input
            type="number"
            min={1}
            max={10}
            step={1}
            required
            disabled={!canEdit}
            value={annotators}
            onChange={(e) => setAnnotators(Number(e.target.value))}
            className="w-28 rounded border border-slate-300 px-2 py-1"
          />
        </label>
        {canEdit ? (
          <button
            type="submit"
            disabled={saving}
            className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white disabled:opacity-50"
          >
            {saving ? "Saving…" : "Save overlap"}
          </button>
        ) : (
          <span className="text-slate-500">Only an admin can change this.</span>
        )}
      </div>
      {message && (
        <p role="status" className="text-sm text-slate-700">
          {message}
        </p>
      )}
    </form>
  );
}
