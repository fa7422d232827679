import { redirect } from "next/navigation";
import { can } from "@/lib/core/auth/roles";
import { requirePage } from "@/lib/server/auth/pageAccess";

export const dynamic = "force-dynamic";

/** Annotators (and admins) start their day at the queue, analysts at the map. */
export default async function Home() {
  const actor = await requirePage("read", "/");
  redirect(can(actor.role, "annotate") ? "/queue" : "/map");
}
