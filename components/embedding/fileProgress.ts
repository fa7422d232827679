import type { FileProgress } from "@/lib/ml/embedding/protocol";

/** Byte progress per model file, folded from the worker's per-file events. */
export type FileProgressMap = Readonly<
  Record<string, { loaded: number; total: number; done: boolean }>
>;

/** Applies one file event; `done` marks the file complete at its last known size. */
export function foldFileProgress(state: FileProgressMap, event: FileProgress): FileProgressMap {
  const current = state[event.file] ?? { loaded: 0, total: 0, done: false };
  switch (event.status) {
    case "initiate":
    case "download":
      return { ...state, [event.file]: current };
    case "progress":
      return { ...state, [event.file]: { loaded: event.loaded, total: event.total, done: false } };
    case "done":
      return {
        ...state,
        [event.file]: { loaded: current.total, total: current.total, done: true },
      };
  }
}
