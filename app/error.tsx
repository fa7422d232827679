"use client";

import { useRouter } from "next/navigation";
import { startTransition, useSyncExternalStore } from "react";
import { readOutbox, serverOutbox, subscribeOutbox } from "@/components/workbench/outbox";

/**
 * What a page shows when the server could not render it, most often because the database is
 * unreachable: what happened in words, that decisions made in this browser are kept (the
 * outbox) and will be sent, and a way to try again. Details stay in the server's log.
 */
export default function PageError({ reset }: { error: Error; reset: () => void }) {
  const router = useRouter();
  const pending = useSyncExternalStore(subscribeOutbox, readOutbox, serverOutbox);
  return (
    <section className="mx-auto max-w-xl space-y-3 py-12" role="alert" data-testid="page-error">
      <h1 className="text-xl font-semibold">This page could not load</h1>
      <p className="text-slate-600">
        The server could not read its data. The database may be unavailable or restarting; try again
        in a moment.
      </p>
      {pending.length > 0 && (
        <p
          className="rounded bg-amber-50 p-3 text-sm text-amber-900"
          data-testid="page-error-pending"
        >
          {pending.length} decision{pending.length > 1 ? "s" : ""} made here{" "}
          {pending.length > 1 ? "are" : "is"} kept in this browser and will be saved when the queue
          opens again.
        </p>
      )}
      <button
        type="button"
        className="rounded bg-slate-900 px-4 py-1.5 text-sm text-white"
        data-testid="page-error-retry"
        onClick={() =>
          startTransition(() => {
            router.refresh();
            reset();
          })
        }
      >
        Try again
      </button>
    </section>
  );
}
