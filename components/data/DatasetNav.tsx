import Link from "next/link";

/**
 * Links to the same page for each dataset (`?dataset=`), the current one marked: the Queue,
 * Review and Metrics pages switch datasets this way, so a dataset's page can be bookmarked.
 */
export function DatasetNav({
  datasets,
  currentId,
  path,
}: {
  datasets: { id: number; name: string; isSynthetic?: boolean }[];
  currentId: number | undefined;
  /** The page the links lead to, e.g. `/queue`. */
  path: string;
}) {
  return (
    <nav aria-label="Datasets" className="flex flex-wrap gap-2 text-sm">
      {datasets.map((d) => (
        <Link
          key={d.id}
          href={`${path}?dataset=${encodeURIComponent(d.name)}`}
          aria-current={d.id === currentId ? "page" : undefined}
          className={`rounded px-2 py-1 ${d.id === currentId ? "bg-slate-200 font-medium" : "text-slate-600 hover:bg-slate-100"}`}
        >
          {d.name}
          {d.isSynthetic && " (synthetic)"}
        </Link>
      ))}
    </nav>
  );
}
