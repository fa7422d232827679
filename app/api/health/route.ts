import { publicRoute } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

/**
 * Liveness: the process answers. No database and no sign-in, so an orchestrator restarts only a
 * process that is really stuck, not one waiting on a database that is briefly away (readiness,
 * `/api/health/ready`, says that).
 */
export const GET = publicRoute(() =>
  Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } }),
);
