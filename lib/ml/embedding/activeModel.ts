import { z } from "zod";
import {
  builtInModels,
  defaultModel,
  findModel,
  modelSpecSchema,
  type ModelSpec,
} from "@/lib/core/models/registry";
import { devicePreferences, type RuntimeOptions } from "./protocol";

/**
 * The user's embedding settings, kept in localStorage: the active model, local model folders
 * they added, and the runtime (device preference, WASM threads). Read through zod, so an old or
 * hand-edited value falls back to defaults instead of breaking the page.
 */

export const embeddingSettingsKey = "creative-triage.embedding-settings.v1";

export const embeddingSettingsSchema = z.object({
  activeModelId: z.string().min(1),
  localModels: z.array(modelSpecSchema).max(50),
  device: z.enum(devicePreferences),
  /** null: one thread per core (navigator.hardwareConcurrency). */
  numThreads: z.number().int().min(1).max(64).nullable(),
});
export type EmbeddingSettings = z.infer<typeof embeddingSettingsSchema>;

export const defaultEmbeddingSettings: EmbeddingSettings = {
  activeModelId: defaultModel().id,
  localModels: [],
  device: "auto",
  numThreads: null,
};

/** The part of `Storage` used here, so tests can pass a Map-backed one. */
export type SettingsStorage = Pick<Storage, "getItem" | "setItem">;

/** Stored settings, or the defaults when there are none or they are unreadable. */
export function readEmbeddingSettings(storage: SettingsStorage): EmbeddingSettings {
  const raw = storage.getItem(embeddingSettingsKey);
  if (raw === null) return defaultEmbeddingSettings;
  try {
    const parsed = embeddingSettingsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : defaultEmbeddingSettings;
  } catch {
    // Not JSON: someone edited it by hand; the defaults are the documented fallback.
    return defaultEmbeddingSettings;
  }
}

export function writeEmbeddingSettings(
  storage: SettingsStorage,
  settings: EmbeddingSettings,
): void {
  storage.setItem(embeddingSettingsKey, JSON.stringify(embeddingSettingsSchema.parse(settings)));
}

/** Built-in models followed by the user's local folders. */
export function availableModels(settings: EmbeddingSettings): ModelSpec[] {
  return [...builtInModels, ...settings.localModels];
}

/** The active model's spec; the default one when the stored id no longer exists. */
export function activeModelOf(settings: EmbeddingSettings): ModelSpec {
  return findModel(settings.activeModelId, settings.localModels) ?? defaultModel();
}

/** Runtime options for the worker: stored thread count, else one per core (at most 16). */
export function runtimeOptionsOf(
  settings: EmbeddingSettings,
  hardwareConcurrency: number,
): RuntimeOptions {
  const cores = Math.min(Math.max(1, hardwareConcurrency || 1), 16);
  return { device: settings.device, numThreads: settings.numThreads ?? cores };
}
