import "server-only";
import { sql } from "drizzle-orm";
import {
  adaptedModelVersion,
  defaultRetrainAfterDecisions,
  parseAdaptedModelVersion,
  type ModelVersionSummary,
  type RetrainProposal,
  type SelectedSpace,
  type TrainingSettings,
  type VersionMetrics,
} from "@/lib/core/adaptation/versions";
import type { Database, Executor } from "../db";
import { modelVersions } from "../db/schema";
import { recordAudit } from "./audit";
import { standingDecision } from "./overlap";
import { rowsOf } from "./taxonomies";

/**
 * Trained model versions of a dataset (Dense adapters over a frozen base model), which space the
 * dataset's queue follows, and when the next training round is due. A version's vectors and runs
 * are stored under the base model's id and `adaptedModelVersion(base, id)`; see
 * lib/core/adaptation/versions.ts.
 */

/** No version with that id (in that dataset); routes answer 404. */
export class ModelVersionNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelVersionNotFoundError";
  }
}

/** A version that does not fit what it is stored or selected for; the message says what. */
export class ModelVersionRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelVersionRejectedError";
  }
}

/** The base model a version (or a training round) belongs to. */
export interface BaseModelKey {
  baseModelId: string;
  baseModelVersion: string;
}

interface VersionRow {
  id: number;
  dataset_id: number;
  parent_id: number | null;
  base_model_id: string;
  base_model_version: string;
  objective: string;
  dim: number;
  decision_count: number;
  last_decision_id: number;
  metrics: VersionMetrics;
  created_by: string;
  created_at: string | Date;
}

const versionColumns = sql`mv.id, mv.dataset_id, mv.parent_id, mv.base_model_id, mv.base_model_version,
  mv.objective, mv.dim, mv.decision_count, mv.last_decision_id, mv.metrics, mv.created_by, mv.created_at`;

function summaryOf(row: VersionRow, selected: SelectedSpace | null): ModelVersionSummary {
  const modelVersion = adaptedModelVersion(row.base_model_version, row.id);
  return {
    id: row.id,
    parentId: row.parent_id,
    baseModelId: row.base_model_id,
    baseModelVersion: row.base_model_version,
    modelVersion,
    objective: row.objective,
    dim: row.dim,
    decisionCount: row.decision_count,
    lastDecisionId: row.last_decision_id,
    metrics: row.metrics,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    selected: selected?.modelId === row.base_model_id && selected.modelVersion === modelVersion,
  };
}

