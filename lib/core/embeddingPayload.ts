import { z } from "zod";

/** Largest vector the product stores; CLIP-L and most sentence encoders are well under it. */
export const maxEmbeddingDim = 4096;
/** Most vectors one request may carry, so a request body stays a few megabytes. */
export const maxEmbeddingsPerRequest = 1000;

/** The body of POST /api/embeddings: vectors as base64 little-endian float32 bytes. */
export const embeddingUploadSchema = z.object({
  modelId: z.string().min(1).max(200),
  modelVersion: z.string().min(1).max(200),
  dim: z.number().int().min(1).max(maxEmbeddingDim),
  items: z
    .array(
      z.object({
        ownerType: z.enum(["creative_text", "creative_image", "label"]),
        ownerId: z.number().int().positive(),
        contentHash: z.string().min(1).max(128),
        vector: z
          .string()
          .min(1)
          .max(maxEmbeddingDim * 8),
      }),
    )
    .max(maxEmbeddingsPerRequest),
});
export type EmbeddingUpload = z.infer<typeof embeddingUploadSchema>;
