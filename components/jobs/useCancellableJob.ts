"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/** A long browser job as the page shows it: not started, running with progress, or its end. */
export type JobState<Progress, Result> =
  | { status: "idle" }
  | { status: "running"; progress: Progress }
  | { status: "done"; result: Result }
  | { status: "cancelled" }
  | { status: "failed"; message: string };

/**
 * One cancellable job at a time as React state, for the detector run and the training round:
 * `run` starts a job (cancelling the one running, whose late progress can then no longer
 * overwrite the new one's state), `cancel` aborts it, and leaving the page aborts it too. A job
 * that throws after its signal was aborted ends as cancelled, not failed.
 */
export function useCancellableJob<Progress, Result>() {
  const [state, setState] = useState<JobState<Progress, Result>>({ status: "idle" });
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const run = useCallback(
    async (
      initial: Progress,
      job: (signal: AbortSignal, onProgress: (progress: Progress) => void) => Promise<Result>,
    ): Promise<Result | null> => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      const { signal } = current;
      const update = (next: JobState<Progress, Result>) => {
        if (controller.current === current) setState(next);
      };
      update({ status: "running", progress: initial });
      try {
        const result = await job(signal, (progress) => update({ status: "running", progress }));
        update({ status: "done", result });
        return result;
      } catch (error) {
        if (signal.aborted) update({ status: "cancelled" });
        else
          update({
            status: "failed",
            message: error instanceof Error ? error.message : String(error),
          });
        return null;
      } finally {
        if (controller.current === current) controller.current = null;
      }
    },
    [],
  );
  const cancel = useCallback(() => controller.current?.abort(), []);
  return { state, run, cancel };
}
