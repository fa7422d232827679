import Link from "next/link";
import { permissions, rolesWith, type Permission } from "@/lib/core/auth/roles";
import { currentActor } from "@/lib/server/auth/pageAccess";

export const dynamic = "force-dynamic";

/** Where a page sends a signed-in user whose role may not open it. */
export default async function NoAccessPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string; need?: string }>;
}) {
  const { page, need } = await searchParams;
  const actor = await currentActor();
  const permission = permissions.find((p) => p === need) as Permission | undefined;
  return (
    <div className="mx-auto mt-12 max-w-lg rounded-lg border border-amber-200 bg-amber-50 p-6">
      <h1 className="mb-2 text-xl font-semibold">Not available to your role</h1>
      <p className="text-sm text-slate-700" data-testid="no-access">
        {actor ? `Signed in as ${actor.username} (${actor.role}). ` : ""}
        {page ? <code>{page}</code> : "This page"} needs the{" "}
        {permission ? rolesWith(permission).join(" or ") : "right"} role. Ask an admin if you need
        it.
      </p>
      <Link href="/" className="mt-4 inline-block text-sm underline">
        Go to your start page
      </Link>
    </div>
  );
}
