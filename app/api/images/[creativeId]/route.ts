import { serveCreativeImage } from "@/lib/server/images/serveImage";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

/** A creative's image, as imported (type checked by content, from the data folder's store). */
export const GET = guarded<{ creativeId: string }>("read", async (request, { params }) => {
  return serveCreativeImage(request, params.creativeId, "full");
});
