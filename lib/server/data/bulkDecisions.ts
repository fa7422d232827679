import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database, Executor } from "../db";
import type { DecisionAction } from "../db/schema";
import { currentLabelOf, DecisionRejectedError, recordDecisionIn } from "./decisions";
import { latestDetectorRun } from "./queueItems";
import { analyzeAfterBulkWrite } from "./statistics";
import { createProposedLabel, rowsOf } from "./taxonomies";

/** One label for many creatives: a map selection, or a whole new-label group. */
export interface BulkDecisionInput {
  creativeIds: readonly number[];
  labelId: number;
  action: Exclude<DecisionAction, "skip">;
  annotator: string;
  /**
   * Where the decisions come from (`map`, `new_label_group:12`). Decisions have no source column,
   * so it is kept as the prefix of each decision's client id: `<source>:<requestId>:<creativeId>`.
   */
  source: string;
  /** Idempotency key of the whole request: a retried request stores each decision once. */
  requestId?: string;
}

/** What happened to one creative of a bulk decision. */
export type BulkDecisionResult =
  | { creativeId: number; status: "decided"; decisionId: number; pairCount: number }
  | { creativeId: number; status: "skipped"; reason: "already decided"; decisionId: number };

export interface BulkDecisionOutcome {
  results: BulkDecisionResult[];
  decided: number;
  skipped: number;
  pairCount: number;
}

/**
 * Records one decision per creative with the same label, in one transaction, through the same
 * code as a single decision (so each gets its previous label and its training pairs). A creative
 * an annotator already decided is left alone and reported as skipped. Each creative's current
 * label, when it differs from the new one, is passed as the rejected label: assigning over it is
 * a correction, and its negative pair is real training signal. Any creative or label that does
 * not fit rejects the whole request ({@link DecisionRejectedError}); nothing is half-written.
 */
export async function recordBulkDecisions(
  db: Database,
  input: BulkDecisionInput,
): Promise<BulkDecisionOutcome> {
  return db.transaction((tx) => recordBulkDecisionsIn(tx, input));
}

/** {@link recordBulkDecisions} inside a caller's transaction (e.g. after creating the label). */
export async function recordBulkDecisionsIn(
  tx: Executor,
  input: BulkDecisionInput,
): Promise<BulkDecisionOutcome> {
  const creativeIds = [...new Set(input.creativeIds)];
  if (creativeIds.length === 0) throw new DecisionRejectedError("No creatives were given");
  const requestId = input.requestId ?? randomUUID();
  const keyOf = (creativeId: number) => `${input.source}:${requestId}:${creativeId}`;
  const current = new Map(
    rowsOf<{ creative_id: number; id: number; client_decision_id: string | null }>(
      await tx.execute(sql`
        select distinct on (d.creative_id) d.creative_id, d.id, d.client_decision_id from decisions d
        where d.creative_id = any(${sql.param(creativeIds)}::int[]) and d.retracted_at is null
          and d.action <> 'skip'
        order by d.creative_id, d.id desc`),
    ).map((r) => [r.creative_id, r]),
  );
  const results: BulkDecisionResult[] = [];
  for (const creativeId of creativeIds) {
    const earlier = current.get(creativeId);
    if (earlier && earlier.client_decision_id !== keyOf(creativeId)) {
      results.push({
        creativeId,
        status: "skipped",
        reason: "already decided",
        decisionId: earlier.id,
      });
      continue;
    }
    const previous = await currentLabelOf(tx, creativeId);
    const stored = await recordDecisionIn(tx, {
      creativeId,
      annotator: input.annotator,
      action: input.action,
      labelId: input.labelId,
      rejectedLabelId: previous !== null && previous !== input.labelId ? previous : undefined,
      timeSpentMs: 0,
      clientDecisionId: keyOf(creativeId),
    });
    results.push({ creativeId, status: "decided", ...stored });
  }
  const decided = results.filter((r) => r.status === "decided");
  await analyzeAfterBulkWrite(tx, ["decisions", "training_pairs"], decided.length);
  return {
    results,
    decided: decided.length,
    skipped: results.length - decided.length,
    pairCount: decided.reduce((sum, r) => sum + r.pairCount, 0),
  };
}

