/**
 * Label paths: the list of names from a taxonomy's root down to a label. Storage and comparison
 * use the segments; the separator (` > ` in IAB files, `/` in many companies' own taxonomies) only
 * matters when a path is read from or written for people.
 */
export type LabelPath = readonly string[];

export const defaultSeparator = " > ";

/** Separators tried, in order, when a label string's separator is not known. */
export const knownSeparators = [" > ", "/", ">"] as const;

/** Trims a segment and collapses inner whitespace, so `Auto  Repair ` and `Auto Repair` match. */
export function normalizeSegment(segment: string): string {
  return segment.replace(/\s+/g, " ").trim();
}

/** Splits a label string on one separator; empty segments (`a//b`, a trailing `/`) are dropped. */
export function splitLabelPath(value: string, separator: string): string[] {
  const trimmedSeparator = separator.trim() === "" ? separator : separator.trim();
  return value
    .split(trimmedSeparator)
    .map(normalizeSegment)
    .filter((segment) => segment.length > 0);
}

export function formatLabelPath(path: LabelPath, separator: string = defaultSeparator): string {
  return path.join(separator);
}

/**
 * A case-insensitive key for looking a path up. Segments are joined with a control character that
 * cannot occur in a name, so `a/b` as one segment never collides with `a` then `b`.
 */
export function labelPathKey(path: LabelPath): string {
  return path.map((segment) => normalizeSegment(segment).toLowerCase()).join("\u001f");
}

/**
 * The ways a label string can be read as a path, most likely first: the preferred separator, then
 * the others, then the whole string as one segment. IAB names contain `/` themselves
 * (`Sports/Energy Drinks`), so callers resolve each candidate against the taxonomy instead of
 * trusting one split.
 */
export function candidateLabelPaths(value: string, preferredSeparator?: string): string[][] {
  const separators = [
    ...(preferredSeparator ? [preferredSeparator] : []),
    ...knownSeparators.filter((s) => s !== preferredSeparator),
  ];
  const seen = new Set<string>();
  const candidates: string[][] = [];
  for (const separator of [...separators, "\u0000"]) {
    const path = splitLabelPath(value, separator);
    const key = labelPathKey(path);
    if (path.length > 0 && !seen.has(key)) {
      seen.add(key);
      candidates.push(path);
    }
  }
  return candidates;
}

/** Every proper ancestor of a path, root first: `[a]`, `[a, b]` for `[a, b, c]`. */
export function ancestorPaths(path: LabelPath): string[][] {
  const ancestors: string[][] = [];
  for (let depth = 1; depth < path.length; depth++) ancestors.push(path.slice(0, depth));
  return ancestors;
}

/** True when `ancestor` is `path` itself or one of its ancestors. */
export function isPrefixPath(ancestor: LabelPath, path: LabelPath): boolean {
  if (ancestor.length > path.length) return false;
  return ancestor.every((segment, i) => segment.toLowerCase() === path[i]?.toLowerCase());
}
