import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { labelPathKey } from "@/lib/core/labelPath";
import type { TaxonomyNodeInput } from "@/lib/core/taxonomy/parse";
import type { Executor } from "../db";
import { labels, taxonomies } from "../db/schema";
import { recordAudit } from "./audit";

export interface TaxonomySummary {
  id: number;
  name: string;
  separator: string;
  source: string;
  labelCount: number;
  proposedCount: number;
}

/** Every taxonomy with its label counts, for the Data page. */
export async function listTaxonomies(db: Executor): Promise<TaxonomySummary[]> {
  const rows = await db
    .select({
      id: taxonomies.id,
      name: taxonomies.name,
      separator: taxonomies.separator,
      source: taxonomies.source,
      labelCount: sql<number>`count(${labels.id}) filter (where ${labels.status} <> 'rejected')::int`,
      proposedCount: sql<number>`count(${labels.id}) filter (where ${labels.status} = 'proposed')::int`,
    })
    .from(taxonomies)
    .leftJoin(labels, eq(labels.taxonomyId, taxonomies.id))
    .groupBy(taxonomies.id)
    .orderBy(asc(taxonomies.name));
  return rows;
}

export async function findTaxonomyById(db: Executor, id: number) {
  const [row] = await db.select().from(taxonomies).where(eq(taxonomies.id, id));
  return row;
}

export async function findTaxonomyByName(db: Executor, name: string) {
  const [row] = await db.select().from(taxonomies).where(eq(taxonomies.name, name));
  return row;
}

export interface TaxonomyImportResult {
  taxonomyId: number;
  labelsAdded: number;
  labelsUnchanged: number;
}

/**
 * Adds a taxonomy's labels, creating the taxonomy when it is new. Labels already present (same
 * path, compared case-insensitively) are left exactly as they are, so importing the same file
 * twice changes nothing and an extension file only adds its new branches. Runs inside the
 * caller's transaction; parents go in one level before their children.
 */
export async function importTaxonomyNodes(
  db: Executor,
  input: {
    name: string;
    separator: string;
    source: string;
    nodes: TaxonomyNodeInput[];
    createdBy: string;
  },
): Promise<TaxonomyImportResult> {
  await db
    .insert(taxonomies)
    .values({ name: input.name, separator: input.separator, source: input.source })
    .onConflictDoNothing({ target: taxonomies.name });
  const taxonomy = await findTaxonomyByName(db, input.name);
  if (!taxonomy) throw new Error(`Taxonomy "${input.name}" could not be created`);
  const existing = await db
    .select({ id: labels.id, path: labels.path })
    .from(labels)
    .where(eq(labels.taxonomyId, taxonomy.id));
  const idByKey = new Map(existing.map((l) => [labelPathKey(l.path), l.id]));
  let added = 0;
  const maxDepth = Math.max(0, ...input.nodes.map((n) => n.path.length));
  for (let depth = 1; depth <= maxDepth; depth++) {
    const fresh = input.nodes.filter(
      (n) => n.path.length === depth && !idByKey.has(labelPathKey(n.path)),
    );
    for (let start = 0; start < fresh.length; start += 500) {
      const batch = fresh.slice(start, start + 500);
      const inserted = await db
        .insert(labels)
        .values(
          batch.map((node) => ({
            taxonomyId: taxonomy.id,
            parentId:
              depth === 1 ? null : (idByKey.get(labelPathKey(node.path.slice(0, -1))) ?? null),
            path: node.path,
            name: node.path[node.path.length - 1] ?? "",
            depth,
            externalId: node.externalId ?? null,
            status: "existing" as const,
            createdBy: input.createdBy,
          })),
        )
        .returning({ id: labels.id, path: labels.path });
      for (const row of inserted) idByKey.set(labelPathKey(row.path), row.id);
      added += inserted.length;
    }
  }
  return {
    taxonomyId: taxonomy.id,
    labelsAdded: added,
    labelsUnchanged: input.nodes.length - added,
  };
}

/** A label as the taxonomy lookup needs it: enough to resolve a label string to an id. */
export interface LabelRef {
  id: number;
  path: string[];
  status: "existing" | "proposed" | "rejected";
}

/** All labels of a taxonomy, for resolving label strings during an import. */
export async function listLabelRefs(db: Executor, taxonomyId: number): Promise<LabelRef[]> {
  return db
    .select({ id: labels.id, path: labels.path, status: labels.status })
    .from(labels)
    .where(eq(labels.taxonomyId, taxonomyId));
}

export interface LabelTreeNode {
  id: number;
  parentId: number | null;
  path: string[];
  name: string;
  status: "existing" | "proposed" | "rejected";
  createdBy: string;
  /** Creatives whose classifier label is this one. */
  predictedCount: number;
  /** Creatives an annotator put under this label (not counting retracted decisions). */
  decidedCount: number;
}

