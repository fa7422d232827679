import { z } from "zod";
import {
  detectorRunInputsSchema,
  type DetectorRunInputsPayload,
  type DetectorRunUpload,
} from "@/lib/core/detector/runPayload";
import { readJson } from "../apiJson";

/** The browser's client for `/api/detector-run`: a run's inputs, and storing a finished run. */

export async function fetchDetectorRunInputs(
  query: { dataset: string; modelId: string; modelVersion: string },
  signal?: AbortSignal,
): Promise<DetectorRunInputsPayload> {
  const params = new URLSearchParams(query);
  const response = await fetch(`/api/detector-run?${params}`, { signal });
  return readJson(response, detectorRunInputsSchema, "Reading the detector's inputs");
}

const storedSchema = z.object({
  scored: z.number().int().nonnegative(),
  groups: z.number().int().nonnegative(),
});

export async function storeDetectorRunResult(
  body: DetectorRunUpload,
  signal?: AbortSignal,
): Promise<z.infer<typeof storedSchema>> {
  const response = await fetch("/api/detector-run", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  return readJson(response, storedSchema, "Storing the detector run");
}
