import { serveCreativeImage } from "@/lib/server/images/serveImage";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

/** A creative's image as a small WebP thumbnail (at most 240 px a side). */
export const GET = guarded<{ creativeId: string }>("read", async (request, { params }) => {
  return serveCreativeImage(request, params.creativeId, "thumbnail");
});
