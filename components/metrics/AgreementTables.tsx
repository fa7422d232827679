import type { AgreementCounts } from "@/lib/core/agreement/counts";
import type { AgreementReport } from "@/lib/core/agreement/report";
import { coefficient, percent } from "./format";

function Figure({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3" title={hint}>
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
      <div className="text-xl font-semibold tabular-nums">{value}</div>
    </div>
  );
}

/**
 * The Metrics page's figures: counts, overall agreement (pairwise exact and hierarchical, Cohen's
 * kappa, Krippendorff's alpha), each annotator against the consensus, and the models' accuracy.
 * Rendered on the server from the same report the JSON and CSV exports carry.
 */
export function AgreementTables({
  report,
  counts,
}: {
  report: AgreementReport;
  counts: AgreementCounts;
}) {
  return (
    <div className="space-y-6">
      <section aria-labelledby="counts-heading" className="space-y-2">
        <h2 id="counts-heading" className="text-lg font-semibold">
          Counts
        </h2>
        <div
          className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6"
          data-testid="metrics-counts"
        >
          <Figure
            label="Decided"
            value={String(counts.decided)}
            hint="Creatives with a current decision"
          />
          <Figure
            label="Decisions"
            value={String(counts.decisions)}
            hint="Current decisions, reviews included"
          />
          <Figure
            label="Overlap items"
            value={String(counts.overlapItems)}
            hint="Items of the latest run's queue that need several annotators"
          />
          <Figure
            label="Overlap done"
            value={String(counts.overlapComplete)}
            hint="Overlap items with all their annotators"
          />
          <Figure
            label="In review"
            value={String(counts.inReview)}
            hint="Disagreements waiting for an admin"
          />
          <Figure
            label="Settled"
            value={String(counts.settled)}
            hint="Disagreements an admin settled"
          />
        </div>
      </section>

      <section aria-labelledby="agreement-heading" className="space-y-2">
        <h2 id="agreement-heading" className="text-lg font-semibold">
          Agreement between annotators
        </h2>
        <p className="max-w-3xl text-sm text-slate-600">
          Over {report.overlapUnits} creatives labelled by two or more annotators (
          {report.pairwise.pairs} pairs of labels). Hierarchical agreement gives partial credit for
          a shared branch (the shared depth over the deeper label&apos;s depth); kappa and alpha
          correct for chance agreement (1 is perfect, 0 is chance).
        </p>
        <div
          className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5"
          data-testid="metrics-agreement"
        >
          <Figure
            label="Exact"
            value={percent(report.pairwise.exact)}
            hint="Pairs of labels that are identical"
          />
          <Figure
            label="Hierarchical"
            value={percent(report.pairwise.hierarchical)}
            hint="Mean credit per pair: 1 same label, shared depth / max depth otherwise"
          />
          <Figure
            label="Cohen's kappa"
            value={coefficient(report.kappa.mean)}
            hint="Mean over pairs of annotators who shared creatives"
          />
          <Figure
            label="Alpha (nominal)"
            value={coefficient(report.alpha.nominal)}
            hint="Krippendorff's alpha, every different label equally wrong"
          />
          <Figure
            label="Alpha (hierarchical)"
            value={coefficient(report.alpha.hierarchical)}
            hint="Krippendorff's alpha with distance 1 - hierarchical credit"
          />
        </div>
      </section>

      <section aria-labelledby="annotators-heading" className="space-y-2">
        <h2 id="annotators-heading" className="text-lg font-semibold">
          Each annotator against the consensus
        </h2>
        <p className="max-w-3xl text-sm text-slate-600">
          The consensus is the settled label where an admin reviewed, else the label most annotators
          chose; ties wait for review and are not counted.
        </p>
        {report.annotators.length === 0 ? (
          <p className="text-sm text-slate-500">No decisions yet.</p>
        ) : (
          <table className="w-full max-w-4xl text-sm" data-testid="metrics-annotators">
            <thead className="text-left text-slate-500">
              <tr>
                <th className="py-1 pr-4 font-medium">Annotator</th>
                <th className="py-1 pr-4 text-right font-medium">Labelled</th>
                <th className="py-1 pr-4 text-right font-medium">Compared</th>
                <th className="py-1 pr-4 text-right font-medium">Exact</th>
                <th className="py-1 pr-4 text-right font-medium">Hierarchical</th>
                <th className="py-1 text-right font-medium">Kappa (mean)</th>
              </tr>
            </thead>
            <tbody className="tabular-nums">
              {report.annotators.map((a) => (
                <tr key={a.annotator} className="border-t border-slate-100">
                  <td className="py-1 pr-4">{a.annotator}</td>
                  <td className="py-1 pr-4 text-right">{a.units}</td>
                  <td className="py-1 pr-4 text-right">{a.compared}</td>
                  <td className="py-1 pr-4 text-right">{percent(a.exact)}</td>
                  <td className="py-1 pr-4 text-right">{percent(a.hierarchical)}</td>
                  <td className="py-1 text-right">{coefficient(a.kappa)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="models-heading" className="space-y-2">
        <h2 id="models-heading" className="text-lg font-semibold">
          Models against the annotators
        </h2>
        <p className="max-w-3xl text-sm text-slate-600">
          Accuracy against each decided creative&apos;s reference label (settled, consensus, or the
          single annotator&apos;s). A generative label that names no taxonomy label counts as wrong.
        </p>
        <table className="w-full max-w-3xl text-sm" data-testid="metrics-models">
          <thead className="text-left text-slate-500">
            <tr>
              <th className="py-1 pr-4 font-medium">Model</th>
              <th className="py-1 pr-4 text-right font-medium">Creatives</th>
              <th className="py-1 pr-4 text-right font-medium">With a label</th>
              <th className="py-1 pr-4 text-right font-medium">Exact</th>
              <th className="py-1 text-right font-medium">Hierarchical</th>
            </tr>
          </thead>
          <tbody className="tabular-nums">
            {report.models.map((m) => (
              <tr key={m.source} className="border-t border-slate-100">
                <td className="py-1 pr-4">
                  {m.source === "classifier" ? "Classifier" : "Generative model"}
                </td>
                <td className="py-1 pr-4 text-right">{m.units}</td>
                <td className="py-1 pr-4 text-right">{m.covered}</td>
                <td className="py-1 pr-4 text-right">{percent(m.exact)}</td>
                <td className="py-1 text-right">{percent(m.hierarchical)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
