import { createUserRequestSchema } from "@/lib/core/auth/userApi";
import { getAuth } from "@/lib/server/auth/auth";
import { guarded } from "@/lib/server/auth/guard";
import { APIError } from "better-auth/api";
import { createUser, listUsers, UserChangeError } from "@/lib/server/data/users";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";

export const dynamic = "force-dynamic";

/** Every account with its role. */
export const GET = guarded("manageUsers", async () => {
  try {
    const { db } = await getDatabase();
    return Response.json({ users: await listUsers(db) });
  } catch (error) {
    // better-auth's own refusals (a weak password, an invalid name) are the caller's to fix.
    if (error instanceof APIError && error.statusCode < 500)
      return jsonError(422, error.body?.message ?? error.message);
    return internalError(error, "Listing the users");
  }
});

/** Creates an account with a role and an initial password. */
export const POST = guarded("manageUsers", async (request, { actor }) => {
  const body = await parseJsonBody(request, createUserRequestSchema);
  if (!body.ok) return body.response;
  try {
    const { db } = await getDatabase();
    const user = await createUser(db, await getAuth(), {
      actor,
      headers: request.headers,
      user: body.data,
    });
    return Response.json({ user }, { status: 201 });
  } catch (error) {
    if (error instanceof UserChangeError) return jsonError(409, error.message);
    // better-auth's own refusals (a weak password, an invalid name) are the caller's to fix.
    if (error instanceof APIError && error.statusCode < 500)
      return jsonError(422, error.body?.message ?? error.message);
    return internalError(error, "Creating the user");
  }
});
