"use client";

import { useCallback, useEffect, useState } from "react";
import type { ModelVersionListing } from "@/lib/core/adaptation/versions";
import { fetchModelVersions, type BaseModelQuery } from "@/lib/ml/training/listingApi";

export type ModelVersionsState =
  | { status: "loading" }
  | { status: "ready"; listing: ModelVersionListing }
  | { status: "failed"; message: string };

/**
 * A dataset's versions of the active model as React state, read again on `reload` (after a
 * round, a selection or a rollback) and whenever the dataset or the model changes.
 */
export function useModelVersions(query: BaseModelQuery) {
  const { dataset, modelId, modelVersion } = query;
  const [state, setState] = useState<ModelVersionsState>({ status: "loading" });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    fetchModelVersions({ dataset, modelId, modelVersion }, controller.signal)
      .then((listing) => setState({ status: "ready", listing }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setState({
          status: "failed",
          message: error instanceof Error ? error.message : String(error),
        });
      });
    return () => controller.abort();
  }, [dataset, modelId, modelVersion, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, reload };
}