export async function getTrainingSettings(
  db: Executor,
  datasetId: number,
): Promise<TrainingSettings> {
  const [row] = rowsOf<{
    selected_model_id: string | null;
    selected_model_version: string | null;
    retrain_after_decisions: number;
    updated_by: string;
    updated_at: string | Date;
  }>(
    await db.execute(sql`
      select selected_model_id, selected_model_version, retrain_after_decisions, updated_by, updated_at
      from dataset_training where dataset_id = ${datasetId}`),
  );
  if (!row) {
    return {
      selected: null,
      retrainAfterDecisions: defaultRetrainAfterDecisions,
      updatedBy: null,
      updatedAt: null,
    };
  }
  const selected =
    row.selected_model_id !== null && row.selected_model_version !== null
      ? {
          modelId: row.selected_model_id,
          modelVersion: row.selected_model_version,
          versionId: parseAdaptedModelVersion(row.selected_model_version)?.versionId ?? null,
        }
      : null;
  return {
    selected,
    retrainAfterDecisions: row.retrain_after_decisions,
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/**
 * The version of this base model the dataset selected (what a new round trains on top of); null
 * when it selected the base model itself, another model, or nothing.
 */
export async function selectedVersionId(
  db: Executor,
  input: BaseModelKey & { datasetId: number },
): Promise<number | null> {
  const { selected } = await getTrainingSettings(db, input.datasetId);
  if (!selected || selected.modelId !== input.baseModelId || selected.versionId === null) {
    return null;
  }
  if (parseAdaptedModelVersion(selected.modelVersion)?.baseModelVersion !== input.baseModelVersion)
    return null;
  const [row] = rowsOf<{ id: number }>(
    await db.execute(sql`
      select id from model_versions where id = ${selected.versionId} and dataset_id = ${input.datasetId}`),
  );
  return row?.id ?? null;
}

/** The index of the first non-finite little-endian float32 in `bytes`, or -1. */
function firstNonFinite(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < bytes.byteLength; i += 4) {
    if (!Number.isFinite(view.getFloat32(i, true))) return i / 4;
  }
  return -1;
}

/**
 * Stores a trained adapter as a new version of its base model, with its audit entry, in one
 * transaction. The parent (the version selected when training started) must be a version of the
 * same dataset and base model. The new version is not selected: its vectors and run come first.
 */
export async function createModelVersion(
  database: Database,
  input: BaseModelKey & {
    datasetId: number;
    parentId: number | null;
    dim: number;
    /** `encodeAdapter`'s bytes: little-endian float32 weight `[dim, dim]`, row-major `[out, in]`. */
    weights: Uint8Array;
    lastDecisionId: number;
    decisionCount: number;
    metrics: VersionMetrics;
    createdBy: string;
  },
): Promise<ModelVersionSummary> {
  const expected = input.dim * input.dim * 4;
  if (input.weights.byteLength !== expected) {
    throw new ModelVersionRejectedError(
      `weights: ${input.weights.byteLength} bytes, expected ${expected} for dim ${input.dim}`,
    );
  }
  const bad = firstNonFinite(input.weights);
  if (bad >= 0) throw new ModelVersionRejectedError(`weights: value ${bad} is not finite`);
  return database.transaction(async (tx) => {
    if (input.parentId !== null) {
      const parent = await findVersionRow(tx, input.parentId);
      if (
        !parent ||
        parent.dataset_id !== input.datasetId ||
        parent.base_model_id !== input.baseModelId ||
        parent.base_model_version !== input.baseModelVersion
      ) {
        throw new ModelVersionRejectedError(
          `parentId: ${input.parentId} is not a version of ${input.baseModelId} ${input.baseModelVersion} in this dataset`,
        );
      }
    }
    const [created] = await tx
      .insert(modelVersions)
      .values({
        datasetId: input.datasetId,
        baseModelId: input.baseModelId,
        baseModelVersion: input.baseModelVersion,
        parentId: input.parentId,
        objective: input.metrics.objective,
        dim: input.dim,
        weights: Buffer.from(
          input.weights.buffer,
          input.weights.byteOffset,
          input.weights.byteLength,
        ),
        decisionCount: input.decisionCount,
        lastDecisionId: input.lastDecisionId,
        metrics: input.metrics,
        createdBy: input.createdBy,
      })
      .returning({ id: modelVersions.id });
    if (!created) throw new Error("The model version was not stored");
    const row = (await findVersionRow(tx, created.id))!;
    await recordAudit(tx, {
      actor: input.createdBy,
      action: "model_version.create",
      entityType: "model_version",
      entityId: String(created.id),
      before: null,
      after: {
        datasetId: input.datasetId,
        baseModelId: input.baseModelId,
        baseModelVersion: input.baseModelVersion,
        modelVersion: adaptedModelVersion(input.baseModelVersion, created.id),
        parentId: input.parentId,
        objective: input.metrics.objective,
        dim: input.dim,
        decisionCount: input.decisionCount,
        lastDecisionId: input.lastDecisionId,
      },
    });
    return summaryOf(row, (await getTrainingSettings(tx, input.datasetId)).selected);
  });
}

async function findVersionRow(db: Executor, id: number): Promise<VersionRow | null> {
  const [row] = rowsOf<VersionRow>(
    await db.execute(sql`select ${versionColumns} from model_versions mv where mv.id = ${id}`),
  );
  return row ?? null;
}

/** A dataset's versions, newest first, optionally of one base model only; `selected` marks one. */
export async function listModelVersions(
  db: Executor,
  datasetId: number,
  base?: BaseModelKey,
): Promise<ModelVersionSummary[]> {
  const filter = base
    ? sql`and mv.base_model_id = ${base.baseModelId} and mv.base_model_version = ${base.baseModelVersion}`
    : sql``;
  const rows = rowsOf<VersionRow>(
    await db.execute(sql`
      select ${versionColumns} from model_versions mv
      where mv.dataset_id = ${datasetId} ${filter} order by mv.id desc`),
  );
  const { selected } = await getTrainingSettings(db, datasetId);
  return rows.map((row) => summaryOf(row, selected));
}

/** One version with its adapter's bytes and dataset; null when there is none with that id. */
export async function getModelVersion(
  db: Executor,
  id: number,
): Promise<(ModelVersionSummary & { weights: Uint8Array; datasetId: number }) | null> {
  const [row] = rowsOf<VersionRow & { weights: Uint8Array }>(
    await db.execute(
      sql`select ${versionColumns}, mv.weights from model_versions mv where mv.id = ${id}`,
    ),
  );
  if (!row) return null;
  const { selected } = await getTrainingSettings(db, row.dataset_id);
  return {
    ...summaryOf(row, selected),
    weights: new Uint8Array(row.weights),
    datasetId: row.dataset_id,
  };
}

/**
 * Chooses the space the dataset's queue follows: a version of the base model, or (`versionId`
 * null) the base model itself, which is how a round is rolled back. Written with its audit entry
 * (the selection before and after) in one transaction. A version of another dataset is not found;
 * one of another base model is refused.
 */
export async function selectModelVersion(
  database: Database,
  input: BaseModelKey & { datasetId: number; versionId: number | null; actor: string },
): Promise<SelectedSpace> {
  return database.transaction(async (tx) => {
    if (input.versionId !== null) {
      const version = await findVersionRow(tx, input.versionId);
      if (!version || version.dataset_id !== input.datasetId) {
        throw new ModelVersionNotFoundError(`No model version ${input.versionId} in this dataset`);
      }
      if (
        version.base_model_id !== input.baseModelId ||
        version.base_model_version !== input.baseModelVersion
      ) {
        throw new ModelVersionRejectedError(
          `versionId: version ${input.versionId} was trained on ${version.base_model_id} ${version.base_model_version}, not ${input.baseModelId} ${input.baseModelVersion}`,
        );
      }
    }
    const after: SelectedSpace = {
      modelId: input.baseModelId,
      modelVersion:
        input.versionId === null
          ? input.baseModelVersion
          : adaptedModelVersion(input.baseModelVersion, input.versionId),
      versionId: input.versionId,
    };
    const before = await getTrainingSettings(tx, input.datasetId);
    await tx.execute(sql`
      insert into dataset_training (dataset_id, selected_model_id, selected_model_version, updated_by)
      values (${input.datasetId}, ${after.modelId}, ${after.modelVersion}, ${input.actor})
      on conflict (dataset_id) do update set selected_model_id = excluded.selected_model_id,
        selected_model_version = excluded.selected_model_version, updated_by = excluded.updated_by,
        updated_at = now()`);
    await recordAudit(tx, {
      actor: input.actor,
      action: "model_version.select",
      entityType: "dataset_training",
      entityId: String(input.datasetId),
      before: before.selected ? { ...before.selected } : null,
      after: { ...after },
    });
    return after;
  });
}

/** Sets after how many new decisions a round is proposed, with its audit entry. */
export async function setRetrainAfterDecisions(
  database: Database,
  input: { datasetId: number; retrainAfterDecisions: number; actor: string },
): Promise<TrainingSettings> {
  if (!Number.isInteger(input.retrainAfterDecisions) || input.retrainAfterDecisions < 1) {
    throw new ModelVersionRejectedError("retrainAfterDecisions: must be a whole number above 0");
  }
  return database.transaction(async (tx) => {
    const before = await getTrainingSettings(tx, input.datasetId);
    await tx.execute(sql`
      insert into dataset_training (dataset_id, retrain_after_decisions, updated_by)
      values (${input.datasetId}, ${input.retrainAfterDecisions}, ${input.actor})
      on conflict (dataset_id) do update set retrain_after_decisions = excluded.retrain_after_decisions,
        updated_by = excluded.updated_by, updated_at = now()`);
    await recordAudit(tx, {
      actor: input.actor,
      action: "training.settings",
      entityType: "dataset_training",
      entityId: String(input.datasetId),
      before:
        before.updatedBy === null ? null : { retrainAfterDecisions: before.retrainAfterDecisions },
      after: { retrainAfterDecisions: input.retrainAfterDecisions },
    });
    return getTrainingSettings(tx, input.datasetId);
  });
}

/**
 * Whether a round is due: standing non-skip decisions newer than the newest version of this base
 * model knew (all of them before the first version), against the dataset's threshold. The app
 * proposes a round; it never starts one.
 */
export async function retrainProposal(
  db: Executor,
  datasetId: number,
  baseModelId: string,
  baseModelVersion: string,
): Promise<RetrainProposal> {
  const [row] = rowsOf<{ decisions_since: number }>(
    await db.execute(sql`
      select count(*)::int as decisions_since
      from decisions d join creatives c on c.id = d.creative_id
      where c.dataset_id = ${datasetId} and d.action <> 'skip' and ${standingDecision}
        and d.id > coalesce((select mv.last_decision_id from model_versions mv
          where mv.dataset_id = ${datasetId} and mv.base_model_id = ${baseModelId}
            and mv.base_model_version = ${baseModelVersion}
          order by mv.id desc limit 1), 0)`),
  );
  const { retrainAfterDecisions } = await getTrainingSettings(db, datasetId);
  const decisionsSince = row?.decisions_since ?? 0;
  return { decisionsSince, retrainAfterDecisions, due: decisionsSince >= retrainAfterDecisions };
}
