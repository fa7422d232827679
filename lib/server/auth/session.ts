import "server-only";
import { parseRole, type Role } from "@/lib/core/auth/roles";
import { LRUCache } from "lru-cache";
import { actorMemoSeconds, getAuth } from "./auth";

/** Who is making a request: the name decisions and audit entries carry, and the role checked. */
export interface Actor {
  id: string;
  /** The login name; decisions and audit entries are attributed to it. */
  username: string;
  name: string;
  role: Role;
}

/**
 * Who the cookies of recent requests to this instance belonged to. Checking a session verifies
 * its signed cookies with HMAC (WebCrypto), about a tenth of the server's CPU with a handful of
 * annotators working at full speed; an annotator's next request within seconds carries the same
 * cookies. The session cookie cache already lets a browser's session stand for
 * `sessionCacheSeconds` without asking the database, so a role change, block or sign-out reaching
 * an instance up to `actorMemoSeconds` later changes nothing a user could see. Only signed-in
 * answers are kept; a request without a valid session is checked every time.
 */
const recentActors = new LRUCache<string, Actor>({ max: 10_000, ttl: actorMemoSeconds * 1000 });

/**
 * The signed-in user behind these request headers, or null (no cookie, expired or revoked session,
 * banned user, or a stored role the product does not know, which grants nothing).
 */
export async function actorFrom(headers: Headers): Promise<Actor | null> {
  const cookies = headers.get("cookie");
  const recent = cookies ? recentActors.get(cookies) : undefined;
  if (recent) return recent;
  const actor = await sessionActor(headers);
  if (actor && cookies) recentActors.set(cookies, actor);
  return actor;
}

/** {@link actorFrom} asked of the session itself. */
async function sessionActor(headers: Headers): Promise<Actor | null> {
  const auth = await getAuth();
  const found = await auth.api.getSession({ headers });
  if (!found) return null;
  const role = parseRole(found.user.role);
  if (!role || found.user.banned) return null;
  return {
    id: found.user.id,
    username: found.user.username ?? found.user.email,
    name: found.user.name,
    role,
  };
}
