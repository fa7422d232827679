import { z } from "zod";
import { readServerConfig } from "@/lib/server/config";
import { generativeSettingsSchema } from "@/lib/server/data/generativeSettings";
import { testGenerativeConnection } from "@/lib/server/generative/testConnection";
import { parseJsonBody } from "@/lib/server/http-body";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

const bodySchema = generativeSettingsSchema.pick({ baseUrl: true, model: true }).extend({
  timeoutSeconds: z.number().int().min(1).max(60).default(15),
});

/**
 * Sends one tiny request to the endpoint in the form (saved or not yet), with the server's API
 * key, and answers what came back.
 */
export const POST = guarded("curate", async (request) => {
  const body = await parseJsonBody(request, bodySchema);
  if (!body.ok) return body.response;
  const result = await testGenerativeConnection({
    baseUrl: body.data.baseUrl,
    model: body.data.model,
    apiKey: readServerConfig().generativeApiKey,
    timeoutMs: body.data.timeoutSeconds * 1000,
  });
  return Response.json(result);
});
