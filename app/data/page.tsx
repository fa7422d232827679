import { ExportPanel } from "@/components/data/ExportPanel";
import { ActiveModelEmbeddingJob } from "@/components/embedding/ActiveModelEmbeddingJob";
import { ImportPanel } from "@/components/data/ImportPanel";
import { ImportHistory } from "@/components/data/ImportHistory";
import { OcrJob } from "@/components/images/OcrJob";
import { listDatasets } from "@/lib/server/data/creatives";
import { listImports } from "@/lib/server/data/imports";
import { listTaxonomies } from "@/lib/server/data/taxonomies";
import { getDatabase } from "@/lib/server/db";
import { requirePage } from "@/lib/server/auth/pageAccess";
import { can } from "@/lib/core/auth/roles";

export const dynamic = "force-dynamic";

/** Datasets and taxonomies with their counts, the import form, and the import history with errors. */
export default async function DataPage() {
  const actor = await requirePage("analyze", "/data");
  const curates = can(actor.role, "curate");
  const { db, description } = await getDatabase();
  const [datasets, taxonomies, history] = await Promise.all([
    listDatasets(db),
    listTaxonomies(db),
    listImports(db, 20),
  ]);
  return (
    <div className="space-y-8">
      <section>
        <h1 className="text-2xl font-semibold">Data</h1>
        <p className="text-sm text-slate-500">Stored in the {description}.</p>
      </section>
      <section className="grid gap-4 md:grid-cols-2">
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="mb-3 font-medium">Datasets</h2>
          {datasets.length === 0 ? (
            <p className="text-sm text-slate-500">No creatives yet: import a CSV or JSONL file.</p>
          ) : (
            <table className="w-full text-sm" data-testid="datasets">
              <thead className="text-left text-slate-500">
                <tr>
                  <th className="py-1">Name</th>
                  <th>Creatives</th>
                  <th>With image</th>
                  <th>Predicted</th>
                  <th>Decided</th>
                </tr>
              </thead>
              <tbody>
                {datasets.map((d) => (
                  <tr
                    key={d.id}
                    className="border-t border-slate-100"
                    data-testid={`dataset-${d.name}`}
                  >
                    <td className="py-1">
                      {d.name}
                      {d.isSynthetic && (
                        <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800">
                          synthetic
                        </span>
                      )}
                      <div className="text-xs text-slate-500">{d.taxonomyName}</div>
                    </td>
                    <td data-testid="creative-count">{d.creativeCount.toLocaleString("en")}</td>
                    <td>{d.withImageCount.toLocaleString("en")}</td>
                    <td>{d.withPredictionCount.toLocaleString("en")}</td>
                    <td>{d.decidedCount.toLocaleString("en")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="mb-3 font-medium">Taxonomies</h2>
          {taxonomies.length === 0 ? (
            <p className="text-sm text-slate-500">
              No taxonomy yet: import an IAB TSV or a list of label paths.
            </p>
          ) : (
            <table className="w-full text-sm" data-testid="taxonomies">
              <thead className="text-left text-slate-500">
                <tr>
                  <th className="py-1">Name</th>
                  <th>Labels</th>
                  <th>Proposed</th>
                </tr>
              </thead>
              <tbody>
                {taxonomies.map((t) => (
                  <tr
                    key={t.id}
                    className="border-t border-slate-100"
                    data-testid={`taxonomy-${t.name}`}
                  >
                    <td className="py-1">{t.name}</td>
                    <td data-testid="label-count">{t.labelCount.toLocaleString("en")}</td>
                    <td>{t.proposedCount.toLocaleString("en")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </section>
      <ActiveModelEmbeddingJob
        datasets={datasets.map((d) => ({
          name: d.name,
          creativeCount: d.creativeCount,
          taxonomyName: d.taxonomyName,
        }))}
      />
      {/* Reading text off images and importing change what everyone works on: admins only. */}
      {curates && (
        <OcrJob
          datasets={datasets.map((d) => ({ name: d.name, withImageCount: d.withImageCount }))}
        />
      )}
      {curates && (
        <ImportPanel
          datasets={datasets.map((d) => ({ name: d.name, taxonomyName: d.taxonomyName }))}
          taxonomies={taxonomies.map((t) => t.name)}
        />
      )}
      <ExportPanel datasets={datasets.map((d) => d.name)} />
      <ImportHistory
        imports={history.map((h) => ({
          id: h.id,
          kind: h.kind,
          fileName: h.fileName,
          target: h.target,
          status: h.status,
          rowsRead: h.rowsRead,
          rowsWritten: h.rowsWritten,
          rowsUnchanged: h.rowsUnchanged,
          rowsRejected: h.rowsRejected,
          errors: h.errors,
          finishedAt: h.finishedAt.toISOString(),
        }))}
      />
    </div>
  );
}
