/**
 * The product's relational model, one Postgres dialect for both engines (PGlite embedded, a
 * PostgreSQL server through DATABASE_URL). Model suggestions and human decisions are separate
 * records (a suggestion carries its source, score and model version; a decision its annotator and
 * time), so retraining data never mixes what a model guessed with what a person confirmed.
 *
 * Changing this file means generating a new migration (`npm run db:generate`); migrations are
 * applied at start-up and never edited once committed.
 */
import { sql } from "drizzle-orm";
import { defaultRetrainAfterDecisions, type VersionMetrics } from "../../core/adaptation/versions";
export * from "./schemaAccess";

import {
  type AnyPgColumn,
  bigint,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/** Raw little-endian float32 bytes: 4 bytes a dimension, read back without parsing text. */
const vectorBytes = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * A pgvector `vector` without a fixed dimension: models of different sizes share one table, and
 * each model version's HNSW index is a partial expression index that casts to its own dimension
 * (lib/server/data/vectorIndexes.ts). Read in pgvector's binary form (`vector_send`) and written
 * as its text literal; see lib/server/data/vectorBytes.ts.
 */
const pgVector = customType<{ data: string; driverData: string }>({
  dataType: () => "vector",
});

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** A hierarchy of labels, e.g. the IAB Ad Product Taxonomy or a company's own. */
export const taxonomies = pgTable("taxonomies", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
  /** How paths of this taxonomy are written for people (` > ` or `/`); storage keeps segments. */
  separator: text("separator").notNull().default(" > "),
  source: text("source").notNull(),
  createdAt: createdAt(),
});

export const labelStatuses = ["existing", "proposed", "rejected"] as const;
export type LabelStatus = (typeof labelStatuses)[number];

/** One node of a taxonomy; its path is the list of names from the root down to it. */
export const labels = pgTable(
  "labels",
  {
    id: serial("id").primaryKey(),
    taxonomyId: integer("taxonomy_id")
      .notNull()
      .references(() => taxonomies.id, { onDelete: "cascade" }),
    parentId: integer("parent_id").references((): AnyPgColumn => labels.id, {
      onDelete: "cascade",
    }),
    /** Path segments from the root, e.g. {Vehicles,Automotive Services,Auto Repair}. */
    path: text("path").array().notNull(),
    name: text("name").notNull(),
    depth: smallint("depth").notNull(),
    /** The id the label has in its source file (IAB "Unique ID"), when it has one. */
    externalId: text("external_id"),
    status: text("status", { enum: labelStatuses }).notNull().default("existing"),
    /** Who or what made it: `import:<file>`, `annotator:<name>`, `parent-of:<path>`. */
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("labels_taxonomy_path_key").on(t.taxonomyId, t.path),
    index("labels_parent_idx").on(t.parentId),
  ],
);

/** A set of creatives labelled against one taxonomy. */
export const datasets = pgTable("datasets", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
  taxonomyId: integer("taxonomy_id")
    .notNull()
    .references(() => taxonomies.id),
  /** Bumped by every import that changes creatives; maps and scores are keyed by it. */
  version: integer("version").notNull().default(1),
  isSynthetic: boolean("is_synthetic").notNull().default(false),
  createdAt: createdAt(),
});

/**
 * A dataset's creative counts for the pages that list datasets, cached because counting a million
 * creatives and their predictions takes a second and every page header shows them. Cleared by
 * triggers (migration 0009) whenever creatives or classifier suggestions change, with
 * `generation` bumped, and counted again on the next read, which stores them only if no change
 * came in between (as `detector_runs.queue_size`).
 */
export const datasetCounts = pgTable("dataset_counts", {
  datasetId: integer("dataset_id")
    .primaryKey()
    .references(() => datasets.id, { onDelete: "cascade" }),
  generation: integer("generation").notNull().default(0),
  creatives: integer("creatives"),
  withImage: integer("with_image"),
  withPrediction: integer("with_prediction"),
});

