import { embeddingUploadSchema } from "@/lib/core/embeddingPayload";
import { storeEmbeddings, type EmbeddingVector } from "@/lib/server/data/embeddings";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError } from "@/lib/server/http";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

/** Stores vectors computed in a browser (or by `npm run embed`) so every page and user reuses them. */
export const POST = guarded("compute", async (request) => {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return jsonError(400, "The request body is not valid JSON");
  }
  const parsed = embeddingUploadSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return jsonError(
      400,
      `Invalid embeddings: ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`,
    );
  }
  const { dim, items } = parsed.data;
  const vectors: EmbeddingVector[] = [];
  for (const [index, item] of items.entries()) {
    const bytes = Buffer.from(item.vector, "base64");
    if (bytes.byteLength !== dim * 4) {
      return jsonError(
        400,
        `items.${index}.vector: has ${bytes.byteLength / 4} dimensions, expected ${dim}`,
      );
    }
    const vector = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    if (!vector.every(Number.isFinite))
      return jsonError(400, `items.${index}.vector: contains NaN or infinity`);
    vectors.push({
      ownerType: item.ownerType,
      ownerId: item.ownerId,
      contentHash: item.contentHash,
      vector,
    });
  }
  try {
    const { db } = await getDatabase();
    const stored = await storeEmbeddings(db, { ...parsed.data, items: vectors });
    return Response.json({ stored });
  } catch (error) {
    return internalError(error, "Storing embeddings");
  }
});
