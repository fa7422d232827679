/**
 * Composes the ad copy of one creative from a label's vocabulary and the shared ad vocabulary.
 *
 * Many small templates (headline stacks, one-liners, long paragraphs, bullet lists, testimonials,
 * price-led copy) with random casing and separators keep the texts from being identifiable by
 * template alone: a model has to read the label-specific words, as it would on real creatives.
 */
import type { Rng } from "./prng";
import {
  callsToAction,
  cities,
  disclaimers,
  months,
  openers,
  testimonials,
  trustLines,
  urgencyLines,
} from "./vocabulary/shared";
import type { LabelVocabulary } from "./vocabulary/types";

/** Fewest and most words a creative text may have. */
export const minWords = 5;
export const maxWords = 60;

/** The per-creative choices every fragment of one text must agree on. */
export interface CreativeContext {
  readonly rng: Rng;
  readonly label: LabelVocabulary;
  readonly city: string;
  readonly model: string;
  readonly phone: string;
  /** Advertiser name, placeholders already filled; also goes into the metadata. */
  readonly advertiser: string;
  readonly url: string;
}

/** Writes a whole number with thousands separators, independent of the machine's locale. */
export function formatThousands(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function formatPrice(rng: Rng, range: readonly [number, number]): string {
  const value = rng.int(range[0], range[1]);
  if (value >= 1000) return formatThousands(value);
  if (value < 100 && rng.chance(0.6)) return `${value}.${rng.pick(["99", "95", "49", "00"])}`;
  return String(value);
}

function formatPhone(rng: Rng): string {
  const exchange = rng.int(100, 999);
  const line = rng.int(1000, 9999);
  switch (rng.int(0, 3)) {
    case 0:
      return `555-${exchange}-${line}`;
    case 1:
      return `(555) ${exchange}-${line}`;
    case 2:
      return `555.${exchange}.${line}`;
    default:
      return `1-800-555-${line}`;
  }
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "");
}

/** Replaces the `{placeholders}` of a vocabulary string for one creative. */
export function fill(ctx: CreativeContext, template: string): string {
  const { rng } = ctx;
  return template.replace(/\{(\w+)\}/g, (whole: string, key: string) => {
    switch (key) {
      case "brand":
        return ctx.label.brand ?? ctx.advertiser;
      case "model":
        return ctx.model;
      case "city":
        return ctx.city;
      case "price":
        return formatPrice(rng, ctx.label.priceRange);
      case "pct":
        return String(rng.pick([10, 15, 20, 25, 30, 40, 50]));
      case "n":
        return String(rng.int(2, 9));
      case "year":
        return String(rng.int(1962, 2024));
      case "phone":
        return ctx.phone;
      case "url":
        return ctx.url;
      case "month":
        return rng.pick(months);
      case "day":
        return String(rng.int(1, 28));
      default:
        return whole;
    }
  });
}

/** Chooses the per-creative context: city, model, advertiser, phone and URL. */
export function createContext(rng: Rng, label: LabelVocabulary): CreativeContext {
  const city = rng.pick(cities);
  const models = label.models ?? [];
  const model = models.length > 0 ? rng.pick(models) : (label.brand ?? rng.pick(label.items));
  const phone = formatPhone(rng);
  const base = { rng, label, city, model, phone, advertiser: "", url: "" };
  const advertiser = fill(base, rng.pick(label.advertisers));
  const url = `${rng.chance(0.4) ? "www." : ""}${slug(advertiser)}.${rng.pick(["com", "com", "com", "net", "co"])}`;
  return { ...base, advertiser, url };
}

const pickFill = (ctx: CreativeContext, items: readonly string[]) => fill(ctx, ctx.rng.pick(items));