/** An ad creative: its text (typed or read from the image) and an optional image. */
export const creatives = pgTable(
  "creatives",
  {
    id: serial("id").primaryKey(),
    datasetId: integer("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    /** The id the creative has in the customer's system; stable across re-imports. */
    externalId: text("external_id").notNull(),
    text: text("text").notNull(),
    /** A path inside the configured image folder, or an http(s) URL. */
    imageRef: text("image_ref"),
    /** Where `text` came from: the imported row, or OCR of the image (an image-only creative). */
    textSource: text("text_source", { enum: ["imported", "ocr"] })
      .notNull()
      .default("imported"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    /** sha256 of the imported row's content: an identical re-import changes nothing. */
    contentHash: text("content_hash").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("creatives_dataset_external_key").on(t.datasetId, t.externalId),
    // The Creatives search matches any part of the text or id (ILIKE '%words%'): trigram indexes
    // find the few rows of a rare word among a million without reading them all.
    index("creatives_text_trgm_idx").using("gin", t.text.op("gin_trgm_ops")),
    index("creatives_external_id_trgm_idx").using("gin", t.externalId.op("gin_trgm_ops")),
  ],
);

export const suggestionSources = ["classifier", "generative", "nearest_label", "detector"] as const;
export type SuggestionSource = (typeof suggestionSources)[number];

/** What a model proposed for a creative; never a human decision. */
export const suggestions = pgTable(
  "suggestions",
  {
    id: serial("id").primaryKey(),
    creativeId: integer("creative_id")
      .notNull()
      .references(() => creatives.id, { onDelete: "cascade" }),
    source: text("source", { enum: suggestionSources }).notNull(),
    /** The label as the model wrote it (a generative label is free text). */
    value: text("value").notNull(),
    /** The taxonomy label it resolves to, when it names one. */
    labelId: integer("label_id").references(() => labels.id, { onDelete: "set null" }),
    score: doublePrecision("score"),
    rank: smallint("rank").notNull().default(1),
    modelVersion: text("model_version").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("suggestions_creative_source_rank_key").on(
      t.creativeId,
      t.source,
      t.modelVersion,
      t.rank,
    ),
    index("suggestions_label_idx").on(t.labelId),
  ],
);

export const decisionActions = [
  "accept",
  "reject",
  "pick",
  "generative",
  "new_label",
  "skip",
] as const;
export type DecisionAction = (typeof decisionActions)[number];

/** What an annotator decided about a creative, and when; undo retracts, never deletes. */
export const decisions = pgTable(
  "decisions",
  {
    id: serial("id").primaryKey(),
    creativeId: integer("creative_id")
      .notNull()
      .references(() => creatives.id, { onDelete: "cascade" }),
    annotator: text("annotator").notNull(),
    action: text("action", { enum: decisionActions }).notNull(),
    labelId: integer("label_id").references(() => labels.id),
    previousLabelId: integer("previous_label_id").references(() => labels.id),
    timeSpentMs: integer("time_spent_ms").notNull().default(0),
    /** Idempotency key from the browser: a decision retried after a lost answer is stored once. */
    clientDecisionId: text("client_decision_id"),
    /** An admin's decision that settles a disagreement between overlapping annotators. */
    isReview: boolean("is_review").notNull().default(false),
    /**
     * The review decision that overruled this one: kept for agreement figures, but its training
     * pairs no longer count and it no longer sets the creative's label.
     */
    supersededBy: integer("superseded_by").references((): AnyPgColumn => decisions.id),
    createdAt: createdAt(),
    retractedAt: timestamp("retracted_at", { withTimezone: true }),
  },
  (t) => [
    index("decisions_creative_idx").on(t.creativeId),
    // A claim passes over what this annotator already decided or skipped.
    index("decisions_annotator_creative_idx").on(t.annotator, t.creativeId),
    index("decisions_label_idx").on(t.labelId),
    uniqueIndex("decisions_client_decision_key").on(t.clientDecisionId),
  ],
);

export const trainingPairKinds = ["text_label", "text_text", "image_label", "image_text"] as const;

/** A contrastive cosine-loss pair written from a decision (target 0.9 pulls, 0.1 pushes). */
export const trainingPairs = pgTable(
  "training_pairs",
  {
    id: serial("id").primaryKey(),
    decisionId: integer("decision_id")
      .notNull()
      .references(() => decisions.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: trainingPairKinds }).notNull(),
    creativeId: integer("creative_id")
      .notNull()
      .references(() => creatives.id, { onDelete: "cascade" }),
    otherLabelId: integer("other_label_id").references(() => labels.id),
    otherCreativeId: integer("other_creative_id").references(() => creatives.id),
    target: doublePrecision("target").notNull(),
    createdAt: createdAt(),
    retractedAt: timestamp("retracted_at", { withTimezone: true }),
  },
  (t) => [index("training_pairs_decision_idx").on(t.decisionId)],
);

export const embeddingOwners = ["creative_text", "creative_image", "label"] as const;

/** A vector for a creative's text or image, or a label, from one model version. */
export const embeddings = pgTable(
  "embeddings",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    ownerType: text("owner_type", { enum: embeddingOwners }).notNull(),
    ownerId: integer("owner_id").notNull(),
    modelId: text("model_id").notNull(),
    modelVersion: text("model_version").notNull(),
    /** Hash of the embedded content: a changed text invalidates its vector. */
    contentHash: text("content_hash").notNull(),
    dim: smallint("dim").notNull(),
    vector: pgVector("vector").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("embeddings_owner_model_key").on(t.ownerType, t.ownerId, t.modelId, t.modelVersion),
  ],
);

