import Link from "next/link";
import { NothingImported } from "@/components/NothingImported";
import { LabelTree } from "@/components/labels/LabelTree";
import { ProposedLabels } from "@/components/labels/ProposedLabels";
import { chooseDataset, listDatasets } from "@/lib/server/data/creatives";
import { getLabelTree, listTaxonomies } from "@/lib/server/data/taxonomies";
import { getDatabase } from "@/lib/server/db";
import { requirePage } from "@/lib/server/auth/pageAccess";
import { can } from "@/lib/core/auth/roles";

export const dynamic = "force-dynamic";

/** The taxonomy as a searchable tree with counts of creatives per label. */
export default async function LabelsPage({
  searchParams,
}: {
  searchParams: Promise<{ taxonomy?: string }>;
}) {
  const actor = await requirePage("read", "/labels");
  const { db } = await getDatabase();
  const taxonomies = await listTaxonomies(db);
  const requested = Number((await searchParams).taxonomy);
  const demoTaxonomyId = chooseDataset(await listDatasets(db))?.taxonomyId;
  const taxonomy =
    taxonomies.find((t) => t.id === requested) ??
    taxonomies.find((t) => t.id === demoTaxonomyId) ??
    taxonomies[0];
  if (!taxonomy) {
    return <NothingImported title="Labels" what="taxonomy" />;
  }
  const labels = await getLabelTree(db, taxonomy.id);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-4">
        <h1 className="text-2xl font-semibold">Labels</h1>
        <nav aria-label="Taxonomies" className="flex flex-wrap gap-2 text-sm">
          {taxonomies.map((t) => (
            <Link
              key={t.id}
              href={`/labels?taxonomy=${t.id}`}
              aria-current={t.id === taxonomy.id ? "page" : undefined}
              className={`rounded px-2 py-1 ${t.id === taxonomy.id ? "bg-slate-200 font-medium" : "text-slate-600 hover:bg-slate-100"}`}
            >
              {t.name} ({t.labelCount.toLocaleString("en")})
            </Link>
          ))}
        </nav>
      </div>
      <ProposedLabels labels={labels} canReview={can(actor.role, "curate")} />
      <LabelTree separator={taxonomy.separator} labels={labels} />
    </div>
  );
}