const line = (ctx: CreativeContext) => pickFill(ctx, ctx.label.lines);
const offer = (ctx: CreativeContext) => pickFill(ctx, ctx.label.offers);
const item = (ctx: CreativeContext) => pickFill(ctx, ctx.label.items);
const cta = (ctx: CreativeContext) => pickFill(ctx, callsToAction);
const urgency = (ctx: CreativeContext) => pickFill(ctx, urgencyLines);
const trust = (ctx: CreativeContext) => pickFill(ctx, trustLines);
const disclaimer = (ctx: CreativeContext) => pickFill(ctx, disclaimers);
const opener = (ctx: CreativeContext) => pickFill(ctx, openers);

/** Two different picks from a list when it has two, so a text does not repeat itself. */
function twoOf(ctx: CreativeContext, items: readonly string[]): [string, string] {
  const [a, b] = ctx.rng.shuffle(items);
  return [fill(ctx, a ?? ""), fill(ctx, b ?? a ?? "")];
}

/** Ends a fragment with a full stop unless it already ends in punctuation. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A template returns the parts of a text and how to join them. */
type Template = (ctx: CreativeContext) => { parts: string[]; joiner: string };

const anyJoiner = (rng: Rng) => rng.pick(["\n", " ", " | ", " • ", " - ", "\n", ". "]);

const templates: readonly Template[] = [
  // Display banner: advertiser, selling line, offer, call to action stacked on lines.
  (ctx) => ({ parts: [ctx.advertiser, line(ctx), offer(ctx), cta(ctx)], joiner: "\n" }),
  // One-liner: item, offer, arrow call to action.
  (ctx) => ({ parts: [capitalize(item(ctx)), offer(ctx), cta(ctx)], joiner: " " }),
  // Long paragraph, as in a social post or a landing-page snippet.
  (ctx) => {
    const [first, second] = twoOf(ctx, ctx.label.lines);
    const parts = [opener(ctx), first, second];
    const pitch = ctx.rng.pick([
      "is what we do",
      "is our specialty",
      "done right",
      "made easy",
      "for less",
    ]);
    parts.push(`At ${ctx.advertiser} in ${ctx.city}: ${item(ctx)} ${pitch}.`);
    parts.push(offer(ctx), urgency(ctx), cta(ctx));
    if (ctx.rng.chance(0.5)) parts.push(disclaimer(ctx));
    return { parts, joiner: " " };
  },
  // Question hook.
  (ctx) => ({
    parts: [`Need ${item(ctx)}?`, `${ctx.advertiser}.`, line(ctx), cta(ctx)],
    joiner: ctx.rng.pick([" ", "\n"]),
  }),
  // Bullet list of items.
  (ctx) => {
    const bullets = ctx.rng
      .shuffle(ctx.label.items)
      .slice(0, 3)
      .map((entry) => `✓ ${fill(ctx, entry)}`);
    return {
      parts: [ctx.advertiser.toUpperCase(), ...bullets, offer(ctx), cta(ctx)],
      joiner: ctx.rng.pick(["\n", " "]),
    };
  },
  // Price-led: offer in capitals first.
  (ctx) => ({
    parts: [
      offer(ctx).toUpperCase(),
      `${capitalize(item(ctx))} at ${ctx.advertiser}`,
      urgency(ctx),
      disclaimer(ctx),
    ],
    joiner: anyJoiner(ctx.rng),
  }),
  // Local service ad with a phone number.
  (ctx) => ({
    parts: [`${ctx.advertiser} - ${ctx.city}`, line(ctx), trust(ctx), `Call ${ctx.phone}`],
    joiner: anyJoiner(ctx.rng),
  }),
  // Testimonial.
  (ctx) => ({
    parts: [
      `"${ctx.rng.pick(testimonials)}"`,
      `- ${ctx.rng.pick(["Sarah", "Mike", "J.", "A customer", "Dana R.", "Luis"])} in ${ctx.city}`,
      ctx.advertiser,
      line(ctx),
      cta(ctx),
    ],
    joiner: ctx.rng.pick([" ", "\n"]),
  }),
  // Just the advertiser and an offer: very short creatives exist.
  (ctx) => ({ parts: [`${ctx.advertiser}:`, offer(ctx), cta(ctx)], joiner: " " }),
  // Headline plus fine print.
  (ctx) => ({
    parts: [line(ctx).toUpperCase(), offer(ctx), `${ctx.url}`, disclaimer(ctx)],
    joiner: anyJoiner(ctx.rng),
  }),
  // Opener, item and trust line.
  (ctx) => ({
    parts: [
      opener(ctx),
      `${capitalize(item(ctx))} from ${ctx.advertiser}.`,
      trust(ctx),
      urgency(ctx),
      cta(ctx),
    ],
    joiner: " ",
  }),
  // Two selling lines and a call to action, no advertiser name (the logo is in the image).
  (ctx) => {
    const [a, b] = twoOf(ctx, ctx.label.lines);
    return { parts: [a, b, cta(ctx)], joiner: anyJoiner(ctx.rng) };
  },
  // Store-locator style.
  (ctx) => {
    const [a, b] = twoOf(ctx, ctx.label.items);
    return {
      parts: [
        ctx.advertiser,
        `Now serving ${ctx.city} and surrounding areas`,
        `${capitalize(a)}, ${b} & more`,
        offer(ctx),
        `Visit ${ctx.url} or call ${ctx.phone}`,
      ],
      joiner: anyJoiner(ctx.rng),
    };
  },
  // Landing-page style copy: the longest texts.
  (ctx) => {
    const [first, second] = twoOf(ctx, ctx.label.lines);
    const [a, b] = twoOf(ctx, ctx.label.items);
    const parts = [`${ctx.advertiser} | ${ctx.city}`, sentence(first), sentence(second)];
    parts.push(
      `Looking for ${a} or ${b}? Our team has you covered, from the first call to the final check.`,
    );
    parts.push(
      trust(ctx),
      sentence(offer(ctx)),
      urgency(ctx),
      cta(ctx),
      `Questions? Call ${ctx.phone}.`,
    );
    if (ctx.rng.chance(0.6)) parts.push(disclaimer(ctx));
    return { parts, joiner: " " };
  },
  // Item-only caption, as OCR of a product shot returns.
  (ctx) => ({ parts: [ctx.advertiser, capitalize(item(ctx)), offer(ctx)], joiner: " " }),
];