/** A taxonomy's labels with per-label creative counts, for the Labels page tree. */
export async function getLabelTree(db: Executor, taxonomyId: number): Promise<LabelTreeNode[]> {
  const result = await db.execute(sql`
    select l.id, l.parent_id, l.path, l.name, l.status, l.created_by,
      coalesce(p.n, 0)::int as predicted_count, coalesce(d.n, 0)::int as decided_count
    from labels l
    left join (
      select label_id, count(distinct creative_id) as n from suggestions
      where source = 'classifier' and label_id is not null group by label_id
    ) p on p.label_id = l.id
    left join (
      select label_id, count(distinct creative_id) as n from decisions
      where retracted_at is null and label_id is not null group by label_id
    ) d on d.label_id = l.id
    where l.taxonomy_id = ${taxonomyId}
    order by l.path`);
  return rowsOf<{
    id: number;
    parent_id: number | null;
    path: string[];
    name: string;
    status: LabelTreeNode["status"];
    created_by: string;
    predicted_count: number;
    decided_count: number;
  }>(result).map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    path: r.path,
    name: r.name,
    status: r.status,
    createdBy: r.created_by,
    predictedCount: r.predicted_count,
    decidedCount: r.decided_count,
  }));
}

/** `db.execute` answers `{ rows }` on both engines; this keeps that detail in one place. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export async function countLabels(db: Executor, taxonomyId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(labels)
    .where(and(eq(labels.taxonomyId, taxonomyId)));
  return row?.n ?? 0;
}

/**
 * Creates a label an annotator proposed (status `proposed`, usable at once) under a parent, or
 * returns the label already at that path, so two annotators proposing the same name share it.
 */
export async function createProposedLabel(
  db: Executor,
  input: { taxonomyId: number; parentId: number | null; name: string; createdBy: string },
): Promise<LabelRef> {
  let parentPath: string[] = [];
  if (input.parentId !== null) {
    const [parent] = await db
      .select({ path: labels.path, taxonomyId: labels.taxonomyId })
      .from(labels)
      .where(eq(labels.id, input.parentId));
    if (!parent || parent.taxonomyId !== input.taxonomyId) {
      throw new Error(`Label ${input.parentId} is not in this taxonomy`);
    }
    parentPath = parent.path;
  }
  const path = [...parentPath, input.name];
  const existing = (await listLabelRefs(db, input.taxonomyId)).find(
    (l) => labelPathKey(l.path) === labelPathKey(path),
  );
  if (existing) return existing;
  const [created] = await db
    .insert(labels)
    .values({
      taxonomyId: input.taxonomyId,
      parentId: input.parentId,
      path,
      name: input.name,
      depth: path.length,
      status: "proposed",
      createdBy: input.createdBy,
    })
    .returning({ id: labels.id, path: labels.path, status: labels.status });
  if (!created) throw new Error("The label was not created");
  await recordAudit(db, {
    actor: input.createdBy.replace(/^annotator:/, ""),
    action: "label.propose",
    entityType: "label",
    entityId: String(created.id),
    before: null,
    after: { path, status: "proposed" },
  });
  return created;
}

/** Thrown when a label review names a label that can't take that action; the message says why. */
export class LabelReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LabelReviewError";
  }
}

async function proposedLabel(db: Executor, labelId: number) {
  const [label] = await db.select().from(labels).where(eq(labels.id, labelId));
  if (!label) throw new LabelReviewError(`No label ${labelId}`);
  if (label.status !== "proposed")
    throw new LabelReviewError(`Label ${label.path.join(" > ")} is not a proposed label`);
  return label;
}

/** Accepts a proposed label into the taxonomy. */
export async function approveLabel(db: Executor, labelId: number): Promise<void> {
  await proposedLabel(db, labelId);
  await db.update(labels).set({ status: "existing" }).where(eq(labels.id, labelId));
}

/** Renames a proposed label (its path's last segment). */
export async function renameLabel(db: Executor, labelId: number, name: string): Promise<void> {
  const label = await proposedLabel(db, labelId);
  const path = [...label.path.slice(0, -1), name];
  const clash = (await listLabelRefs(db, label.taxonomyId)).find(
    (l) => l.id !== labelId && labelPathKey(l.path) === labelPathKey(path),
  );
  if (clash)
    throw new LabelReviewError(`${path.join(" > ")} already exists: merge into it instead`);
  await db.update(labels).set({ name, path }).where(eq(labels.id, labelId));
}

/**
 * Merges a proposed label into another label: every decision, suggestion and training pair that
 * named it names the target instead, and the proposed label is marked rejected (kept for the
 * audit trail). Run inside the caller's transaction.
 */
export async function mergeLabel(
  db: Executor,
  labelId: number,
  intoLabelId: number,
): Promise<void> {
  const label = await proposedLabel(db, labelId);
  const [target] = await db.select().from(labels).where(eq(labels.id, intoLabelId));
  if (
    !target ||
    target.taxonomyId !== label.taxonomyId ||
    target.status === "rejected" ||
    target.id === label.id
  ) {
    throw new LabelReviewError(`Label ${intoLabelId} is not a label to merge into`);
  }
  await db.execute(sql`update decisions set label_id = ${intoLabelId} where label_id = ${labelId}`);
  await db.execute(
    sql`update decisions set previous_label_id = ${intoLabelId} where previous_label_id = ${labelId}`,
  );
  await db.execute(
    sql`update suggestions set label_id = ${intoLabelId} where label_id = ${labelId}`,
  );
  await db.execute(
    sql`update training_pairs set other_label_id = ${intoLabelId} where other_label_id = ${labelId}`,
  );
  await db.update(labels).set({ status: "rejected" }).where(eq(labels.id, labelId));
}

/** Rejects a proposed label; decisions that used it keep it, marked rejected, for review. */
export async function rejectLabel(db: Executor, labelId: number): Promise<void> {
  await proposedLabel(db, labelId);
  await db.update(labels).set({ status: "rejected" }).where(eq(labels.id, labelId));
}
