"use client";

import { useCallback, useMemo, useSyncExternalStore } from "react";
import {
  activeModelOf,
  availableModels,
  defaultEmbeddingSettings,
  embeddingSettingsKey,
  readEmbeddingSettings,
  runtimeOptionsOf,
  writeEmbeddingSettings,
  type EmbeddingSettings,
} from "@/lib/ml/embedding/activeModel";

/**
 * The embedding settings from localStorage as React state, shared by every component that reads
 * them and kept in step across tabs (the `storage` event). The server render sees the defaults.
 */

const listeners = new Set<() => void>();
let cached: { raw: string | null; settings: EmbeddingSettings } | null = null;

function snapshot(): EmbeddingSettings {
  const raw = window.localStorage.getItem(embeddingSettingsKey);
  if (!cached || cached.raw !== raw) {
    cached = { raw, settings: readEmbeddingSettings(window.localStorage) };
  }
  return cached.settings;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === embeddingSettingsKey) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export function useEmbeddingSettings() {
  const settings = useSyncExternalStore(subscribe, snapshot, () => defaultEmbeddingSettings);
  const update = useCallback((change: (current: EmbeddingSettings) => EmbeddingSettings) => {
    writeEmbeddingSettings(window.localStorage, change(snapshot()));
    listeners.forEach((listener) => listener());
  }, []);
  const derived = useMemo(
    () => ({
      models: availableModels(settings),
      activeModel: activeModelOf(settings),
      runtime: runtimeOptionsOf(
        settings,
        typeof navigator === "undefined" ? 1 : navigator.hardwareConcurrency,
      ),
    }),
    [settings],
  );
  return { settings, update, ...derived };
}
