import { z } from "zod";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError } from "@/lib/server/http";
import { findImageText } from "@/lib/server/images/creativeImages";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

const creativeIdSchema = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

/** The text read from a creative's image by OCR (null until the OCR job has read it). */
export const GET = guarded<{ creativeId: string }>("read", async (_request, { params }) => {
  const id = creativeIdSchema.safeParse(params.creativeId);
  if (!id.success) return jsonError(400, "Invalid creative id: must be a positive integer");
  try {
    const { db } = await getDatabase();
    const text = await findImageText(db, id.data);
    if (!text) return jsonError(404, `Creative ${id.data} has no image`);
    return Response.json(text);
  } catch (error) {
    return internalError(error, "Reading the image text");
  }
});
