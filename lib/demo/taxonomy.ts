/**
 * The label set the demo data is drawn against: the IAB Tech Lab Ad Product Taxonomy 2.0 plus a
 * small extension file with brand-level labels.
 *
 * This is a deliberately small, self-contained reader (label paths as strings joined with ` > `),
 * not the product's taxonomy model: the generator must run from a fresh clone with nothing but the
 * committed files, and its only questions are "does this path exist", "what is its parent" and
 * "which labels are siblings".
 */

/** Separator between the levels of a label path, as in `Vehicles > Automotive Services`. */
export const pathSeparator = " > ";

/** The levels of a label path. */
export function splitPath(labelPath: string): string[] {
  return labelPath.split(pathSeparator);
}

/** The parent path, or `null` for a top-level label. */
export function parentOf(labelPath: string): string | null {
  const levels = splitPath(labelPath);
  return levels.length > 1 ? levels.slice(0, -1).join(pathSeparator) : null;
}

/** The first level (IAB "Tier 1") of a label path. */
export function topLevelOf(labelPath: string): string {
  return splitPath(labelPath)[0] ?? labelPath;
}

/**
 * A wrong label is a *sibling* of the true one when both share the same parent: the confusion a
 * classifier makes between neighbouring leaves (`Auto Repair > Honda` for `Auto Repair > Toyota`).
 */
export function isSibling(a: string, b: string): boolean {
  const parent = parentOf(a);
  return a !== b && parent !== null && parent === parentOf(b);
}

/**
 * A wrong label is *distant* when it lies in another top-level branch (`Finance and Insurance > ...`
 * for `Vehicles > ...`); the labels then share no ancestor at all.
 */
export function isDistant(a: string, b: string): boolean {
  return topLevelOf(a) !== topLevelOf(b);
}

/**
 * Reads the IAB Ad Product Taxonomy 2.0 TSV (columns Unique ID, Parent ID, Name, Tier 1, Tier 2,
 * Tier 3; CRLF line endings) into label paths in file order.
 *
 * The path is built from the Tier columns, not by following Parent ID: the Name column has a few
 * spellings that differ from the Tier columns (`Video Games ` with a trailing space, `Personal/
 * Consumer Telcom`), and row 1000 "Ad Safety Risk" names itself as its parent.
 */
export function parseIabTaxonomy(tsv: string): string[] {
  const lines = tsv.split(/\r?\n/);
  const header = lines[0]?.split("\t").map((cell) => cell.trim());
  if (!header || header[3] !== "Tier 1" || header[5] !== "Tier 3") {
    throw new Error("Not the IAB Ad Product Taxonomy 2.0 TSV: expected Tier 1..3 in columns 4-6");
  }
  const paths: string[] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === "") return;
    const cells = line.split("\t");
    const tiers = cells
      .slice(3, 6)
      .map((cell) => cell.trim())
      .filter((cell) => cell !== "");
    if (tiers.length === 0) throw new Error(`IAB row ${index + 2}: no Tier names`);
    const labelPath = tiers.join(pathSeparator);
    if (seen.has(labelPath)) throw new Error(`IAB row ${index + 2}: duplicate path ${labelPath}`);
    seen.add(labelPath);
    paths.push(labelPath);
  });
  return paths;
}

/**
 * Reads an extension file: one label path per line with ` > ` separators; blank lines and lines
 * starting with `#` are ignored. Every path's parent must already exist in `base` or on an earlier
 * line, because an extension only adds levels below existing labels.
 */
export function parseExtension(text: string, base: Iterable<string>): string[] {
  const known = new Set(base);
  const added: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const parent = parentOf(line);
    if (parent === null || !known.has(parent)) {
      throw new Error(`extension line ${index + 1}: parent of "${line}" is not an existing label`);
    }
    if (known.has(line)) throw new Error(`extension line ${index + 1}: "${line}" already exists`);
    known.add(line);
    added.push(line);
  });
  return added;
}

/** A label set with the lookups the generator and its checks need. */
export interface LabelSet {
  /** Every label path, IAB first, then the extension, in file order. */
  readonly paths: readonly string[];
  has(labelPath: string): boolean;
  /** Existing labels with the same parent, excluding the label itself. */
  siblingsOf(labelPath: string): string[];
  /** True when no label has this one as its parent. */
  isLeaf(labelPath: string): boolean;
}

/** Builds a {@link LabelSet} from label paths. */
export function createLabelSet(paths: readonly string[]): LabelSet {
  const all = new Set(paths);
  const children = new Map<string, string[]>();
  for (const labelPath of paths) {
    const parent = parentOf(labelPath) ?? "";
    const list = children.get(parent) ?? [];
    list.push(labelPath);
    children.set(parent, list);
  }
  return {
    paths,
    has: (labelPath) => all.has(labelPath),
    siblingsOf: (labelPath) =>
      (children.get(parentOf(labelPath) ?? "") ?? []).filter((other) => other !== labelPath),
    isLeaf: (labelPath) => !children.has(labelPath),
  };
}
