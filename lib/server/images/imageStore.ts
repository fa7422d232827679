import "server-only";
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { imageTypes, sniffImageType, type ImageMimeType } from "./imageType";

/**
 * The data folder's store of creative images: each accepted file is checked (type by content,
 * byte and pixel limits, a full decode so a truncated file is caught), stored once under its
 * sha256, and given a small WebP thumbnail. sharp (libvips) does the decoding and resizing: its
 * prebuilt binary installs from npm with no build step and no network, Next already treats it
 * as a server package, and it reads every type we accept.
 */

export const imageLimits = {
  /** Largest file accepted. */
  maxBytes: 10 * 1024 * 1024,
  /** Largest side in pixels. */
  maxSide: 8192,
  /** Largest pixel count (decoding cost grows with it). */
  maxPixels: 40_000_000,
  /** Thumbnails fit in this square. */
  thumbnailSide: 240,
} as const;

/** A stored image, as `creative_images` records it (paths relative to the store). */
export interface StoredImage {
  storedPath: string;
  thumbnailPath: string;
  mimeType: ImageMimeType;
  bytes: number;
  width: number;
  height: number;
  sha256: string;
}

/** Why an image was refused, in words for the import report. */
export class BadImageError extends Error {}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Checks one image's bytes and stores it with its thumbnail; throws BadImageError when refused. */
export async function storeImage(storeDir: string, bytes: Uint8Array): Promise<StoredImage> {
  if (bytes.length === 0) throw new BadImageError("the file is empty");
  if (bytes.length > imageLimits.maxBytes) {
    throw new BadImageError(
      `the file is ${megabytes(bytes.length)}, more than the ${megabytes(imageLimits.maxBytes)} allowed`,
    );
  }
  const mimeType = sniffImageType(bytes);
  if (!mimeType) {
    throw new BadImageError(
      "the file is not a JPEG, PNG, WebP or GIF image (checked by its content)",
    );
  }
  const image = sharp(bytes, { limitInputPixels: imageLimits.maxPixels, failOn: "truncated" });
  let width: number;
  let height: number;
  let thumbnail: Buffer;
  try {
    const metadata = await image.metadata();
    width = metadata.width;
    height = metadata.height;
    if (Math.max(width, height) > imageLimits.maxSide) {
      throw new BadImageError(
        `the image is ${width}x${height} pixels; sides up to ${imageLimits.maxSide} are allowed`,
      );
    }
    // Making the thumbnail decodes every pixel, which is what finds a truncated file.
    thumbnail = await image
      .clone()
      .rotate()
      .resize(imageLimits.thumbnailSide, imageLimits.thumbnailSide, {
        fit: "inside",
        withoutEnlargement: true,
      })
      .webp({ quality: 70 })
      .toBuffer();
  } catch (error) {
    if (error instanceof BadImageError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new BadImageError(
      `the ${imageTypes[mimeType].toUpperCase()} file cannot be decoded (${reason})`,
    );
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const folder = sha256.slice(0, 2);
  const storedPath = `${folder}/${sha256}.${imageTypes[mimeType]}`;
  const thumbnailPath = `${folder}/${sha256}.thumb.webp`;
  await fs.mkdir(path.join(storeDir, folder), { recursive: true });
  await writeOnce(path.join(storeDir, storedPath), bytes);
  await writeOnce(path.join(storeDir, thumbnailPath), thumbnail);
  return { storedPath, thumbnailPath, mimeType, bytes: bytes.length, width, height, sha256 };
}

/** Writes a content-addressed file unless it is there already (same name, same bytes). */
async function writeOnce(file: string, bytes: Uint8Array): Promise<void> {
  try {
    await fs.writeFile(file, bytes, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

/**
 * The absolute path of a file in the store, or undefined when the relative path would leave it
 * (the paths come from our own table, but a path is checked where it is opened).
 */
export function resolveInStore(storeDir: string, relative: string): string | undefined {
  if (!/^[0-9a-f]{2}\/[0-9a-f]{64}\.(jpg|png|webp|gif|thumb\.webp)$/.test(relative))
    return undefined;
  const root = path.resolve(storeDir);
  const full = path.resolve(root, relative);
  return full.startsWith(root + path.sep) ? full : undefined;
}

/**
 * Reads a referenced source image inside `imageDir`. Refuses references that resolve outside it,
 * symbolic links included (the import already refused `..`, absolute paths and drive letters).
 */
export async function readSourceImage(imageDir: string, reference: string): Promise<Uint8Array> {
  const root = await fs.realpath(imageDir).catch(() => {
    throw new BadImageError(`the image folder ${imageDir} does not exist`);
  });
  const candidate = path.resolve(root, reference);
  let real: string;
  try {
    real = await fs.realpath(candidate);
  } catch {
    throw new BadImageError(`no file "${reference}" in the image folder`);
  }
  if (!real.startsWith(root + path.sep)) {
    throw new BadImageError(`"${reference}" points outside the image folder`);
  }
  const stat = await fs.stat(real);
  if (!stat.isFile()) throw new BadImageError(`"${reference}" is not a file`);
  if (stat.size > imageLimits.maxBytes) {
    throw new BadImageError(
      `the file is ${megabytes(stat.size)}, more than the ${megabytes(imageLimits.maxBytes)} allowed`,
    );
  }
  return fs.readFile(real);
}
