import "server-only";
import { can, rolesWith, type Permission } from "@/lib/core/auth/roles";
import { jsonError } from "../http";
import { actorFrom, type Actor } from "./session";
import { log } from "@/lib/server/log";

/** What a guarded handler receives besides the request. */
export interface GuardedContext<P> {
  actor: Actor;
  params: P;
}

type RouteContext<P> = { params: Promise<P> };

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A route handler that answers 401 without a session, 403 for a role without the permission, and
 * 403 for a state-changing request sent from another site (CSRF: the session cookie is SameSite=Lax
 * already; this also refuses a same-site-but-cross-origin page). Every route handler of the app is
 * built with this or with `publicRoute`, which the route-enumeration test checks.
 */
export function guarded<P = Record<string, never>>(
  permission: Permission,
  handler: (request: Request, context: GuardedContext<P>) => Promise<Response> | Response,
) {
  const route = async (request: Request, context: RouteContext<P>): Promise<Response> => {
    if (!safeMethods.has(request.method) && !sameOrigin(request))
      return jsonError(403, "This request came from another site and was refused.");
    let actor: Actor | null;
    try {
      actor = await actorFrom(request.headers);
    } catch (error) {
      log.error({ err: error }, "Reading the session failed");
      return jsonError(
        503,
        "Checking your session failed on the server (the database is unavailable). Nothing was changed; try again.",
      );
    }
    if (!actor) return jsonError(401, "Sign in to use this.");
    if (!can(actor.role, permission))
      return jsonError(
        403,
        `Your role (${actor.role}) may not do this; it needs the ${rolesWith(permission).join(" or ")} role.`,
      );
    const params = context?.params ? await context.params : ({} as P);
    return handler(request, { actor, params });
  };
  return Object.assign(route, { permission });
}

/** A route anyone may call (sign-in itself); named so the enumeration test sees it was meant. */
export function publicRoute<A extends unknown[]>(
  handler: (...args: A) => Promise<Response> | Response,
) {
  return Object.assign(handler, { permission: "public" as const });
}

/**
 * True when the request's Origin (or, without one, its Fetch Metadata) says it came from this
 * app's own pages. Clients that are not browsers send neither and are not a CSRF vector.
 */
export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") {
    const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  const site = request.headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}
