import { EmbeddingSettings } from "@/components/embedding/EmbeddingSettings";
import { GenerativePanel } from "@/components/generative/GenerativePanel";
import { TrainingPanel } from "@/components/training/TrainingPanel";
import { can } from "@/lib/core/auth/roles";
import { listDatasets } from "@/lib/server/data/creatives";
import { getDatabase } from "@/lib/server/db";
import { requirePage } from "@/lib/server/auth/pageAccess";

export const dynamic = "force-dynamic";

/**
 * Embedding models: which one is active, where it runs, and the job that embeds a dataset; then
 * the versions trained from decisions, and the round that trains the next one; for admins, the
 * generative label provider and its job.
 */
export default async function SettingsPage() {
  const actor = await requirePage("compute", "/settings");
  const { db } = await getDatabase();
  const datasets = await listDatasets(db);
  return (
    <div className="space-y-6">
      <section>
        <h1 className="text-2xl font-semibold">Settings</h1>
        <p className="text-sm text-slate-500">
          Embedding models run in this browser, in a background worker; vectors are stored on the
          server.
        </p>
      </section>
      <EmbeddingSettings
        datasets={datasets.map((d) => ({
          name: d.name,
          creativeCount: d.creativeCount,
          taxonomyName: d.taxonomyName,
        }))}
      />
      <TrainingPanel
        datasets={datasets.map((d) => ({ name: d.name }))}
        canCurate={can(actor.role, "curate")}
      />
      {can(actor.role, "curate") && (
        <GenerativePanel datasets={datasets.map((d) => ({ name: d.name }))} />
      )}
    </div>
  );
}
