import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database, Executor } from "../db";
import { generativeSettings } from "../db/schema";
import { recordAudit } from "./audit";

/** What an admin sets for the generative label provider (the API key is not among it). */
export const generativeSettingsSchema = z.object({
  baseUrl: z
    .string()
    .trim()
    .url("must be a URL such as https://api.openai.com/v1")
    .regex(/^https?:\/\//, "must start with http:// or https://")
    .max(500, "must be at most 500 characters"),
  model: z.string().trim().min(1, "is required").max(200, "must be at most 200 characters"),
  promptCostPer1k: z.number().min(0, "must be at least 0").max(1000, "must be at most 1000"),
  completionCostPer1k: z.number().min(0, "must be at least 0").max(1000, "must be at most 1000"),
  concurrency: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(32, "must be at most 32"),
  requestsPerMinute: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(100_000, "must be at most 100000"),
  timeoutSeconds: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(600, "must be at most 600"),
});
export type GenerativeSettingsInput = z.infer<typeof generativeSettingsSchema>;

export interface GenerativeSettings extends GenerativeSettingsInput {
  updatedBy: string;
  updatedAt: string;
}

/** The configured provider, or null before an admin set one. */
export async function getGenerativeSettings(db: Executor): Promise<GenerativeSettings | null> {
  const [row] = await db.select().from(generativeSettings).where(eq(generativeSettings.id, 1));
  if (!row) return null;
  return {
    baseUrl: row.baseUrl,
    model: row.model,
    promptCostPer1k: row.promptCostPer1k,
    completionCostPer1k: row.completionCostPer1k,
    concurrency: row.concurrency,
    requestsPerMinute: row.requestsPerMinute,
    timeoutSeconds: row.timeoutSeconds,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Saves the provider settings and their audit entry (before and after) in one transaction. */
export async function saveGenerativeSettings(
  database: Database,
  input: GenerativeSettingsInput & { updatedBy: string },
): Promise<void> {
  const settings = generativeSettingsSchema.parse(input);
  await database.transaction(async (db) => {
    const before = await getGenerativeSettings(db);
    await db
      .insert(generativeSettings)
      .values({ id: 1, ...settings, updatedBy: input.updatedBy })
      .onConflictDoUpdate({
        target: generativeSettings.id,
        set: { ...settings, updatedBy: input.updatedBy, updatedAt: new Date() },
      });
    await recordAudit(db, {
      actor: input.updatedBy,
      action: "generative.settings.set",
      entityType: "generative_settings",
      entityId: "1",
      before: before ? generativeSettingsSchema.parse(before) : null,
      after: settings,
    });
  });
}
