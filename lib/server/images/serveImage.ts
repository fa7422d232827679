import "server-only";
import { promises as fs } from "node:fs";
import { z } from "zod";
import { readServerConfig } from "../config";
import { getDatabase } from "../db";
import { internalError, jsonError } from "../http";
import { findCreativeImage, imageStoreDir } from "./creativeImages";
import { imageTypes } from "./imageType";
import { resolveInStore } from "./imageStore";

/**
 * Answers `/api/images/<creativeId>` and its thumbnail: the id is validated, the file is found
 * through the table (never from the URL), its path is checked to stay in the store, and it is
 * sent with the type sniffed at import, `nosniff`, a restrictive CSP and an ETag of its sha256 so
 * browsers revalidate cheaply.
 */

const creativeIdSchema = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

export async function serveCreativeImage(
  request: Request,
  rawCreativeId: string,
  variant: "full" | "thumbnail",
): Promise<Response> {
  const parsed = creativeIdSchema.safeParse(rawCreativeId);
  if (!parsed.success) return jsonError(400, "Invalid creative id: must be a positive integer");
  try {
    const { db } = await getDatabase();
    const image = await findCreativeImage(db, parsed.data);
    if (!image) return jsonError(404, `Creative ${parsed.data} has no image`);
    const thumbnail = variant === "thumbnail" && image.thumbnailPath;
    const relative = thumbnail ? image.thumbnailPath! : image.storedPath;
    const mimeType = thumbnail ? "image/webp" : image.mimeType;
    if (!(mimeType in imageTypes)) return jsonError(500, "The stored image has an unknown type");
    const file = resolveInStore(imageStoreDir(readServerConfig().dataDir), relative);
    if (!file) return jsonError(500, "The stored image path is not valid");
    const etag = `"${image.sha256}${thumbnail ? "-thumb" : ""}"`;
    const headers = {
      "Content-Type": mimeType,
      "Cache-Control": "private, max-age=3600",
      ETag: etag,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    };
    if (request.headers.get("if-none-match") === etag) {
      return new Response(null, { status: 304, headers });
    }
    const bytes = await fs.readFile(file).catch(() => undefined);
    if (!bytes) return jsonError(404, `The image file of creative ${parsed.data} is missing`);
    return new Response(new Uint8Array(bytes), {
      headers: { ...headers, "Content-Length": String(bytes.length) },
    });
  } catch (error) {
    return internalError(error, "Reading the image");
  }
}
