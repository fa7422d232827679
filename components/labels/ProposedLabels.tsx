"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorBodySchema } from "@/lib/core/import/reportSchema";
import { LabelPicker } from "@/components/workbench/LabelPicker";
import type { LabelTreeItem } from "./LabelTree";

type Review =
  | { action: "approve" }
  | { action: "reject" }
  | { action: "rename"; name: string }
  | { action: "merge"; intoLabelId: number };

/**
 * Labels annotators proposed, for review: approve, rename, merge into an existing label (which
 * re-points every decision that used it) or reject.
 */
export function ProposedLabels({
  labels,
  canReview,
}: {
  labels: LabelTreeItem[];
  /** Only admins approve, rename, merge or reject; others see the list. */
  canReview: boolean;
}) {
  const router = useRouter();
  const proposed = labels.filter((l) => l.status === "proposed");
  const [renaming, setRenaming] = useState<{ id: number; name: string } | null>(null);
  const [merging, setMerging] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function review(labelId: number, body: Review) {
    const response = await fetch(`/api/labels/${labelId}/review`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).catch(() => undefined);
    if (!response) return setError("The server could not be reached");
    if (!response.ok) {
      const parsed = errorBodySchema.safeParse(await response.json().catch(() => undefined));
      return setError(
        parsed.success ? parsed.data.error.message : `The server answered ${response.status}`,
      );
    }
    setError(null);
    setRenaming(null);
    setMerging(null);
    router.refresh();
  }

  if (proposed.length === 0) return null;
  return (
    <section
      className="rounded-lg border border-sky-200 bg-sky-50 p-4"
      data-testid="proposed-labels"
    >
      <h2 className="mb-2 font-medium">Proposed labels to review ({proposed.length})</h2>
      {error && (
        <p role="alert" className="mb-2 text-sm text-rose-700">
          {error}
        </p>
      )}
      <ul className="space-y-2 text-sm">
        {proposed.map((label) => (
          <li
            key={label.id}
            className="flex flex-wrap items-center gap-2"
            data-testid="proposed-label"
            data-path={label.path.join(" > ")}
          >
            {renaming?.id === label.id ? (
              <form
                className="flex gap-2"
                onSubmit={(e) => {
                  e.preventDefault();
                  void review(label.id, { action: "rename", name: renaming.name });
                }}
              >
                <input
                  value={renaming.name}
                  onChange={(e) => setRenaming({ id: label.id, name: e.target.value })}
                  className="rounded border border-slate-300 px-2 py-0.5"
                  aria-label="New name"
                  data-testid="proposed-rename-input"
                />
                <button type="submit" className="rounded border bg-white px-2">
                  Save
                </button>
              </form>
            ) : (
              <span className="font-medium">{label.path.join(" > ")}</span>
            )}
            <span className="text-slate-500">{label.decidedCount} decided</span>
            <span className={`ml-auto gap-1 ${canReview ? "flex" : "hidden"}`}>
              <button
                type="button"
                className="rounded border bg-white px-2"
                onClick={() => void review(label.id, { action: "approve" })}
                data-testid="proposed-approve"
              >
                Approve
              </button>
              <button
                type="button"
                className="rounded border bg-white px-2"
                onClick={() => setRenaming({ id: label.id, name: label.name })}
                data-testid="proposed-rename"
              >
                Rename
              </button>
              <button
                type="button"
                className="rounded border bg-white px-2"
                onClick={() => setMerging(label.id)}
                data-testid="proposed-merge"
              >
                Merge into…
              </button>
              <button
                type="button"
                className="rounded border bg-white px-2 text-rose-700"
                onClick={() => void review(label.id, { action: "reject" })}
                data-testid="proposed-reject"
              >
                Reject
              </button>
            </span>
          </li>
        ))}
      </ul>
      {merging !== null && (
        <LabelPicker
          labels={labels.filter((l) => l.id !== merging && l.status !== "rejected")}
          title="Merge into which label?"
          onClose={() => setMerging(null)}
          onPick={(target) => void review(merging, { action: "merge", intoLabelId: target.id })}
        />
      )}
    </section>
  );
}