/**
 * Creates a proposed label (or finds the one at that path) and assigns it to the creatives, in
 * one transaction: a failed assignment leaves no orphan label behind.
 */
export async function proposeLabelForCreatives(
  db: Database,
  input: Omit<BulkDecisionInput, "labelId" | "action"> & {
    taxonomyId: number;
    parentId: number | null;
    name: string;
  },
): Promise<BulkDecisionOutcome & { label: { id: number; path: string[]; status: string } }> {
  return db.transaction(async (tx) => {
    const label = await createProposedLabel(tx, {
      taxonomyId: input.taxonomyId,
      parentId: input.parentId,
      name: input.name,
      createdBy: `annotator:${input.annotator}`,
    }).catch((error: unknown) => {
      throw new DecisionRejectedError(error instanceof Error ? error.message : String(error));
    });
    const outcome = await recordBulkDecisionsIn(tx, {
      ...input,
      labelId: label.id,
      action: "new_label",
    });
    return { ...outcome, label };
  });
}

/** Why creatives sent to the queue did not all land there. */
export interface SendToQueueOutcome {
  queued: number[];
  /** Already in the queue by hand. */
  alreadyQueued: number[];
  /** No verdict from the dataset's detector run, so nothing to put in the queue. */
  notScored: number[];
  /** Decided already: the queue only serves open creatives. */
  alreadyDecided: number[];
}

/**
 * Puts creatives in the dataset's queue whatever the detector said. The mark is `manual: 1` in
 * the signals of their verdict in the latest detector run (the queue condition admits it), with a
 * reason the annotator reads. No new table: the mark lives with the verdict it overrides, and a
 * new detector run (a new model version) starts from its own verdicts.
 */
export async function sendCreativesToQueue(
  db: Database,
  input: { datasetId: number; creativeIds: readonly number[]; annotator: string },
): Promise<SendToQueueOutcome> {
  const ids = [...new Set(input.creativeIds)];
  return db.transaction(async (tx) => {
    const run = await latestDetectorRun(tx, input.datasetId);
    const rows = rowsOf<{ id: number; scored: boolean; manual: boolean; decided: boolean }>(
      await tx.execute(sql`
        select c.id, (s.id is not null) as scored, coalesce(s.signals ? 'manual', false) as manual,
          exists (select 1 from decisions d where d.creative_id = c.id and d.retracted_at is null
            and d.action <> 'skip') as decided
        from creatives c
        left join detector_scores s on s.creative_id = c.id
          and s.model_id = ${run?.modelId ?? ""} and s.model_version = ${run?.modelVersion ?? ""}
        where c.id = any(${sql.param(ids)}::int[]) and c.dataset_id = ${input.datasetId}`),
    );
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw new DecisionRejectedError(
        `Creatives ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? "…" : ""} are not in this dataset`,
      );
    }
    const outcome: SendToQueueOutcome = {
      queued: [],
      alreadyQueued: [],
      notScored: [],
      alreadyDecided: [],
    };
    for (const row of rows) {
      if (row.decided) outcome.alreadyDecided.push(row.id);
      else if (!row.scored) outcome.notScored.push(row.id);
      else if (row.manual) outcome.alreadyQueued.push(row.id);
      else outcome.queued.push(row.id);
    }
    if (run && outcome.queued.length > 0) {
      const reason = JSON.stringify([`Sent to the queue from the map by ${input.annotator}`]);
      await tx.execute(sql`
        update detector_scores set signals = signals || '{"manual": 1}'::jsonb,
          reasons = reasons || ${reason}::jsonb
        where model_id = ${run.modelId} and model_version = ${run.modelVersion}
          and creative_id = any(${sql.param(outcome.queued)}::int[])`);
    }
    return outcome;
  });
}
