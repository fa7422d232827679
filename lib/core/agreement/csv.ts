import { csvRow } from "../csv";
import type { AgreementReport } from "./report";

/** Extra counts exported beside the agreement figures. */
export type MetricCounts = Record<string, number>;

/**
 * The Metrics page's figures as long-format CSV (section, subject, metric, value), one figure a
 * line, so a spreadsheet can pivot it however the analyst likes and new figures never shift columns.
 */
export function metricsCsv(report: AgreementReport, counts: MetricCounts): string {
  const lines = [csvRow(["section", "subject", "metric", "value"])];
  const add = (section: string, subject: string, metric: string, value: number | null) =>
    lines.push(csvRow([section, subject, metric, value === null ? "" : String(value)]));
  for (const [name, value] of Object.entries(counts)) add("counts", "all", name, value);
  add("counts", "all", "overlap_units_decided", report.overlapUnits);
  add("agreement", "all", "pairs", report.pairwise.pairs);
  add("agreement", "all", "pairwise_exact", report.pairwise.exact);
  add("agreement", "all", "pairwise_hierarchical", report.pairwise.hierarchical);
  add("agreement", "all", "cohen_kappa_mean", report.kappa.mean);
  add("agreement", "all", "krippendorff_alpha_nominal", report.alpha.nominal);
  add("agreement", "all", "krippendorff_alpha_hierarchical", report.alpha.hierarchical);
  for (const p of report.kappa.pairs) {
    const subject = p.annotators.join(" & ");
    add("pair", subject, "units", p.units);
    add("pair", subject, "cohen_kappa", p.kappa);
  }
  for (const a of report.annotators) {
    add("annotator", a.annotator, "units", a.units);
    add("annotator", a.annotator, "compared", a.compared);
    add("annotator", a.annotator, "consensus_exact", a.exact);
    add("annotator", a.annotator, "consensus_hierarchical", a.hierarchical);
    add("annotator", a.annotator, "cohen_kappa_mean", a.kappa);
  }
  for (const m of report.models) {
    add("model", m.source, "units", m.units);
    add("model", m.source, "covered", m.covered);
    add("model", m.source, "accuracy_exact", m.exact);
    add("model", m.source, "accuracy_hierarchical", m.hierarchical);
  }
  return lines.join("");
}
