import "server-only";

/** A value of one COPY column: text, a number, or SQL NULL. */
export type CopyValue = string | number | null | undefined;

const needsEscape = /[\\\t\n\r]/;
const escapable = /[\\\t\n\r]/g;
const escapes: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/**
 * One row in PostgreSQL's COPY text format: tab-separated, `\N` for NULL, and backslash, tab and
 * line breaks escaped, so any creative text (quotes, commas, newlines) arrives byte for byte. Both
 * engines read this format, which lets the import stage rows the same way on each.
 */
export function copyTextRow(values: readonly CopyValue[]): string {
  let row = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) row += "\t";
    const value = values[i];
    if (value === null || value === undefined) row += "\\N";
    else if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new RangeError(`cannot copy the number ${value}`);
      row += String(value);
    } else row += needsEscape.test(value) ? value.replace(escapable, (c) => escapes[c]!) : value;
  }
  return `${row}\n`;
}
