import { z } from "zod";
import { maxEmbeddingDim } from "../embeddingPayload";
import { adapterObjectives } from "./objectives";

/**
 * Model versions trained from decisions: the contract between the training worker, the routes
 * and the database. A version is a Dense adapter over a frozen base model (the bundled encoder or
 * any loaded one). Its vectors and detector runs are stored under the base model's id with a
 * version string that names the adapter, so every existing per-(model, version) table (vectors,
 * scores, maps) holds them beside the base model's without a schema change of its own.
 */

const adapterMark = "+adapter.";

/** The `modelVersion` stored with a version's vectors and scores: `<base version>+adapter.<id>`. */
export function adaptedModelVersion(baseModelVersion: string, versionId: number): string {
  return `${baseModelVersion}${adapterMark}${versionId}`;
}

/** The adapter's id and base version named by a stored `modelVersion`; null for a base model. */
export function parseAdaptedModelVersion(
  modelVersion: string,
): { baseModelVersion: string; versionId: number } | null {
  const at = modelVersion.lastIndexOf(adapterMark);
  if (at < 0) return null;
  const id = Number(modelVersion.slice(at + adapterMark.length));
  if (!Number.isInteger(id) || id <= 0) return null;
  return { baseModelVersion: modelVersion.slice(0, at), versionId: id };
}

/** Decisions since the last version after which the app proposes a round (never starts one). */
export const defaultRetrainAfterDecisions = 200;

/** Imported labels of creatives nobody flagged count this much against a decision's 1. */
export const importedLabelWeight = 0.25;

/** Most imported-label pairs one round trains on (a seeded sample beyond it). */
export const maxImportedLabelPairs = 6000;

const epochSchema = z.object({
  epoch: z.number().int().min(1),
  trainLoss: z.number().finite(),
  validationLoss: z.number().finite().nullable(),
  seconds: z.number().min(0),
});

/** What a version records of its training, shown on Settings and in the exported model card. */
export const versionMetricsSchema = z.object({
  objective: z.enum(adapterObjectives),
  options: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  history: z.array(epochSchema).max(1000),
  bestEpoch: z.number().int().min(0),
  stoppedEarly: z.boolean(),
  trainPairs: z.number().int().min(0),
  validationPairs: z.number().int().min(0),
  decisionPairs: z.number().int().min(0),
  importedPairs: z.number().int().min(0),
  initialValidationLoss: z.number().finite().nullable(),
  bestValidationLoss: z.number().finite().nullable(),
  seconds: z.number().min(0),
  device: z.string().max(50),
});
export type VersionMetrics = z.infer<typeof versionMetricsSchema>;

/** POST /api/model-versions: a trained adapter to store as a new version. */
export const createVersionSchema = z.object({
  dataset: z.string().min(1).max(100),
  baseModelId: z.string().min(1).max(200),
  baseModelVersion: z.string().min(1).max(200),
  /** The version that was selected when training started (null: the base model). */
  parentId: z.number().int().positive().nullable(),
  dim: z.number().int().min(1).max(maxEmbeddingDim),
  /** base64 of `encodeAdapter` (little-endian float32 weight `[dim, dim]`, row-major `[out, in]`). */
  weights: z.string().min(1).max(90_000_000),
  /** The newest decision id the training data held, and how many standing decisions it had. */
  lastDecisionId: z.number().int().min(0),
  decisionCount: z.number().int().min(0),
  metrics: versionMetricsSchema,
});
export type CreateVersionBody = z.infer<typeof createVersionSchema>;

/** POST /api/model-versions/select: which space the dataset's queue follows (null: the base). */
export const selectVersionSchema = z.object({
  dataset: z.string().min(1).max(100),
  baseModelId: z.string().min(1).max(200),
  baseModelVersion: z.string().min(1).max(200),
  versionId: z.number().int().positive().nullable(),
});

/** PUT /api/model-versions/settings: after how many new decisions a round is proposed. */
export const trainingSettingsSchema = z.object({
  dataset: z.string().min(1).max(100),
  retrainAfterDecisions: z.number().int().min(1).max(1_000_000),
});