export const flagKinds = ["wrong_label", "new_label"] as const;

/** The detector's verdict on a creative under one model: signals, flag, score, reasons. */
export const detectorScores = pgTable(
  "detector_scores",
  {
    id: serial("id").primaryKey(),
    creativeId: integer("creative_id")
      .notNull()
      .references(() => creatives.id, { onDelete: "cascade" }),
    modelId: text("model_id").notNull(),
    modelVersion: text("model_version").notNull(),
    flag: text("flag", { enum: flagKinds }),
    /**
     * Set by a trained version's run on a creative that the parent space's run flagged and this
     * one does not: the flag the new space made obsolete, kept visible instead of vanishing.
     */
    clearedFlag: text("cleared_flag", { enum: flagKinds }),
    score: doublePrecision("score").notNull(),
    signals: jsonb("signals").$type<Record<string, number>>().notNull(),
    reasons: jsonb("reasons")
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /**
     * Positions in the diversified queue orders (by score, by uncertainty): the order is computed
     * with the embeddings when scoring, so near-duplicates do not follow each other, and the
     * queue pages through it with a plain index.
     */
    scoreRank: integer("score_rank"),
    uncertaintyRank: integer("uncertainty_rank"),
    /** The new-label group this candidate belongs to, when it has close fellow candidates. */
    groupId: integer("group_id").references((): AnyPgColumn => newLabelGroups.id, {
      onDelete: "set null",
    }),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * The creative has a decision that settles it for a one-annotator queue (a current one that
     * is not a skip, or a review). Kept by triggers on `decisions` and on new scores (migration
     * 0011), so every writer keeps it right. The queue orders' indexes hold only the rows without,
     * so a claim's walk skips what is decided instead of probing each item at the queue's head.
     */
    decided: boolean("decided").notNull().default(false),
  },
  (t) => [
    uniqueIndex("detector_scores_creative_model_key").on(t.creativeId, t.modelId, t.modelVersion),
    // A group's members, for a decision on all of them.
    index("detector_scores_group_idx").on(t.groupId, t.scoreRank, t.creativeId),
    // A workbench card lists a group's first open members in queue order and counts the rest:
    // off this index, without a visit per member to its row or its decisions. A group of a
    // million-creative library can have tens of thousands of members.
    index("detector_scores_open_group_idx")
      .on(t.groupId, t.scoreRank, t.creativeId)
      .where(sql`${t.groupId} is not null and not ${t.decided}`),
    // The queue's three orders (lib/server/data/queueCandidates.ts) over what is not decided, so
    // a claim reads the next open items off an index instead of sorting the run: the expressions
    // must match the ORDER BY clauses exactly, and the claim must say `not s.decided`.
    index("detector_scores_score_order_idx")
      .on(t.modelId, t.modelVersion, t.scoreRank, t.score.desc(), t.creativeId)
      .where(sql`not ${t.decided}`),
    index("detector_scores_uncertainty_order_idx")
      .on(
        t.modelId,
        t.modelVersion,
        t.uncertaintyRank,
        sql`coalesce((${t.signals}->>'margin')::float8, 1)`,
        t.creativeId,
      )
      .where(sql`not ${t.decided}`),
    // A queue's progress counts the run's decided items off this.
    index("detector_scores_decided_idx")
      .on(t.modelId, t.modelVersion, t.creativeId)
      .where(sql`${t.decided}`),
    index("detector_scores_random_order_idx")
      .on(t.modelId, t.modelVersion, sql`md5(${t.creativeId}::text || 'queue')`, t.creativeId)
      .where(sql`not ${t.decided}`),
  ],
);

