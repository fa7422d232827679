import { ReviewCard } from "@/components/review/ReviewCard";
import { requirePage } from "@/lib/server/auth/pageAccess";
import { chooseDataset, listDatasets } from "@/lib/server/data/creatives";
import { latestDetectorRun } from "@/lib/server/data/queueItems";
import { listReviewItems } from "@/lib/server/data/reviews";
import { getDatabase } from "@/lib/server/db";
import { DatasetNav } from "@/components/data/DatasetNav";

export const dynamic = "force-dynamic";

/** How many disagreements the page shows at once; settling one reloads the list. */
const pageSize = 20;

/**
 * The review queue: overlap items whose annotators disagree, least certain first, for an admin
 * to settle. The settled label becomes the creative's label and the overruled decisions stop
 * counting as training data.
 */
export default async function ReviewPage({
  searchParams,
}: {
  searchParams: Promise<{ dataset?: string }>;
}) {
  await requirePage("review", "/review");
  const params = await searchParams;
  const { db } = await getDatabase();
  const datasets = await listDatasets(db);
  const dataset = chooseDataset(datasets, params.dataset);
  const run = dataset ? await latestDetectorRun(db, dataset.id) : null;
  const review =
    dataset && run
      ? await listReviewItems(db, { datasetId: dataset.id, ...run, limit: pageSize })
      : { items: [], total: 0 };
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Review</h1>
      <p className="max-w-3xl text-sm text-slate-600">
        Items that went to several annotators who disagreed. Your decision settles each one: it
        becomes the creative&apos;s label and the training data, and the overruled labels stay on
        record for the agreement figures.
      </p>
      {datasets.length > 1 && (
        <DatasetNav datasets={datasets} currentId={dataset?.id} path="/review" />
      )}
      {!dataset ? (
        <p className="text-sm text-slate-500">No dataset yet.</p>
      ) : review.total === 0 ? (
        <p className="text-sm text-slate-500" data-testid="review-empty">
          Nothing to review: no disagreements waiting.
        </p>
      ) : (
        <>
          <p className="text-sm text-slate-600" data-testid="review-total">
            {review.total} waiting
            {review.total > pageSize ? `; the first ${pageSize} are shown` : ""}.
          </p>
          <div className="space-y-4">
            {review.items.map((item) => (
              <ReviewCard key={item.creativeId} dataset={dataset.name} item={item} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
