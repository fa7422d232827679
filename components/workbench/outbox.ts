import type { LocalDecision } from "./types";

const storageKey = "creative-triage:decision-outbox";
const empty: LocalDecision[] = [];
const listeners = new Set<() => void>();
let snapshot: LocalDecision[] | undefined;

/**
 * Decisions not yet confirmed by the server, kept in localStorage so that a failed request, a
 * database outage or a closed tab never loses one: they are sent again until the server stores
 * them (the server ignores a repeat of the same clientDecisionId). Components read it as an
 * external store (useSyncExternalStore), so every view of it agrees.
 */
export function readOutbox(): LocalDecision[] {
  if (snapshot) return snapshot;
  try {
    const raw = window.localStorage.getItem(storageKey);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    snapshot = Array.isArray(parsed) ? (parsed as LocalDecision[]) : empty;
  } catch {
    snapshot = empty;
  }
  return snapshot;
}

/** The server-side render has no outbox. */
export function serverOutbox(): LocalDecision[] {
  return empty;
}

export function subscribeOutbox(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function writeOutbox(decisions: LocalDecision[]): void {
  window.localStorage.setItem(storageKey, JSON.stringify(decisions));
  snapshot = decisions;
  listeners.forEach((listener) => listener());
}

export function addToOutbox(decision: LocalDecision): void {
  writeOutbox([
    ...readOutbox().filter((d) => d.clientDecisionId !== decision.clientDecisionId),
    decision,
  ]);
}

export function removeFromOutbox(clientDecisionId: string): void {
  writeOutbox(readOutbox().filter((d) => d.clientDecisionId !== clientDecisionId));
}