/**
 * One row per detector run of a dataset (a model space's scores), kept by triggers on
 * `detector_scores` and `detector_thresholds` (migration 0009), so every writer keeps it right.
 * Finding the run a queue follows reads this table instead of grouping every score of the dataset,
 * and `queue_size` caches how many creatives are in the run's queue: it is cleared whenever the
 * scores or the threshold change (`queue_generation` counts the changes) and counted again on the
 * next read, which stores it only if no change came in between.
 */
export const detectorRuns = pgTable(
  "detector_runs",
  {
    datasetId: integer("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    modelId: text("model_id").notNull(),
    modelVersion: text("model_version").notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
    queueGeneration: integer("queue_generation").notNull().default(0),
    queueSize: integer("queue_size"),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.modelId, t.modelVersion] })],
);

/**
 * New-label candidates close to each other, from one detector run: one decision can create a
 * label for the whole group. Replaced whenever the run is recomputed.
 */
export const newLabelGroups = pgTable(
  "new_label_groups",
  {
    id: serial("id").primaryKey(),
    datasetId: integer("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    modelId: text("model_id").notNull(),
    modelVersion: text("model_version").notNull(),
    /** From the members' generative labels and common terms. */
    suggestedName: text("suggested_name").notNull(),
    /** Where the new label would go; null for the top level. */
    suggestedParentId: integer("suggested_parent_id").references(() => labels.id, {
      onDelete: "set null",
    }),
    /** Mean cosine of the members to their centroid direction. */
    cohesion: doublePrecision("cohesion").notNull(),
    size: integer("size").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("new_label_groups_run_idx").on(t.datasetId, t.modelId, t.modelVersion)],
);

/**
 * A computed 2-D map of a dataset's points under one model, stored so the next analyst opens it
 * at once. `pointsKey` names which points it holds (modalities and filter); `points` lists them
 * in coordinate order; `coordinates` is little-endian float32 x,y pairs; `state` holds what
 * placing later points into the map needs (e.g. the PCA basis and parameters).
 */
export const storedMaps = pgTable(
  "maps",
  {
    id: serial("id").primaryKey(),
    datasetId: integer("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    datasetVersion: integer("dataset_version").notNull(),
    modelId: text("model_id").notNull(),
    modelVersion: text("model_version").notNull(),
    pointsKey: text("points_key").notNull(),
    points: jsonb("points").$type<{ ownerType: string; ownerId: number }[]>().notNull(),
    coordinates: vectorBytes("coordinates").notNull(),
    params: jsonb("params").$type<Record<string, unknown>>().notNull(),
    state: jsonb("state").$type<Record<string, unknown>>().notNull().default({}),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("maps_dataset_model_points_key").on(
      t.datasetId,
      t.datasetVersion,
      t.modelId,
      t.modelVersion,
      t.pointsKey,
    ),
  ],
);

export const importKinds = ["taxonomy", "creatives"] as const;
export const importStatuses = ["done", "failed", "cancelled"] as const;

/** The record of one import, kept for the Data page's history and error report. */
export const imports = pgTable("imports", {
  id: serial("id").primaryKey(),
  kind: text("kind", { enum: importKinds }).notNull(),
  fileName: text("file_name").notNull(),
  fileSha256: text("file_sha256").notNull(),
  target: text("target").notNull(),
  status: text("status", { enum: importStatuses }).notNull(),
  rowsRead: integer("rows_read").notNull(),
  rowsWritten: integer("rows_written").notNull(),
  rowsUnchanged: integer("rows_unchanged").notNull(),
  rowsRejected: integer("rows_rejected").notNull(),
  /** The first errors, each naming file, line and field. */
  errors: jsonb("errors").$type<{ line: number; field?: string; message: string }[]>().notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
  finishedAt: timestamp("finished_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Who is working on which creative until when. One row per creative: claiming inserts or takes
 * over an expired row atomically (INSERT ... ON CONFLICT), so two annotators can never hold the
 * same item at once, and an abandoned lease simply expires.
 */
export const queueLeases = pgTable(
  "queue_leases",
  {
    creativeId: integer("creative_id")
      .primaryKey()
      .references(() => creatives.id, { onDelete: "cascade" }),
    annotator: text("annotator").notNull(),
    leasedAt: timestamp("leased_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("queue_leases_annotator_idx").on(t.annotator, t.expiresAt)],
);

/**
 * Thresholds an analyst set for a dataset's detector run. `similarity`: creatives whose text is
 * less similar than this to their predicted label join the queue as probably wrong-labelled, in
 * addition to the detector's own flags.
 */
export const detectorThresholds = pgTable(
  "detector_thresholds",
  {
    id: serial("id").primaryKey(),
    datasetId: integer("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    modelId: text("model_id").notNull(),
    modelVersion: text("model_version").notNull(),
    kind: text("kind", { enum: ["similarity"] }).notNull(),
    value: doublePrecision("value").notNull(),
    updatedBy: text("updated_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("detector_thresholds_key").on(t.datasetId, t.modelId, t.modelVersion, t.kind),
  ],
);

/**
 * An image stored under the data folder for a creative: checked by content (type, size,
 * dimensions) on import, served with its thumbnail, and OCR'd in the browser.
 */
export const creativeImages = pgTable("creative_images", {
  creativeId: integer("creative_id")
    .primaryKey()
    .references(() => creatives.id, { onDelete: "cascade" }),
  /** Relative to the data folder's image store; never user-controlled. */
  storedPath: text("stored_path").notNull(),
  thumbnailPath: text("thumbnail_path"),
  mimeType: text("mime_type").notNull(),
  bytes: integer("bytes").notNull(),
  width: integer("width").notNull(),
  height: integer("height").notNull(),
  sha256: text("sha256").notNull(),
  /** Text read from the image, once OCR ran; kept beside an imported text as a suggestion. */
  ocrText: text("ocr_text"),
  ocrModel: text("ocr_model"),
  ocrAt: timestamp("ocr_at", { withTimezone: true }),
  createdAt: createdAt(),
});

/**
 * How much of a dataset's queue goes to more than one annotator before it counts as decided: the
 * least certain `share` of flagged creatives (by the detector's uncertainty rank) need
 * `annotators` distinct annotators; disagreements go to review.
 */
export const overlapSettings = pgTable("overlap_settings", {
  datasetId: integer("dataset_id")
    .primaryKey()
    .references(() => datasets.id, { onDelete: "cascade" }),
  share: doublePrecision("share").notNull(),
  annotators: integer("annotators").notNull(),
  updatedBy: text("updated_by").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A trained version of a base model for one dataset: a Dense adapter (`weights`, little-endian
 * float32 `[dim, dim]`, row-major `[out, in]`) over the frozen base model's vectors. Its vectors and
 * detector runs live in `embeddings` and `detector_scores` under the base model's id and the
 * version string `<base version>+adapter.<id>` (lib/core/adaptation/versions.ts).
 */
export const modelVersions = pgTable(
  "model_versions",
  {
    id: serial("id").primaryKey(),
    datasetId: integer("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    baseModelId: text("base_model_id").notNull(),
    baseModelVersion: text("base_model_version").notNull(),
    /** The version selected when training started; null: trained from the base model. */
    parentId: integer("parent_id").references((): AnyPgColumn => modelVersions.id, {
      onDelete: "set null",
    }),
    objective: text("objective").notNull(),
    dim: smallint("dim").notNull(),
    weights: vectorBytes("weights").notNull(),
    /** Standing non-skip decisions, and the newest decision id, the training data held. */
    decisionCount: integer("decision_count").notNull(),
    lastDecisionId: integer("last_decision_id").notNull(),
    metrics: jsonb("metrics").$type<VersionMetrics>().notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("model_versions_dataset_idx").on(t.datasetId, t.baseModelId, t.baseModelVersion)],
);

/**
 * A dataset's active-learning settings: which embedding space its queue follows (a model id and
 * version string, the base model's own or a trained version's; null: the most recent detector
 * run, as before any training) and after how many new decisions a training round is proposed.
 */
export const datasetTraining = pgTable("dataset_training", {
  datasetId: integer("dataset_id")
    .primaryKey()
    .references(() => datasets.id, { onDelete: "cascade" }),
  selectedModelId: text("selected_model_id"),
  selectedModelVersion: text("selected_model_version"),
  retrainAfterDecisions: integer("retrain_after_decisions")
    .notNull()
    .default(defaultRetrainAfterDecisions),
  updatedBy: text("updated_by").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The generative label provider an admin configured on Settings: any OpenAI-compatible
 * chat-completions endpoint. One row (id 1). The API key is never stored here: it comes from the
 * server's environment only, so a database dump or backup never carries it.
 */
export const generativeSettings = pgTable("generative_settings", {
  id: smallint("id").primaryKey().default(1),
  baseUrl: text("base_url").notNull(),
  model: text("model").notNull(),
  /** Prices per 1,000 tokens, for a job's cost estimate (0: not priced). */
  promptCostPer1k: doublePrecision("prompt_cost_per_1k").notNull().default(0),
  completionCostPer1k: doublePrecision("completion_cost_per_1k").notNull().default(0),
  concurrency: smallint("concurrency").notNull().default(4),
  requestsPerMinute: integer("requests_per_minute").notNull().default(120),
  timeoutSeconds: integer("timeout_seconds").notNull().default(30),
  updatedBy: text("updated_by").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const generativeJobScopes = ["missing", "all"] as const;
export const generativeJobStatuses = ["running", "done", "cancelled", "failed"] as const;

/**
 * A job that asks the configured model for the generative label of a dataset's creatives. The
 * provider settings are copied in when it starts, so a resumed job asks the same model at the same
 * prices; a `running` job whose heartbeat stopped (its process ended) can be resumed.
 */
export const generativeJobs = pgTable(
  "generative_jobs",
  {
    id: serial("id").primaryKey(),
    datasetId: integer("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    scope: text("scope", { enum: generativeJobScopes }).notNull(),
    status: text("status", { enum: generativeJobStatuses }).notNull().default("running"),
    provider: text("provider").notNull(),
    baseUrl: text("base_url").notNull(),
    model: text("model").notNull(),
    promptVersion: text("prompt_version").notNull(),
    promptCostPer1k: doublePrecision("prompt_cost_per_1k").notNull(),
    completionCostPer1k: doublePrecision("completion_cost_per_1k").notNull(),
    concurrency: smallint("concurrency").notNull(),
    requestsPerMinute: integer("requests_per_minute").notNull(),
    timeoutSeconds: integer("timeout_seconds").notNull(),
    error: text("error"),
    createdBy: text("created_by").notNull(),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("generative_jobs_dataset_idx").on(t.datasetId, t.id)],
);

export const generativeOutcomes = [
  "labelled",
  "empty",
  "refused",
  "malformed",
  "too_long",
  "failed",
] as const;

/**
 * One creative of a generative job and what came of it: no outcome yet (pending, what a resumed
 * job still asks), a label, or why there is none (an empty, refused, malformed or over-long
 * answer, or a request that failed after its retries).
 */
export const generativeJobItems = pgTable(
  "generative_job_items",
  {
    jobId: integer("job_id")
      .notNull()
      .references(() => generativeJobs.id, { onDelete: "cascade" }),
    creativeId: integer("creative_id")
      .notNull()
      .references(() => creatives.id, { onDelete: "cascade" }),
    outcome: text("outcome", { enum: generativeOutcomes }),
    answer: text("answer"),
    detail: text("detail"),
    fromCache: boolean("from_cache").notNull().default(false),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    completionTokens: integer("completion_tokens").notNull().default(0),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.creativeId] }),
    index("generative_job_items_outcome_idx").on(t.jobId, t.outcome),
  ],
);

/**
 * Answers already received, keyed by (text hash, prompt version, model): a repeated job, or a
 * duplicate text, makes no second request. Only answers the model actually gave are kept, never a
 * failed request.
 */
export const generativeCache = pgTable(
  "generative_cache",
  {
    textHash: text("text_hash").notNull(),
    promptVersion: text("prompt_version").notNull(),
    model: text("model").notNull(),
    outcome: text("outcome", { enum: generativeOutcomes }).notNull(),
    answer: text("answer"),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    completionTokens: integer("completion_tokens").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.textHash, t.promptVersion, t.model] })],
);
