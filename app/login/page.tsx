import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/SignInForm";
import { ensureFirstAdmin } from "@/lib/server/auth/firstAdmin";
import { currentActor } from "@/lib/server/auth/pageAccess";
import { safeNextPath } from "@/lib/core/auth/nextPath";

export const dynamic = "force-dynamic";

/** Sign-in. On the very first start it also makes sure the admin account exists. */
export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string }>;
}) {
  const next = safeNextPath((await searchParams).next);
  await ensureFirstAdmin().catch((error: unknown) => {
    console.error("Could not prepare the first admin account:", error);
  });
  if (await currentActor()) redirect(next);
  return (
    <div className="mx-auto mt-12 max-w-sm rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-6 text-sm text-slate-500">
        On a new installation the admin&apos;s password is printed by the server at first start and
        kept in <code>.data/admin-password.txt</code>.
      </p>
      <SignInForm next={next} />
    </div>
  );
}
