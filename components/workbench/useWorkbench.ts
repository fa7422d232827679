"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { claimItems, fetchQueueCounts, postDecision, undoLast } from "./api";
import type { WorkbenchActions } from "./commands";
import { addToOutbox, readOutbox, removeFromOutbox, serverOutbox, subscribeOutbox } from "./outbox";
import { suggestionList, type LabelChoice, type LocalDecision, type QueueItem } from "./types";

/** Items kept ready beyond the one on screen, so the next one appears at once after a key press. */
const prefetchCount = 8;
/** How often unconfirmed decisions are sent again. */
const retryMs = 3000;

export interface WorkbenchState {
  current: QueueItem | null;
  /** Set when the current item reopens an earlier decision from the history. */
  editing: LocalDecision | null;
  counts: { flagged: number; decided: number; remaining: number } | null;
  history: LocalDecision[];
  pending: LocalDecision[];
  loading: boolean;
  error: string | null;
}

/**
 * The annotation loop: a prefetched buffer of leased items, decisions applied optimistically (the
 * next item shows immediately) and sent through a persistent outbox, undo, and reopening a past
 * decision from the history to change it. Mounted once per (annotator, order).
 */
export function useWorkbench(dataset: string, annotator: string, strategy: string) {
  const [buffer, setBuffer] = useState<QueueItem[]>([]);
  const [editing, setEditing] = useState<LocalDecision | null>(null);
  const [counts, setCounts] = useState<WorkbenchState["counts"]>(null);
  const [history, setHistory] = useState<LocalDecision[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [exhausted, setExhausted] = useState(false);
  const outbox = useSyncExternalStore(subscribeOutbox, readOutbox, serverOutbox);
  const pending = useMemo(() => outbox.filter((d) => ownedBy(d, annotator)), [outbox, annotator]);
  const shownAt = useRef(0);
  const fetching = useRef(false);
  /** Requests under way, by client decision id: undo must know whether one ends up stored. */
  const inflight = useRef(new Map<string, Promise<number | undefined>>());
  /** `/queue?creative=<id>` (a click on the map) shows that creative first, once. */
  const requested = Number(useSearchParams().get("creative"));
  const firstCreative = useRef(
    Number.isInteger(requested) && requested > 0 ? requested : undefined,
  );

  const current = editing?.item ?? buffer[0] ?? null;

  // Keep the buffer topped up: leases are claimed in the background while the annotator works.
  useEffect(() => {
    if (exhausted || fetching.current || buffer.length >= prefetchCount / 2) return;
    fetching.current = true;
    const first = firstCreative.current;
    firstCreative.current = undefined;
    claimItems({ dataset, strategy, count: prefetchCount, first })
      .then((result) => {
        // Progress follows each claim, fetched on its own so the items show without waiting. A
        // failed count keeps the last line shown: the work itself is unaffected.
        fetchQueueCounts(dataset)
          .then(setCounts)
          .catch(() => undefined);
        setBuffer((items) => {
          const known = new Set(items.map((i) => i.creativeId));
          return [...items, ...result.items.filter((i) => !known.has(i.creativeId))];
        });
        if (result.items.length === 0) setExhausted(true);
        setError(null);
      })
      .catch((e: Error) => setError(e.message))
      .finally(() => {
        fetching.current = false;
        setLoading(false);
      });
  }, [annotator, buffer.length, dataset, exhausted, strategy]);

  useEffect(() => {
    shownAt.current = performance.now();
  }, [current?.creativeId]);

  const send = useCallback((decision: LocalDecision): Promise<number | undefined> => {
    const request = postDecision(decision).then(
      (stored) => {
        removeFromOutbox(decision.clientDecisionId);
        setHistory((h) =>
          h.map((d) =>
            d.clientDecisionId === decision.clientDecisionId
              ? { ...d, decisionId: stored.decisionId, error: undefined }
              : d,
          ),
        );
        return stored.decisionId;
      },
      (e: Error) => {
        const failed = { ...decision, error: e.message };
        if (readOutbox().some((d) => d.clientDecisionId === decision.clientDecisionId))
          addToOutbox(failed);
        setHistory((h) =>
          h.map((d) => (d.clientDecisionId === decision.clientDecisionId ? failed : d)),
        );
        return undefined;
      },
    );
    inflight.current.set(decision.clientDecisionId, request);
    void request.finally(() => {
      if (inflight.current.get(decision.clientDecisionId) === request)
        inflight.current.delete(decision.clientDecisionId);
    });
    return request;
  }, []);

  useEffect(() => {
    const timer = window.setInterval(() => {
      for (const decision of readOutbox()) {
        if (ownedBy(decision, annotator) && !inflight.current.has(decision.clientDecisionId))
          void send(decision);
      }
    }, retryMs);
    return () => window.clearInterval(timer);
  }, [annotator, send]);

  const commit = useCallback(
    (partial: Omit<LocalDecision, "clientDecisionId" | "item" | "timeSpentMs">) => {
      if (!current) return;
      const decision: LocalDecision = {
        ...partial,
        clientDecisionId: crypto.randomUUID(),
        annotator,
        item: current,
        timeSpentMs: Math.round(performance.now() - shownAt.current),
        replacesDecisionId: editing?.decisionId,
      };
      addToOutbox(decision);
      setHistory((h) =>
        [decision, ...h.filter((d) => d.clientDecisionId !== editing?.clientDecisionId)].slice(
          0,
          10,
        ),
      );
      if (editing) setEditing(null);
      else setBuffer((items) => items.filter((i) => i.creativeId !== current.creativeId));
      if (partial.action !== "skip" && !editing) {
        setCounts((c) => (c ? { ...c, decided: c.decided + 1, remaining: c.remaining - 1 } : c));
      }
      void send(decision);
    },
    [annotator, current, editing, send],
  );

  const decideWith = useCallback(
    (action: LocalDecision["action"], label: LabelChoice, rejected?: LabelChoice) => {
      if (!current) return;
      const strongestWrong = suggestionList(current).find((s) => s.labelId !== label.labelId);
      commit({
        action,
        labelId: label.labelId,
        labelPath: label.path,
        rejectedLabelId: rejected?.labelId,
        strongestWrongLabelId: strongestWrong?.labelId,
      });
    },
    [commit, current],
  );

  const undo = useCallback(async () => {
    const last = history[0];
    if (!last) return;
    try {
      // Stop retrying it, then see whether a request already stored it: only then is there
      // something to undo on the server.
      removeFromOutbox(last.clientDecisionId);
      const storedId = last.decisionId ?? (await inflight.current.get(last.clientDecisionId));
      if (storedId !== undefined) await undoLast(dataset);
      setHistory((h) => h.slice(1));
      setBuffer((items) => [
        last.item,
        ...items.filter((i) => i.creativeId !== last.item.creativeId),
      ]);
      setExhausted(false);
      if (last.action !== "skip") {
        setCounts((c) => (c ? { ...c, decided: c.decided - 1, remaining: c.remaining + 1 } : c));
      }
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [dataset, history]);

  /** Takes creatives decided elsewhere (a whole new-label group) out of the prefetched items. */
  const dropDecided = useCallback((creativeIds: readonly number[]) => {
    const decided = new Set(creativeIds);
    setBuffer((items) => items.filter((i) => !decided.has(i.creativeId)));
    setCounts((c) =>
      c ? { ...c, decided: c.decided + decided.size, remaining: c.remaining - decided.size } : c,
    );
  }, []);

  const reopen = useCallback((decision: LocalDecision) => setEditing(decision), []);
  const cancelEdit = useCallback(() => setEditing(null), []);

  const actions: Omit<WorkbenchActions, "openPicker" | "openNewLabel" | "toggleHelp"> = {
    decide: ({ action, label, rejected }) => decideWith(action, label, rejected),
    skip: () => commit({ action: "skip" }),
    undo: () => void undo(),
  };

  const state: WorkbenchState = { current, editing, counts, history, pending, loading, error };
  return { state, actions, decideWith, dropDecided, reopen, cancelEdit };
}

/** A decision this signed-in annotator may send (one from before accounts has no owner). */
function ownedBy(decision: LocalDecision, annotator: string): boolean {
  return decision.annotator === undefined || decision.annotator === annotator;
}
