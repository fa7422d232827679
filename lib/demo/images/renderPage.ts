import { mulberry32 } from "@/lib/core/random";
import { adHeight, adWidth, type AdSpec } from "./adSpec";

/**
 * Browser entry of `npm run demo:images`: paints one ad on a canvas from its spec (gradient,
 * shapes, advertiser, headline, body, button, noise) and returns it encoded, with the lines of
 * text it drew in reading order (the OCR ground truth). Text that does not fit is not drawn and
 * not recorded.
 */

export interface RenderedAd {
  dataUrl: string;
  lines: string[];
}

declare global {
  interface Window {
    renderAd: (spec: AdSpec, type: string, quality: number) => Promise<RenderedAd>;
  }
}

const margin = 32;
const textWidth = 400;

/** Greedy word wrap at `width` px; a word longer than a line is left to overflow its own line. */
function wrap(context: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && context.measureText(candidate).width > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function paint(context: CanvasRenderingContext2D, spec: AdSpec): string[] {
  const { palette } = spec;
  const drawn: string[] = [];
  const dx = Math.cos(spec.angle) * adWidth;
  const dy = Math.sin(spec.angle) * adHeight;
  const gradient = context.createLinearGradient(0, 0, dx, dy);
  gradient.addColorStop(0, palette.background[0]);
  gradient.addColorStop(1, palette.background[1]);
  context.fillStyle = gradient;
  context.fillRect(0, 0, adWidth, adHeight);
  for (const shape of spec.shapes) {
    context.globalAlpha = shape.alpha;
    context.fillStyle = palette.accent;
    context.beginPath();
    context.arc(shape.x, shape.y, shape.r, 0, Math.PI * 2);
    context.fill();
  }
  context.globalAlpha = 1;
  context.textBaseline = "alphabetic";

  // Advertiser: a small logo mark and the name.
  context.fillStyle = palette.accent;
  context.fillRect(margin, 22, 14, 14);
  context.fillStyle = palette.text;
  context.font = `bold 14px "${spec.advertiserFont}"`;
  context.fillText(spec.advertiser, margin + 22, 34);
  drawn.push(spec.advertiser);

  // Headline: the largest size (down to 20 px) at which it fits two lines.
  let size = spec.headlineSize;
  let headline: string[] = [];
  for (; size >= 20; size -= 2) {
    context.font = `${spec.headlineBold ? "bold " : ""}${size}px "${spec.headlineFont}"`;
    headline = wrap(context, spec.headline, textWidth);
    if (headline.length <= 2) break;
  }
  headline = headline.slice(0, 2);
  let y = 58 + size;
  for (const line of headline) {
    context.fillText(line, margin, y);
    drawn.push(line);
    y += Math.round(size * 1.2);
  }

  // Body: whole segments while they fit above the button.
  const buttonTop = adHeight - 70;
  context.font = `${spec.bodySize}px "${spec.bodyFont}"`;
  const lineHeight = Math.round(spec.bodySize * 1.35);
  y += 6;
  for (const segment of spec.body) {
    const lines = wrap(context, segment, textWidth);
    if (y + (lines.length - 1) * lineHeight > buttonTop - 12) break;
    for (const line of lines) {
      context.fillText(line, margin, y);
      drawn.push(line);
      y += lineHeight;
    }
  }

  // Call to action.
  context.font = `bold 17px "${spec.buttonFont}"`;
  const buttonWidth = Math.ceil(context.measureText(spec.callToAction).width) + 40;
  context.fillStyle = palette.accent;
  context.beginPath();
  context.roundRect(margin, buttonTop + 12, buttonWidth, 42, spec.buttonRadius);
  context.fill();
  context.fillStyle = palette.buttonText;
  context.fillText(spec.callToAction, margin + 20, buttonTop + 39);
  drawn.push(spec.callToAction);
  return drawn;
}

/** Seeded uniform noise on every pixel, as a photographed or recompressed ad has. */
function addNoise(context: CanvasRenderingContext2D, spec: AdSpec): void {
  const random = mulberry32(spec.seed ^ 0x9e3779b9);
  const image = context.getImageData(0, 0, adWidth, adHeight);
  const { data } = image;
  for (let i = 0; i < data.length; i += 4) {
    const delta = (random() * 2 - 1) * spec.noise;
    data[i] = data[i]! + delta;
    data[i + 1] = data[i + 1]! + delta;
    data[i + 2] = data[i + 2]! + delta;
  }
  context.putImageData(image, 0, 0);
}

window.renderAd = async (spec, type, quality) => {
  await document.fonts.ready;
  const canvas = document.createElement("canvas");
  canvas.width = adWidth;
  canvas.height = adHeight;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (!context) throw new Error("no 2-D canvas");
  const lines = paint(context, spec);
  addNoise(context, spec);
  return { dataUrl: canvas.toDataURL(type, quality), lines };
};
