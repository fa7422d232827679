import Link from "next/link";
import { NothingImported } from "@/components/NothingImported";
import { CreativeTable } from "@/components/creatives/CreativeTable";
import { chooseDataset, listCreativePage, listDatasets } from "@/lib/server/data/creatives";
import { getDatabase } from "@/lib/server/db";
import { requirePage } from "@/lib/server/auth/pageAccess";

export const dynamic = "force-dynamic";

const pageSize = 50;

/**
 * Every creative of a dataset with its classifier and generative labels, searchable; the
 * Queue page shows only the flagged ones, one at a time.
 */
export default async function CreativesPage({
  searchParams,
}: {
  searchParams: Promise<{ dataset?: string; page?: string; q?: string }>;
}) {
  await requirePage("read", "/creatives");
  const params = await searchParams;
  const { db } = await getDatabase();
  const datasets = await listDatasets(db);
  const dataset = chooseDataset(datasets, params.dataset);
  if (!dataset) {
    return <NothingImported title="Creatives" what="creatives" />;
  }
  const page = Math.max(1, Math.floor(Number(params.page) || 1));
  const search = (params.q ?? "").slice(0, 200);
  const { total, moreThanTotal, items } = await listCreativePage(db, dataset.id, {
    limit: pageSize,
    offset: (page - 1) * pageSize,
    search,
  });
  // Past the search's count cap the page count is a lower bound ("200+"), and paging goes on.
  const pages = Math.max(1, Math.ceil(total / pageSize), moreThanTotal ? page : 1);
  const link = (p: number) =>
    `/creatives?${new URLSearchParams({ dataset: dataset.name, page: String(p), ...(search ? { q: search } : {}) })}`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-4">
        <h1 className="text-2xl font-semibold">Creatives</h1>
        <span className="text-sm text-slate-500">
          {dataset.name}
          {dataset.isSynthetic && " (synthetic demo creatives)"}:{" "}
          {dataset.creativeCount.toLocaleString("en")} creatives
        </span>
      </div>
      <form className="flex gap-2" action="/creatives">
        <input type="hidden" name="dataset" value={dataset.name} />
        <input
          type="search"
          name="q"
          defaultValue={search}
          placeholder="Search text or id"
          className="w-full max-w-md rounded border border-slate-300 px-3 py-1.5 text-sm"
          data-testid="creative-search"
          aria-label="Search creatives"
        />
        <button className="rounded border border-slate-300 px-3 text-sm" type="submit">
          Search
        </button>
      </form>
      <CreativeTable items={items} />
      <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
        {page > 1 && <Link href={link(page - 1)}>← Previous</Link>}
        <span data-testid="creative-page">
          Page {page} of {pages}
          {moreThanTotal ? "+" : ""} ({total.toLocaleString("en")}
          {moreThanTotal ? "+" : ""} matching)
        </span>
        {(page < pages || (moreThanTotal && items.length === pageSize)) && (
          <Link href={link(page + 1)}>Next →</Link>
        )}
      </nav>
    </div>
  );
}
