import Link from "next/link";
import { AgreementTables } from "@/components/metrics/AgreementTables";
import { OverlapForm } from "@/components/metrics/OverlapForm";
import { can } from "@/lib/core/auth/roles";
import { requirePage } from "@/lib/server/auth/pageAccess";
import { getAgreementMetrics } from "@/lib/server/data/agreement";
import { chooseDataset, listDatasets } from "@/lib/server/data/creatives";
import { getDatabase } from "@/lib/server/db";
import { DatasetNav } from "@/components/data/DatasetNav";

export const dynamic = "force-dynamic";

/**
 * How well annotators agree with each other and with the consensus, how the models fare against
 * them, and the overlap setting that produces the data for it; the figures export as JSON or CSV.
 */
export default async function MetricsPage({
  searchParams,
}: {
  searchParams: Promise<{ dataset?: string }>;
}) {
  const actor = await requirePage("analyze", "/metrics");
  const params = await searchParams;
  const { db } = await getDatabase();
  const datasets = await listDatasets(db);
  const dataset = chooseDataset(datasets, params.dataset);
  const metrics = dataset
    ? await getAgreementMetrics(db, { id: dataset.id, taxonomyId: dataset.taxonomyId })
    : null;
  const exportHref = (format: "json" | "csv") =>
    `/api/metrics?dataset=${encodeURIComponent(dataset?.name ?? "")}&format=${format}`;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Metrics</h1>
        {dataset && (
          <div className="flex gap-2 text-sm">
            <a
              href={exportHref("csv")}
              className="rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-100"
              download
            >
              Export CSV
            </a>
            <a
              href={exportHref("json")}
              className="rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-100"
              download
            >
              Export JSON
            </a>
          </div>
        )}
      </div>
      {datasets.length > 1 && (
        <DatasetNav datasets={datasets} currentId={dataset?.id} path="/metrics" />
      )}
      {dataset && metrics ? (
        <>
          <OverlapForm
            key={dataset.name}
            dataset={dataset.name}
            initial={metrics.overlap}
            canEdit={can(actor.role, "curate")}
          />
          {metrics.counts.inReview > 0 && can(actor.role, "review") && (
            <p className="text-sm">
              <Link
                href={`/review?dataset=${encodeURIComponent(dataset.name)}`}
                className="font-medium underline"
              >
                {metrics.counts.inReview} disagreement{metrics.counts.inReview === 1 ? "" : "s"}{" "}
                waiting for review
              </Link>
            </p>
          )}
          <AgreementTables report={metrics.report} counts={metrics.counts} />
        </>
      ) : (
        <p className="text-sm text-slate-500">No dataset yet.</p>
      )}
    </div>
  );
}
