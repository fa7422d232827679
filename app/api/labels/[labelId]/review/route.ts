import { z } from "zod";
import {
  approveLabel,
  LabelReviewError,
  mergeLabel,
  rejectLabel,
  renameLabel,
} from "@/lib/server/data/taxonomies";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";
import { guarded } from "@/lib/server/auth/guard";
import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/server/data/audit";
import { labels } from "@/lib/server/db/schema";

export const dynamic = "force-dynamic";

const reviewSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("approve") }),
  z.object({ action: z.literal("reject") }),
  z.object({
    action: z.literal("rename"),
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((n) => !n.includes(">") && !n.includes("/"), "may not contain > or /"),
  }),
  z.object({ action: z.literal("merge"), intoLabelId: z.number().int().positive() }),
]);

/** Reviews a proposed label: approve, rename, merge into another label (re-pointing decisions), reject. */
export const POST = guarded<{ labelId: string }>("curate", async (request, { actor, params }) => {
  const labelId = z.coerce.number().int().positive().safeParse(params.labelId);
  if (!labelId.success) return jsonError(400, "Invalid label id: must be a positive integer");
  const body = await parseJsonBody(request, reviewSchema);
  if (!body.ok) return body.response;
  try {
    const { db } = await getDatabase();
    const review = body.data;
    await db.transaction(async (tx) => {
      const [before] = await tx
        .select({ path: labels.path, status: labels.status })
        .from(labels)
        .where(eq(labels.id, labelId.data));
      if (review.action === "approve") await approveLabel(tx, labelId.data);
      else if (review.action === "reject") await rejectLabel(tx, labelId.data);
      else if (review.action === "rename") await renameLabel(tx, labelId.data, review.name);
      else await mergeLabel(tx, labelId.data, review.intoLabelId);
      const [after] = await tx
        .select({ path: labels.path, status: labels.status })
        .from(labels)
        .where(eq(labels.id, labelId.data));
      await recordAudit(tx, {
        actor: actor.username,
        action: `label.${review.action}`,
        entityType: "label",
        entityId: String(labelId.data),
        before: before ?? null,
        after: { ...after, ...(review.action === "merge" ? { into: review.intoLabelId } : {}) },
      });
    });
    return Response.json({ ok: true });
  } catch (error) {
    if (error instanceof LabelReviewError) return jsonError(422, error.message);
    return internalError(error, "Reviewing the label");
  }
});
