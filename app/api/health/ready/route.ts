import { publicRoute } from "@/lib/server/auth/guard";
import { checkReadiness } from "@/lib/server/data/health";
import { getDatabase } from "@/lib/server/db";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

/**
 * Readiness: 200 once the database answers and has every migration of this build, 503 with the
 * reason otherwise (the database URL's password never appears: the reason names the engine only).
 * Public, like liveness: a load balancer's probe carries no session.
 */
export const GET = publicRoute(async () => {
  try {
    const handle = await getDatabase();
    const readiness = await checkReadiness(handle.db);
    return Response.json(
      { status: readiness.ready ? "ready" : "not_ready", engine: handle.engine, ...readiness },
      { status: readiness.ready ? 200 : 503, headers: noStore },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return Response.json(
      { status: "not_ready", ready: false, problem: `the database is not available: ${message}` },
      { status: 503, headers: noStore },
    );
  }
});