/** Words in a text, split on whitespace. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word !== "").length;
}

function applyCasing(rng: Rng, parts: string[]): string[] {
  const roll = rng.next();
  if (roll < 0.06) return parts.map((part) => part.toUpperCase());
  if (roll < 0.1) return parts.map((part) => part.toLowerCase());
  if (roll < 0.35) return parts.map((part, index) => (index === 0 ? part.toUpperCase() : part));
  return parts;
}

/**
 * The ad copy of one creative, between {@link minWords} and {@link maxWords} words. Long texts lose
 * middle parts first (the call to action at the end survives, as on a real banner).
 */
export function composeText(ctx: CreativeContext): string {
  const template = ctx.rng.pick(templates);
  const { parts, joiner } = template(ctx);
  let kept = applyCasing(
    ctx.rng,
    parts.filter((part) => part.trim() !== ""),
  );
  while (kept.length > 2 && wordCount(kept.join(joiner)) > maxWords) {
    kept = [...kept.slice(0, -2), ...kept.slice(-1)];
  }
  let text = kept.join(joiner);
  if (wordCount(text) < minWords) text = `${text} ${cta(ctx)} ${ctx.city}`;
  const words = text.split(/(\s+)/);
  if (wordCount(text) > maxWords) {
    // Keep the first maxWords words with their original separators.
    let seen = 0;
    const out: string[] = [];
    for (const token of words) {
      if (token.trim() !== "") seen++;
      if (seen > maxWords) break;
      out.push(token);
    }
    text = out.join("").trimEnd();
  }
  return text;
}
