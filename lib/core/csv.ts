/**
 * One CSV row per RFC 4180: fields with a comma, quote or line break are quoted and inner quotes
 * doubled, so `datasets.load_dataset("csv", ...)` and spreadsheet tools read the text back exactly.
 */
export function csvRow(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(",")}\n`;
}

function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
