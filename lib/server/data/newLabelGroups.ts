import "server-only";
import { sql } from "drizzle-orm";
import type { Database, Executor } from "../db";
import { recordBulkDecisions, type BulkDecisionOutcome } from "./bulkDecisions";
import { DecisionRejectedError } from "./decisions";
import { rowsOf } from "./taxonomies";

/** Most fellow members a workbench card lists (the count says how many there are in all). */
const membersShown = 12;

/**
 * A group member (alias `m`) that nobody has decided yet: its score's `decided` flag, which the
 * decisions keep, so the open members are read off `detector_scores_open_group_idx`. A look at
 * each member's decisions cost 15 ms a card for a group of 27,000 at a million creatives, and
 * grew with the decisions.
 */
const undecidedMember = sql`not m.decided`;

/** A new-label group as the workbench shows it beside one of its members. */
export interface QueueGroup {
  id: number;
  /** Members in all, this creative included. */
  size: number;
  suggestedName: string;
  suggestedParent: { labelId: number; path: string[]; score: null } | null;
  /** The other members no annotator has decided yet, most central first. */
  others: { creativeId: number; text: string }[];
  /** How many other members are still undecided (`others` may list fewer). */
  undecided: number;
}

/**
 * The new-label groups of the given creatives under one detector run, keyed by creative: a card
 * shows the other members, and one decision can label all of them.
 */
export async function getGroupsOf(
  db: Executor,
  input: { creativeIds: number[]; modelId: string; modelVersion: string },
): Promise<Map<number, QueueGroup>> {
  if (input.creativeIds.length === 0) return new Map();
  const rows = rowsOf<{
    creative_id: number;
    group_id: number;
    size: number;
    suggested_name: string;
    parent_id: number | null;
    parent_path: string[] | null;
    others: { creativeId: number; text: string }[] | null;
    undecided: number;
  }>(
    await db.execute(sql`
      with mine as (
        select s.creative_id, s.group_id, s.decided from detector_scores s
        where s.creative_id = any(${sql.param(input.creativeIds)}::int[])
          and s.model_id = ${input.modelId} and s.model_version = ${input.modelVersion}
          and s.group_id is not null
      ),
      -- Counted once a group, not once a card: prefetched cards are often of one big group.
      open_members as (
        select g.group_id, (select count(*) from detector_scores m
          where m.group_id = g.group_id and ${undecidedMember})::int as n
        from (select distinct group_id from mine) g
      )
      select s.creative_id, g.id as group_id, g.size, g.suggested_name,
        g.suggested_parent_id as parent_id, l.path as parent_path,
        -- Only the members a card shows are read with their texts; the rest are counted.
        (select json_agg(json_build_object('creativeId', o.creative_id, 'text', o.text)
            order by o.score_rank nulls last, o.creative_id)
          from (select m.creative_id, m.score_rank, c.text
            from (select m.creative_id, m.score_rank from detector_scores m
              where m.group_id = g.id and m.creative_id <> s.creative_id and ${undecidedMember}
              order by m.score_rank nulls last, m.creative_id
              limit ${membersShown}) m
            join creatives c on c.id = m.creative_id) o) as others,
        open_members.n - (case when s.decided then 0 else 1 end) as undecided
      from mine s
      join new_label_groups g on g.id = s.group_id
      join open_members on open_members.group_id = s.group_id
      left join labels l on l.id = g.suggested_parent_id`),
  );
  return new Map(
    rows.map((r) => {
      const others = r.others ?? [];
      return [
        r.creative_id,
        {
          id: r.group_id,
          size: r.size,
          suggestedName: r.suggested_name,
          suggestedParent:
            r.parent_id !== null && r.parent_path
              ? { labelId: r.parent_id, path: r.parent_path, score: null }
              : null,
          others,
          undecided: r.undecided,
        },
      ];
    }),
  );
}

/**
 * One decision for a whole new-label group: every member not decided yet gets the (new) label, as
 * `new_label` decisions with their training pairs, in one transaction. The annotator's own item
 * is decided through the workbench as usual and passed in `exceptCreativeIds`.
 */
export async function labelNewLabelGroup(
  db: Database,
  input: {
    groupId: number;
    labelId: number;
    annotator: string;
    requestId: string;
    exceptCreativeIds: number[];
  },
): Promise<BulkDecisionOutcome> {
  const members = rowsOf<{ creative_id: number }>(
    await db.execute(
      sql`select creative_id from detector_scores where group_id = ${input.groupId} order by creative_id`,
    ),
  )
    .map((r) => r.creative_id)
    .filter((id) => !input.exceptCreativeIds.includes(id));
  if (members.length === 0) {
    throw new DecisionRejectedError(
      `Group ${input.groupId} has no other members (it may belong to an older detector run)`,
    );
  }
  return recordBulkDecisions(db, {
    creativeIds: members,
    labelId: input.labelId,
    action: "new_label",
    annotator: input.annotator,
    source: `new_label_group:${input.groupId}`,
    requestId: input.requestId,
  });
}
