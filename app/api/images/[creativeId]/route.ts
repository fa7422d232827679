import { serveCreativeImage } from "@/lib/server/images/serveImage";

export const dynamic = "force-dynamic";

/** A creative's image, as imported (type checked by content, from the data folder's store). */
export async function GET(request: Request, context: { params: Promise<{ creativeId: string }> }) {
  return serveCreativeImage(request, (await context.params).creativeId, "full");
}
