import Link from "next/link";
import { MapExplorer } from "@/components/map/MapExplorer";
import type { MapQuery } from "@/components/map/loadMapData";
import { ModelComparison } from "@/components/map/ModelComparison";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { listMapModels } from "@/lib/server/data/mapData";
import { getDatabase } from "@/lib/server/db";
import { builtInModels, modelVersionOf } from "@/lib/core/models/registry";
import { requirePage } from "@/lib/server/auth/pageAccess";
import { can } from "@/lib/core/auth/roles";

export const dynamic = "force-dynamic";

/**
 * The embedding map: creatives' texts and images and the taxonomy's labels in one 2-D picture,
 * laid out in a Web Worker and stored for the next analyst. `?source=demo` shows a seeded
 * synthetic dataset that needs no stored vectors; otherwise a dataset (`?dataset=`, default
 * `demo`) under a model (`?modelId=`, `?modelVersion=`, default the bundled encoder).
 */
export default async function MapPage({
  searchParams,
}: {
  searchParams: Promise<{
    source?: string;
    points?: string;
    dataset?: string;
    modelId?: string;
    modelVersion?: string;
  }>;
}) {
  const actor = await requirePage("analyze", "/map");
  const params = await searchParams;
  const model = builtInModels.find((m) => m.id === params.modelId) ?? builtInModels[0];
  const points = Number(params.points);
  const query: MapQuery =
    params.source === "demo"
      ? {
          source: "demo",
          points: Number.isInteger(points) && points > 20 && points <= 200_000 ? points : undefined,
        }
      : {
          source: "server",
          dataset: params.dataset ?? "demo",
          modelId: params.modelId ?? model?.id ?? "",
          modelVersion: params.modelVersion ?? (model ? modelVersionOf(model) : ""),
        };
  let dataset: { name: string; taxonomyId: number; id: number } | undefined;
  let models: Awaited<ReturnType<typeof listMapModels>> = [];
  if (query.source === "server") {
    const { db } = await getDatabase();
    dataset = await findDatasetByName(db, query.dataset);
    if (dataset) models = await listMapModels(db, dataset.id);
  }
  return (
    <div>
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-2xl font-semibold">Map</h1>
        <p className="text-sm text-slate-600">
          Texts (circles), images (squares) and labels (diamonds) in one embedding space. Drag to
          select a group; click a creative to open it.
        </p>
        <nav className="ml-auto flex gap-3 text-sm">
          <Link href="/map" className={query.source === "server" ? "font-semibold" : "underline"}>
            Dataset
          </Link>
          <Link
            href="/map?source=demo"
            className={query.source === "demo" ? "font-semibold" : "underline"}
          >
            Demo data
          </Link>
        </nav>
      </div>
      <MapExplorer
        query={query}
        target={
          dataset && can(actor.role, "curate")
            ? { dataset: dataset.name, taxonomyId: dataset.taxonomyId }
            : null
        }
      />
      {query.source === "server" && dataset ? (
        <div className="mt-6">
          <ModelComparison
            dataset={dataset.name}
            current={{ modelId: query.modelId, modelVersion: query.modelVersion }}
            models={models}
          />
        </div>
      ) : null}
    </div>
  );
}