/** One version as Settings lists it. */
export interface ModelVersionSummary {
  id: number;
  parentId: number | null;
  baseModelId: string;
  baseModelVersion: string;
  /** The `modelVersion` its vectors and scores carry. */
  modelVersion: string;
  objective: string;
  dim: number;
  decisionCount: number;
  lastDecisionId: number;
  metrics: VersionMetrics;
  createdBy: string;
  createdAt: string;
  selected: boolean;
}

/** Whether enough decisions arrived since the last version for the app to propose a round. */
export interface RetrainProposal {
  decisionsSince: number;
  retrainAfterDecisions: number;
  due: boolean;
}

/** GET /api/model-versions/training-data: what the training worker trains on. */
export const trainingDataSchema = z.object({
  dim: z.number().int().min(1).max(maxEmbeddingDim),
  /** base64 little-endian float32 `[rows, dim]`: base-model vectors of every row a pair names. */
  vectors: z.string(),
  /** What each row is, in row order. */
  rows: z.array(
    z.object({
      ownerType: z.enum(["creative_text", "creative_image", "label"]),
      ownerId: z.number().int().positive(),
    }),
  ),
  /** Rows that are taxonomy labels (every embedded, non-rejected label of the taxonomy). */
  labelRows: z.array(z.number().int().min(0)),
  pairs: z.object({
    left: z.array(z.number().int().min(0)),
    right: z.array(z.number().int().min(0)),
    target: z.array(z.number()),
    weight: z.array(z.number().min(0)),
    /** The creative each pair came from: validation holds out whole creatives. */
    group: z.array(z.number().int()),
  }),
  decisionPairs: z.number().int().min(0),
  importedPairs: z.number().int().min(0),
  lastDecisionId: z.number().int().min(0),
  decisionCount: z.number().int().min(0),
  /** The version selected now (the new version's parent); null: the base model. */
  parentId: z.number().int().positive().nullable(),
});
export type TrainingData = z.infer<typeof trainingDataSchema>;

/** The embedding space a dataset's queue follows: a base model's own, or one of its versions. */
export interface SelectedSpace {
  modelId: string;
  modelVersion: string;
  /** The trained version it names; null: the base model itself. */
  versionId: number | null;
}

/** POST /api/model-versions/[versionId]/embed: what storing a version's vectors did. */
export interface MaterializedEmbeddings {
  modelId: string;
  modelVersion: string;
  /** Base vectors of the dataset's texts, images and labels. */
  total: number;
  /** Adapted vectors written (missing, or stale: the base vector's content changed). */
  stored: number;
  /** Adapted vectors already current. */
  unchanged: number;
  /** Base vectors whose length does not fit the adapter (left without an adapted vector). */
  skipped: number;
}

/** Creatives whose flag a version's run made obsolete (its parent space's run flagged them). */
export interface ClearedFlagCounts {
  wrongLabel: number;
  newLabel: number;
  total: number;
}

/**
 * GET /api/model-versions/precision: how often each detector run's flags turned out right, from
 * the decisions made on flagged creatives after the run.
 */
export interface DetectorRunPrecision {
  modelId: string;
  modelVersion: string;
  /** The trained version the run belongs to; null for a base model's run. */
  versionId: number | null;
  computedAt: string;
  flagged: number;
  /** Flagged creatives with a standing non-skip decision made after the run. */
  decided: number;
  /** Of those, the ones whose latest decision changed the label or gave a new one (not accept). */
  issues: number;
  /** `issues / decided`; null while none is decided. */
  precision: number | null;
}

/** A dataset's training settings: the space its queue follows and the proposal threshold. */
export interface TrainingSettings {
  /** Null until someone selects a space: the queue then follows the most recent run. */
  selected: SelectedSpace | null;
  retrainAfterDecisions: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** GET /api/model-versions: a dataset's versions of one base model, its settings, the proposal. */
export interface ModelVersionListing {
  versions: (ModelVersionSummary & { cleared: ClearedFlagCounts })[];
  settings: TrainingSettings;
  proposal: RetrainProposal;
}
