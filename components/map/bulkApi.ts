import { z } from "zod";
import { errorBodySchema } from "@/lib/core/import/reportSchema";
import type { BulkRequest } from "@/lib/core/workbenchApi";
import { taxonomyLabelSchema } from "@/components/workbench/types";

/** The map's calls for bulk actions on a selection, and the labels to choose from. */

const decidedSchema = z.object({
  results: z.array(
    z.object({
      creativeId: z.number(),
      status: z.enum(["decided", "skipped"]),
      decisionId: z.number(),
    }),
  ),
  decided: z.number(),
  skipped: z.number(),
  pairCount: z.number(),
  label: z.object({ id: z.number(), path: z.array(z.string()) }).optional(),
});
export type BulkDecided = z.infer<typeof decidedSchema>;

const queuedSchema = z.object({
  queued: z.array(z.number()),
  alreadyQueued: z.array(z.number()),
  notScored: z.array(z.number()),
  alreadyDecided: z.array(z.number()),
});
export type BulkQueued = z.infer<typeof queuedSchema>;

async function call<T extends z.ZodType>(url: string, schema: T, init?: RequestInit) {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { "content-type": "application/json" } });
  } catch {
    throw new Error("The server could not be reached");
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = errorBodySchema.safeParse(body);
    throw new Error(
      error.success ? error.data.error.message : `The server answered ${response.status}`,
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error("The server's answer was not understood");
  return parsed.data as z.infer<T>;
}

/** Assigns a label (existing or newly proposed) to the selected creatives. */
export function bulkDecide(request: Extract<BulkRequest, { operation: "assign" | "propose" }>) {
  return call("/api/decisions/bulk", decidedSchema, {
    method: "POST",
    body: JSON.stringify(request),
  });
}

/** Puts the selected creatives in the queue. */
export function bulkQueue(request: Extract<BulkRequest, { operation: "queue" }>) {
  return call("/api/decisions/bulk", queuedSchema, {
    method: "POST",
    body: JSON.stringify(request),
  });
}

/** The taxonomy's labels, for the label picker. */
export async function fetchLabels(taxonomyId: number) {
  const { labels } = await call(
    `/api/taxonomies/${taxonomyId}/labels`,
    z.object({ labels: z.array(taxonomyLabelSchema) }),
  );
  return labels;
}
