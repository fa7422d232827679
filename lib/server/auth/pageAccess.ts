import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { can, type Permission } from "@/lib/core/auth/roles";
import { actorFrom, type Actor } from "./session";

/** The signed-in user of the page being rendered, or null. */
export async function currentActor(): Promise<Actor | null> {
  return actorFrom(await headers());
}

/**
 * For a page: the signed-in user when their role holds the permission. Signed out, it sends them
 * to the sign-in page (and back here after); with the wrong role, to a page that says which role
 * is needed, so nothing of this page is rendered for them.
 */
export async function requirePage(permission: Permission, path: string): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect(`/login?next=${encodeURIComponent(path)}`);
  if (!can(actor.role, permission))
    redirect(`/no-access?page=${encodeURIComponent(path)}&need=${permission}`);
  return actor;
}
