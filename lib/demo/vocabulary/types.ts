/**
 * The shape of the per-label vocabulary the demo texts are composed from.
 *
 * Each label gets its own advertisers, products or services, selling lines and offers, so that the
 * words that identify a label are spread over many phrasings instead of one fixed template; the
 * shared ad vocabulary (calls to action, cities, disclaimers) is mixed in by the text composer.
 * Strings may contain placeholders filled per creative: `{brand}`, `{model}`, `{city}`, `{price}`,
 * `{pct}` (a discount percentage), `{n}` (a small count) and `{year}`.
 */

/** Whether the label is bought as a product or as a service: generative labels often say so. */
export type LabelKind = "product" | "service";

/** Vocabulary for one label. */
export interface LabelVocabulary {
  /** The label path with ` > ` separators. */
  path: string;
  kind: LabelKind;
  /** GPT-style free-text names for the label, close to but not equal to the path. */
  names: readonly string[];
  /** Advertiser names (shops, dealers, brands, chains). */
  advertisers: readonly string[];
  /** Products or services on offer, as short noun phrases. */
  items: readonly string[];
  /** Selling lines specific to the label. */
  lines: readonly string[];
  /** Offers specific to the label (may hold prices). */
  offers: readonly string[];
  /** Price range in dollars for `{price}`. */
  priceRange: readonly [number, number];
  /**
   * Labels in other top-level branches that a classifier plausibly confuses this one with (shared
   * words: "auto" in Auto Insurance and Auto Repair). Wrong "distant" predictions prefer these.
   */
  confusable?: readonly string[];
  /** The brand for brand-level labels (fills `{brand}`). */
  brand?: string;
  /** Model or product-line names for `{model}`. */
  models?: readonly string[];
}

/** A label the taxonomy lacks: creatives that need a new label. */
export interface MissingLabelVocabulary extends LabelVocabulary {
  /**
   * Existing labels a classifier that does not know this label would predict instead, most likely
   * first: a sibling brand or category, or the parent branch.
   */
  nearest: readonly string[];
}

/** One brand of a brand family. */
export interface BrandSpec {
  name: string;
  models: readonly string[];
  /** Extra GPT-style names specific to the brand. */
  names?: readonly string[];
}

/** Everything a brand-level label shares with its siblings: the parent's vocabulary. */
export type FamilyVocabulary = Omit<LabelVocabulary, "path" | "brand" | "models">;

/**
 * Expands a family vocabulary into one label per brand under `parent`: the brand labels share the
 * parent's words and differ only in brand and model names, which is exactly what makes sibling
 * brands hard to tell apart and a missing brand look like its siblings.
 */
export function brandLabels(
  parent: string,
  family: FamilyVocabulary,
  brands: readonly BrandSpec[],
): LabelVocabulary[] {
  return brands.map((brand) => ({
    ...family,
    path: `${parent} > ${brand.name}`,
    names: [...family.names, ...(brand.names ?? [])],
    brand: brand.name,
    models: brand.models,
  }));
}
