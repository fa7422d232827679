import { DetectorRunPanel } from "@/components/detector/DetectorRunPanel";
import { ThresholdEditor } from "@/components/detector/ThresholdEditor";
import { VersionPrecisionTable } from "@/components/detector/VersionPrecisionTable";
import { RetrainProposalBanner } from "@/components/training/RetrainProposalBanner";
import { parseAdaptedModelVersion } from "@/lib/core/adaptation/versions";
import { chooseDataset, listDatasets } from "@/lib/server/data/creatives";
import { retrainProposal } from "@/lib/server/data/modelVersions";
import { describeLatestDetectorRun } from "@/lib/server/data/queueItems";
import { countClearedFlags, detectorPrecisionByVersion } from "@/lib/server/data/versionRuns";
import { getDatabase } from "@/lib/server/db";
import { requirePage } from "@/lib/server/auth/pageAccess";

export const dynamic = "force-dynamic";

/** Analysts tune the detector: the similarity threshold against what annotators confirmed. */
export default async function DetectorPage({
  searchParams,
}: {
  searchParams: Promise<{ dataset?: string }>;
}) {
  await requirePage("analyze", "/detector");
  const params = await searchParams;
  const { db } = await getDatabase();
  const datasets = await listDatasets(db);
  const dataset = chooseDataset(datasets, params.dataset);
  const lastRun = dataset ? await describeLatestDetectorRun(db, dataset.id) : null;
  const runs = dataset ? await detectorPrecisionByVersion(db, dataset.id) : [];
  const cleared =
    dataset && lastRun && parseAdaptedModelVersion(lastRun.modelVersion)
      ? await countClearedFlags(db, {
          datasetId: dataset.id,
          modelId: lastRun.modelId,
          modelVersion: lastRun.modelVersion,
        })
      : null;
  // Proposed for the base model of the space the queue follows (a version trains its base again).
  const base = lastRun
    ? {
        modelId: lastRun.modelId,
        modelVersion:
          parseAdaptedModelVersion(lastRun.modelVersion)?.baseModelVersion ?? lastRun.modelVersion,
      }
    : null;
  const proposal =
    dataset && base ? await retrainProposal(db, dataset.id, base.modelId, base.modelVersion) : null;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Detector</h1>
      <p className="max-w-3xl text-sm text-slate-600">
        How similar each creative&apos;s text is to its predicted label, split by what annotators
        decided. Creatives below the threshold join the queue as probably wrong-labelled, in
        addition to the detector&apos;s own flags. Drag the line to see how many it would flag and
        how precise that would have been.
      </p>
      {dataset ? (
        <>
          {proposal?.due ? (
            <div className="space-y-1">
              <RetrainProposalBanner proposal={proposal} />
              <a className="text-sm text-sky-700 underline" href="/settings">
                Train a round on Settings
              </a>
            </div>
          ) : null}
          <DetectorRunPanel dataset={dataset.name} lastRun={lastRun} />
          <VersionPrecisionTable runs={runs} followed={lastRun} cleared={cleared} />
          <ThresholdEditor dataset={dataset.name} />
        </>
      ) : (
        <p className="text-sm text-slate-500">No dataset yet.</p>
      )}
    </div>
  );
}
