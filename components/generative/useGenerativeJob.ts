"use client";

import { useCallback, useEffect, useState } from "react";
import type { GenerativeJobView } from "@/lib/core/generative/api";
import { latestGenerativeJob } from "./generativeApi";

/** How often a running job's progress is read from the server. */
const pollMs = 1_000;

/**
 * A dataset's newest generative job, polled while it runs: the job lives on the server (it goes
 * on when this page is closed), so the page only watches its stored progress. A poll answered
 * after the dataset changed is dropped.
 */
export function useGenerativeJob(dataset: string) {
  const [job, setJob] = useState<GenerativeJobView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    if (!dataset) return;
    let stale = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      latestGenerativeJob(dataset).then(
        ({ job: next }) => {
          if (stale) return;
          setJob(next);
          setError(null);
          if (next?.status === "running" && !next.interrupted) timer = setTimeout(poll, pollMs);
        },
        (e: unknown) => {
          if (!stale) setError(e instanceof Error ? e.message : String(e));
        },
      );
    };
    poll();
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [dataset, tick]);

  return { job, error, refresh };
}
