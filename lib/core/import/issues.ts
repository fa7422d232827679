/**
 * What is wrong with an input and exactly where: every import error names the file, the line and,
 * where it applies, the field, so a user can fix the file without guessing.
 */
export interface ImportIssue {
  file: string;
  /** 1-based line in the file; 0 for problems with the file as a whole. */
  line: number;
  field?: string;
  message: string;
}

/** Formats an issue as one line: `creatives.csv line 12, field predicted_score: must be ...`. */
export function describeIssue(issue: ImportIssue): string {
  const where = issue.line > 0 ? `${issue.file} line ${issue.line}` : issue.file;
  return issue.field
    ? `${where}, field ${issue.field}: ${issue.message}`
    : `${where}: ${issue.message}`;
}

/** Thrown when an import is refused; carries every issue found (up to a cap). */
export class ImportRejectedError extends Error {
  constructor(readonly issues: ImportIssue[]) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super(first ? `${describeIssue(first)}${more}` : "The import was rejected");
    this.name = "ImportRejectedError";
  }
}

/** The most issues an import keeps: enough to fix a file, bounded so a broken file can't flood memory. */
export const maxReportedIssues = 1000;
