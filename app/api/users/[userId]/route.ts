import { z } from "zod";
import { updateUserRequestSchema } from "@/lib/core/auth/userApi";
import { getAuth } from "@/lib/server/auth/auth";
import { guarded } from "@/lib/server/auth/guard";
import { APIError } from "better-auth/api";
import { updateUser, UserChangeError } from "@/lib/server/data/users";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";

export const dynamic = "force-dynamic";

/** Changes one thing about an account: its role, its password, or whether it is blocked. */
export const PATCH = guarded<{ userId: string }>(
  "manageUsers",
  async (request, { actor, params }) => {
    const userId = z.string().min(1).max(100).safeParse(params.userId);
    if (!userId.success) return jsonError(400, "Invalid user id");
    const body = await parseJsonBody(request, updateUserRequestSchema);
    if (!body.ok) return body.response;
    try {
      const { db } = await getDatabase();
      await updateUser(db, await getAuth(), {
        actor,
        headers: request.headers,
        userId: userId.data,
        change: body.data,
      });
      return Response.json({ ok: true });
    } catch (error) {
      if (error instanceof UserChangeError) return jsonError(422, error.message);
      // better-auth's own refusals (a weak password, an invalid name) are the caller's to fix.
      if (error instanceof APIError && error.statusCode < 500)
        return jsonError(422, error.body?.message ?? error.message);
      return internalError(error, "Changing the user");
    }
  },
);
