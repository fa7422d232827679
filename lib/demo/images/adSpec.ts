import { mulberry32 } from "@/lib/core/random";

/**
 * What a demo ad image looks like, decided in Node from the creative alone (seeded by its id), so
 * the same creative always gets the same design: brand colours, fonts and sizes, which parts of
 * its copy go where, the call-to-action button and how much noise. The browser page that draws it
 * (`renderPage.ts`) only wraps and paints; it records the lines it drew as the ground truth.
 */

export const adWidth = 600;
export const adHeight = 314;

/** Fonts every Debian machine with Chromium has (fonts-dejavu, fonts-liberation). */
export const adFonts = [
  "DejaVu Sans",
  "DejaVu Serif",
  "DejaVu Sans Condensed",
  "Liberation Sans",
  "Liberation Serif",
  "Liberation Sans Narrow",
] as const;

/** Background, text and button colours that read well together. */
const palettes = [
  { background: ["#0b3d91", "#1565c0"], text: "#ffffff", accent: "#ffb300", buttonText: "#1a1a1a" },
  { background: ["#b71c1c", "#e53935"], text: "#ffffff", accent: "#ffffff", buttonText: "#b71c1c" },
  { background: ["#1b5e20", "#43a047"], text: "#ffffff", accent: "#ffeb3b", buttonText: "#1b5e20" },
  { background: ["#fff8e1", "#ffe082"], text: "#3e2723", accent: "#d84315", buttonText: "#ffffff" },
  { background: ["#f5f5f5", "#e0e0e0"], text: "#212121", accent: "#00897b", buttonText: "#ffffff" },
  { background: ["#212121", "#424242"], text: "#fafafa", accent: "#ff4081", buttonText: "#ffffff" },
  { background: ["#4a148c", "#7b1fa2"], text: "#ffffff", accent: "#00e5ff", buttonText: "#1a1a1a" },
  { background: ["#e3f2fd", "#bbdefb"], text: "#0d47a1", accent: "#0d47a1", buttonText: "#ffffff" },
  { background: ["#004d40", "#00796b"], text: "#e0f2f1", accent: "#ff7043", buttonText: "#ffffff" },
  { background: ["#fce4ec", "#f8bbd0"], text: "#880e4f", accent: "#880e4f", buttonText: "#ffffff" },
] as const;

export type AdPalette = (typeof palettes)[number];

const defaultCallsToAction = [
  "Shop now",
  "Learn more",
  "Book today",
  "Get started",
  "Order now",
  "Sign up",
  "See offers",
  "Get a quote",
];

const callToActionPattern =
  /^(shop|learn|book|get|order|sign|see|call|visit|tap|apply|start|join|buy|claim|find|download|reserve|try)\b/i;

export interface AdSpec {
  id: string;
  seed: number;
  palette: AdPalette;
  /** Gradient angle in radians. */
  angle: number;
  advertiser: string;
  advertiserFont: string;
  headline: string;
  headlineFont: string;
  /** Largest headline size in px; the page shrinks it until the headline fits two lines. */
  headlineSize: number;
  headlineBold: boolean;
  body: string[];
  bodyFont: string;
  bodySize: number;
  callToAction: string;
  buttonFont: string;
  buttonRadius: number;
  /** Decorative circles on the right: x, y, radius, opacity. */
  shapes: { x: number; y: number; r: number; alpha: number }[];
  /** Amplitude of the uniform pixel noise (0-255 scale). */
  noise: number;
}

/** A 32-bit seed from a string (FNV-1a). */
export function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The copy's parts: explicit line breaks and bullets first, else sentences. */
export function copySegments(text: string): string[] {
  const parts = text
    .split(/\n| • | \| |•/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length > 1) return parts;
  return text
    .split(/(?<=[.!?›])\s+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** The design of one creative's ad image. */
export function adSpecFor(creative: { id: string; text: string; advertiser: string }): AdSpec {
  const seed = seedOf(creative.id);
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const segments = copySegments(creative.text);
  const ctaIndex = segments.findIndex(
    (segment, i) => i > 0 && segment.length <= 24 && callToActionPattern.test(segment),
  );
  const callToAction =
    ctaIndex >= 0
      ? segments.splice(ctaIndex, 1)[0]!.replace(/\s*›$/, "")
      : pick(defaultCallsToAction);
  const [headline = creative.advertiser, ...body] = segments;
  const shapes = Array.from({ length: 2 + Math.floor(random() * 3) }, () => ({
    x: 430 + random() * 170,
    y: random() * 314,
    r: 30 + random() * 90,
    alpha: 0.08 + random() * 0.15,
  }));
  return {
    id: creative.id,
    seed,
    palette: pick(palettes),
    angle: random() * Math.PI,
    advertiser: creative.advertiser,
    advertiserFont: pick(adFonts),
    headline,
    headlineFont: pick(adFonts),
    headlineSize: 26 + Math.floor(random() * 12),
    headlineBold: random() < 0.8,
    body,
    bodyFont: pick(adFonts),
    bodySize: 15 + Math.floor(random() * 5),
    callToAction,
    buttonFont: pick(adFonts),
    buttonRadius: pick([0, 6, 12, 22]),
    shapes,
    noise: 4 + Math.floor(random() * 10),
  };
}
