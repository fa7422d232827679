import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "../db";
import { getOverlapSettings, hasEnoughDecisions, queueStateOf, uncertaintyOrder } from "./overlap";
import type { QueueScope, QueueStrategy } from "./queue";
import { rowsOf } from "./taxonomies";
import { inQueueConditionOf } from "./thresholds";

/**
 * Score and uncertainty follow the run's diversified orders (near-duplicates apart), falling back
 * to the raw order for creatives outside them (only over the analyst's similarity threshold).
 * Each order is written exactly as its index on `detector_scores` (schema.ts), so a claim reads
 * the next items off the index, literals included: a bound parameter would not match it.
 */
const orderBy: Record<QueueStrategy, ReturnType<typeof sql>> = {
  score: sql`s.score_rank asc nulls last, s.score desc nulls last, s.creative_id`,
  uncertainty: uncertaintyOrder,
  random: sql`md5(s.creative_id::text || 'queue'), s.creative_id`,
};

/** What a claim asks for: a run's queue, whose it is, in which order, how many candidates. */
export interface CandidateQuery extends QueueScope {
  annotator: string;
  strategy: QueueStrategy;
  limit: number;
}

/** A creative a claim may lease, with how many distinct annotators it needs. */
export interface Candidate {
  creative_id: number;
  required: number;
}

/** True when some of the dataset's queue needs more than one annotator. */
export async function hasOverlap(db: Executor, datasetId: number): Promise<boolean> {
  return overlapApplies(await getOverlapSettings(db, datasetId));
}

/** Whether overlap settings ask for more than one annotator on any item. */
export function overlapApplies(settings: { annotators: number; share: number }): boolean {
  return settings.annotators > 1 && settings.share > 0;
}

/**
 * A decision (alias `alias`) that settles an item needing one annotator: a current one that is not
 * a skip, or an admin's review. The one-annotator case of `hasEnoughDecisions`.
 */
export function decidesItem(alias: string): SQL {
  const d = sql.raw(alias);
  return sql`(${d}.retracted_at is null and (${d}.is_review or ${d}.action <> 'skip'))`;
}

/** Not yet decided or skipped by this annotator (alias `s`). */
function notDecidedBy(annotator: string) {
  return sql`not exists (
    select 1 from decisions d where d.creative_id = s.creative_id and d.retracted_at is null
      and d.annotator = ${annotator})`;
}

/**
 * An item of the run's queue (alias `s`, its creative `c`) that needs an annotator when every item
 * needs one: nobody decided it (and no admin settled it), which is a look at its own decisions,
 * and this annotator did not skip it either.
 */
function openFor(q: CandidateQuery): SQL {
  return sql`c.dataset_id = ${q.datasetId} and ${inQueueConditionOf(q)}
    and not exists (
      select 1 from decisions d where d.creative_id = s.creative_id and ${decidesItem("d")})
    and ${notDecidedBy(q.annotator)}`;
}

/**
 * Leases the creatives `ids` selects (one column of creative ids) to an annotator, returning the
 * ones it got: INSERT ... ON CONFLICT on the creative, so an item another annotator holds is not
 * taken over unless its lease expired, and two annotators racing for one item never both hold it.
 */
export function leaseStatement(ids: SQL, lease: { annotator: string; leaseSeconds: number }): SQL {
  return sql`
    insert into queue_leases as q (creative_id, annotator, expires_at)
    select id, ${lease.annotator}, now() + make_interval(secs => ${lease.leaseSeconds})
    from (${ids}) as picked(id)
    on conflict (creative_id) do update
      set annotator = excluded.annotator, leased_at = now(), expires_at = excluded.expires_at
      where q.expires_at <= now() or q.annotator = excluded.annotator
    returning q.creative_id`;
}

/** The first key of the advisory lock claims of a dataset take turns on (the second: its id). */
const claimLockSpace = 0x43540001;

/** The ordering columns of a claimable item (alias `s`), so a claim can order what it picked. */
const orderColumns = sql`s.creative_id, s.score_rank, s.score, s.uncertainty_rank, s.signals`;

