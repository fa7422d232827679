import { readServerConfig } from "@/lib/server/config";
import { getDatabase } from "@/lib/server/db";
import {
  generativeSettingsSchema,
  getGenerativeSettings,
  saveGenerativeSettings,
} from "@/lib/server/data/generativeSettings";
import { internalError } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

/** The configured provider, and whether the server has an API key (never the key itself). */
export const GET = guarded("curate", async () => {
  const { db } = await getDatabase();
  return Response.json({
    settings: await getGenerativeSettings(db),
    apiKeyConfigured: Boolean(readServerConfig().generativeApiKey),
  });
});

/** Saves the provider settings; the next job uses them. */
export const PUT = guarded("curate", async (request, { actor }) => {
  const body = await parseJsonBody(request, generativeSettingsSchema);
  if (!body.ok) return body.response;
  try {
    const { db } = await getDatabase();
    await saveGenerativeSettings(db, { ...body.data, updatedBy: actor.username });
    return Response.json({ settings: await getGenerativeSettings(db) });
  } catch (error) {
    return internalError(error, "Saving the generative settings");
  }
});
