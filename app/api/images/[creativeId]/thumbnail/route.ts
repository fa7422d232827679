import { serveCreativeImage } from "@/lib/server/images/serveImage";

export const dynamic = "force-dynamic";

/** A creative's image as a small WebP thumbnail (at most 240 px a side). */
export async function GET(request: Request, context: { params: Promise<{ creativeId: string }> }) {
  return serveCreativeImage(request, (await context.params).creativeId, "thumbnail");
}
