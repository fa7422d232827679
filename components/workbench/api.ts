import { z } from "zod";
import { errorBodySchema } from "@/lib/core/import/reportSchema";
import {
  claimResponseSchema,
  countsResponseSchema,
  taxonomyLabelSchema,
  type LocalDecision,
} from "./types";

/** Thrown for any failed call; the message is the server's own words when it sent some. */
export class WorkbenchApiError extends Error {}

async function call<T extends z.ZodType>(
  url: string,
  schema: T,
  init?: RequestInit,
): Promise<z.infer<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { "content-type": "application/json", ...init?.headers },
    });
  } catch {
    throw new WorkbenchApiError("The server could not be reached");
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = errorBodySchema.safeParse(body);
    throw new WorkbenchApiError(
      error.success ? error.data.error.message : `The server answered ${response.status}`,
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new WorkbenchApiError("The server's answer was not understood");
  return parsed.data;
}

export function claimItems(input: {
  dataset: string;
  strategy: string;
  count: number;
  first?: number;
}) {
  return call("/api/queue/claim", claimResponseSchema, {
    method: "POST",
    body: JSON.stringify(input),
  });
}

/** The queue's progress counts, asked for apart from the claim so items never wait for them. */
export function fetchQueueCounts(dataset: string) {
  return call(`/api/queue/counts?${new URLSearchParams({ dataset })}`, countsResponseSchema).then(
    (r) => r.counts,
  );
}

export function postDecision(decision: LocalDecision) {
  return call("/api/decisions", z.object({ decisionId: z.number(), pairCount: z.number() }), {
    method: "POST",
    body: JSON.stringify({
      creativeId: decision.item.creativeId,
      action: decision.action,
      labelId: decision.labelId,
      rejectedLabelId: decision.rejectedLabelId,
      strongestWrongLabelId: decision.strongestWrongLabelId,
      timeSpentMs: decision.timeSpentMs,
      replacesDecisionId: decision.replacesDecisionId,
      clientDecisionId: decision.clientDecisionId,
    }),
  });
}

export function undoLast(dataset: string) {
  return call("/api/decisions/undo", z.object({ decisionId: z.number(), creativeId: z.number() }), {
    method: "POST",
    body: JSON.stringify({ dataset }),
  });
}

export function loadLabels(taxonomyId: number) {
  return call(
    `/api/taxonomies/${taxonomyId}/labels`,
    z.object({ labels: z.array(taxonomyLabelSchema) }),
  );
}

export function proposeLabel(input: { taxonomyId: number; parentId: number | null; name: string }) {
  return call(
    "/api/labels",
    z.object({
      label: z.object({ id: z.number(), path: z.array(z.string()), status: z.string() }),
    }),
    { method: "POST", body: JSON.stringify(input) },
  );
}

/** Gives the other undecided members of a new-label group the same label. */
export function labelGroup(input: {
  groupId: number;
  labelId: number;
  exceptCreativeIds: number[];
}) {
  const { groupId, ...body } = input;
  return call(
    `/api/new-label-groups/${groupId}/decisions`,
    z.object({
      decided: z.number(),
      skipped: z.number(),
      results: z.array(z.object({ creativeId: z.number(), status: z.string() })),
    }),
    { method: "POST", body: JSON.stringify({ ...body, requestId: crypto.randomUUID() }) },
  );
}

const similarCreativesSchema = z.object({
  method: z.enum(["exact", "hnsw"]),
  items: z.array(
    z.object({
      creativeId: z.number(),
      text: z.string(),
      similarity: z.number(),
      label: z
        .object({
          labelId: z.number(),
          path: z.array(z.string()),
          source: z.enum(["decision", "classifier"]),
        })
        .nullable(),
    }),
  ),
});

export type SimilarCreatives = z.infer<typeof similarCreativesSchema>;

/** The labelled creatives nearest to one: how annotators labelled texts like it. */
export function fetchSimilarConfirmed(creativeId: number, signal?: AbortSignal) {
  return call(`/api/creatives/${creativeId}/similar?confirmed=1&limit=5`, similarCreativesSchema, {
    signal,
  });
}
