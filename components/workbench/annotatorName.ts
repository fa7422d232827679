const storageKey = "creative-triage:annotator";
const listeners = new Set<() => void>();

/**
 * The annotator's name, remembered in this browser until accounts exist; an external store so
 * the server render (no name) and the browser agree without effects.
 */
export const annotatorName = {
  get: (): string | null => window.localStorage.getItem(storageKey),
  getServer: (): string | null => null,
  set(name: string): void {
    window.localStorage.setItem(storageKey, name);
    listeners.forEach((listener) => listener());
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
