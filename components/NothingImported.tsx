import Link from "next/link";

/** What a page shows before there is anything to show: its title and where to import data. */
export function NothingImported({ title, what }: { title: string; what: string }) {
  return (
    <div>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="mt-2 text-sm text-slate-500">
        No {what} yet.{" "}
        <Link className="underline" href="/data">
          Import on the Data page.
        </Link>
      </p>
    </div>
  );
}
