import "server-only";
import { parseRole, type Role } from "@/lib/core/auth/roles";
import { getAuth } from "./auth";

/** Who is making a request: the name decisions and audit entries carry, and the role checked. */
export interface Actor {
  id: string;
  /** The login name; decisions and audit entries are attributed to it. */
  username: string;
  name: string;
  role: Role;
}

/**
 * The signed-in user behind these request headers, or null (no cookie, expired or revoked session,
 * banned user, or a stored role the product does not know, which grants nothing).
 */
export async function actorFrom(headers: Headers): Promise<Actor | null> {
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
