import { publicRoute } from "@/lib/server/auth/guard";
import { getAuth } from "@/lib/server/auth/auth";

export const dynamic = "force-dynamic";

/** better-auth's own endpoints: sign-in (rate-limited), sign-out, session, and its admin API. */
async function handle(request: Request) {
  const auth = await getAuth();
  return auth.handler(request);
}

export const GET = publicRoute(handle);
export const POST = publicRoute(handle);
