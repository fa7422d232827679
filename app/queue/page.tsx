import Link from "next/link";
import { NothingImported } from "@/components/NothingImported";
import { WorkbenchShell } from "@/components/workbench/WorkbenchShell";
import { chooseDataset, listDatasets } from "@/lib/server/data/creatives";
import { getDatabase } from "@/lib/server/db";
import { requirePage } from "@/lib/server/auth/pageAccess";
import { DatasetNav } from "@/components/data/DatasetNav";

export const dynamic = "force-dynamic";

/** The annotation queue of a dataset (the demo's by default). */
export default async function QueuePage({
  searchParams,
}: {
  searchParams: Promise<{ dataset?: string }>;
}) {
  const actor = await requirePage("annotate", "/queue");
  const params = await searchParams;
  const { db } = await getDatabase();
  const datasets = await listDatasets(db);
  const dataset = chooseDataset(datasets, params.dataset);
  if (!dataset) {
    return <NothingImported title="Queue" what="creatives" />;
  }
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-4">
        <h1 className="text-2xl font-semibold">Queue</h1>
        <DatasetNav datasets={datasets} currentId={dataset.id} path="/queue" />
        <Link
          href={`/creatives?dataset=${encodeURIComponent(dataset.name)}`}
          className="ml-auto text-sm underline"
        >
          All creatives
        </Link>
      </div>
      <WorkbenchShell
        dataset={dataset.name}
        taxonomyId={dataset.taxonomyId}
        annotator={actor.username}
      />
    </div>
  );
}