/**
 * The next open items nobody holds, in the strategy's order: read off the order's index on
 * `detector_scores`, which holds only what is not decided (`not s.decided` lets the planner use
 * it), so the walk skips only what is leased or this annotator skipped, and its cost follows
 * that, not how long the queue is or how much of it is done. The look at the item's decisions
 * stays as the rule itself; the flag only keeps decided items out of the walk.
 */
export function freshCandidatesQuery(q: CandidateQuery): SQL {
  return sql`
    select ${orderColumns} from detector_scores s
    join creatives c on c.id = s.creative_id
    where s.model_id = ${q.modelId} and s.model_version = ${q.modelVersion} and not s.decided
      and ${openFor(q)}
      and not exists (
        select 1 from queue_leases l where l.creative_id = s.creative_id and l.expires_at > now())
    order by ${orderBy[q.strategy]}
    limit ${q.limit}`;
}

/**
 * Leases up to `limit` items to an annotator when every item needs one: the annotator's own live
 * leases first (a reloaded page gets its items back), then {@link freshCandidatesQuery}, leased in
 * the same statement with INSERT ... ON CONFLICT on the creative. Returns what was leased, in
 * order, and how many were picked: fewer leased than picked means claims at the same moment took
 * some first (their snapshot and this one's overlapped), and the caller looks again.
 *
 * A first look is one statement, with no transaction or lock: most claims meet no other, and
 * three more round trips each were a tenth of a claim's time at a million creatives. A look again
 * is `locked`: claims of one dataset take turns on a transaction-scoped advisory lock, and its
 * statement starts only after the previous locked claim committed, so it sees that one's leases.
 * Row locks alone (SKIP LOCKED) had claims pick other claims' items again and lose them: at a
 * million creatives 41 of 160 claims came back short or empty.
 */
export async function claimSingle(
  db: Executor,
  q: CandidateQuery & { leaseSeconds: number; locked: boolean },
): Promise<{ leased: number[]; picked: number }> {
  const statement = sql`
      with held as (
        select ${orderColumns}, 0 as part from queue_leases l
        join detector_scores s on s.creative_id = l.creative_id and s.model_id = ${q.modelId}
          and s.model_version = ${q.modelVersion}
        join creatives c on c.id = s.creative_id
        where l.annotator = ${q.annotator} and l.expires_at > now() and ${openFor(q)}
        order by ${orderBy[q.strategy]}
        limit ${q.limit}
      ),
      fresh as (${freshCandidatesQuery(q)}),
      picked as (
        select * from (
          select * from held union all select *, 1 as part from fresh) s
        order by s.part, ${orderBy[q.strategy]}
        limit ${q.limit}
      ),
      leased as (${leaseStatement(sql`select creative_id from picked`, q)})
      select s.creative_id, l.creative_id is not null as leased
      from picked s left join leased l on l.creative_id = s.creative_id
      order by s.part, ${orderBy[q.strategy]}`;
  type Row = { creative_id: number; leased: boolean };
  const rows = q.locked
    ? await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${claimLockSpace}, ${q.datasetId})`);
        return rowsOf<Row>(await tx.execute(statement));
      })
    : rowsOf<Row>(await db.execute(statement));
  return { leased: rows.filter((r) => r.leased).map((r) => r.creative_id), picked: rows.length };
}

/**
 * Candidates under overlap: whether an item needs more annotators depends on its place among the
 * least certain share of the whole queue, so this reads the queue's state ({@link queueStateOf}).
 */
export async function overlapCandidates(db: Executor, q: CandidateQuery): Promise<Candidate[]> {
  return rowsOf<Candidate>(
    await db.execute(sql`
      select s.creative_id, s.required
      from ${queueStateOf(q)} s
      left join queue_leases l on l.creative_id = s.creative_id and l.expires_at > now()
      where not ${hasEnoughDecisions}
        and (l.annotator is null or l.annotator = ${q.annotator})
        and ${notDecidedBy(q.annotator)}
      order by (l.annotator is null), ${orderBy[q.strategy]}
      limit ${q.limit}`),
  );
}
