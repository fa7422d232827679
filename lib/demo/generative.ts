/**
 * GPT-style free-text labels: what a generative model writes when asked "what is this ad for?".
 *
 * They are close to a taxonomy label without matching it: other separators (`/`), synonyms
 * (`Cars` for `Vehicles`, `&` for `and`), levels dropped or reordered, a `Product/` or `Service/`
 * prefix, the label's own handwritten names (`Product/Vehicles & Cars/{brand}`). Matching them to
 * the taxonomy is part of the product's job, so they must never be trivially equal to a path.
 */
import type { Rng } from "./prng";
import { splitPath } from "./taxonomy";
import type { LabelVocabulary } from "./vocabulary/types";

const synonyms: ReadonlyArray<readonly [RegExp, string]> = [
  [/^Vehicles$/, "Cars"],
  [/^Automotive Services$/, "Auto Service"],
  [/^Automotive Ownership$/, "Car Buying"],
  [/^Consumer Electronics$/, "Electronics"],
  [/^Finance and Insurance$/, "Finance"],
  [/^Food and Beverage Services$/, "Food & Drink"],
  [/^Travel and Tourism$/, "Travel"],
  [/^Health and Medical Services$/, "Healthcare"],
  [/^Home and Garden Services$/, "Home Services"],
  [/^Clothing and Accessories$/, "Apparel"],
  [/^Consumer Packaged Goods$/, "CPG"],
  [/^Education and Careers$/, "Education"],
  [/^Personal\/Consumer Telecom$/, "Telecom"],
  [/ and /g, " & "],
];

function synonym(level: string): string {
  return synonyms.reduce(
    (text, [pattern, replacement]) => text.replace(pattern, replacement),
    level,
  );
}

/**
 * A GPT-style label for `labelPath`, using the label's vocabulary when there is one. `brand` fills
 * `{brand}` in handwritten names.
 */
export function generativeLabel(rng: Rng, labelPath: string, vocabulary?: LabelVocabulary): string {
  const levels = splitPath(labelPath);
  const leaf = levels[levels.length - 1] ?? labelPath;
  const kind = vocabulary?.kind === "product" ? "Product" : "Service";
  const roll = rng.next();
  let label: string;
  if (vocabulary && roll < 0.45) {
    label = rng.pick(vocabulary.names).replace(/\{brand\}/g, vocabulary.brand ?? leaf);
  } else if (roll < 0.6) {
    label = [kind, ...levels.slice(levels.length > 3 ? 1 : 0)].join("/");
  } else if (roll < 0.74) {
    const first = levels[0] ?? leaf;
    label = levels.length > 1 ? `${synonym(first)}${rng.pick(["/", " > ", " - "])}${leaf}` : first;
  } else if (roll < 0.86) {
    label = levels.map(synonym).join(rng.pick(["/", " > ", " / "]));
  } else if (roll < 0.94) {
    const parent = levels[levels.length - 2];
    label = parent ? `${leaf} (${synonym(parent)})` : leaf;
  } else {
    label = levels.slice(-2).join("/").toLowerCase();
  }
  // Never hand out an exact taxonomy path: swap the separators if it came out as one.
  if (label === labelPath) label = levels.join("/");
  return label;
}
