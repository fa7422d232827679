import type {
  ConnectionTestBody,
  GenerativeJobView,
  GenerativeSettingsBody,
} from "@/lib/core/generative/api";

/** Sends a request to a generative route; a failed answer throws the server's own message. */
async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: init.body ? { "content-type": "application/json" } : undefined,
  });
  const body = (await response.json().catch(() => null)) as
    (T & { error?: { message?: string } }) | null;
  if (!response.ok) {
    throw new Error(
      body?.error?.message ?? `${init.method ?? "GET"} ${url} answered ${response.status}`,
    );
  }
  return body as T;
}

export function loadGenerativeSettings() {
  return call<{ settings: GenerativeSettingsBody | null; apiKeyConfigured: boolean }>(
    "/api/generative/settings",
  );
}

export function saveGenerativeSettings(settings: GenerativeSettingsBody) {
  return call<{ settings: GenerativeSettingsBody }>("/api/generative/settings", {
    method: "PUT",
    body: JSON.stringify(settings),
  });
}

export function testGenerativeConnection(input: { baseUrl: string; model: string }) {
  return call<ConnectionTestBody>("/api/generative/test", {
    method: "POST",
    body: JSON.stringify(input),
  });
}

export function latestGenerativeJob(dataset: string) {
  return call<{ job: GenerativeJobView | null }>(
    `/api/generative/jobs?dataset=${encodeURIComponent(dataset)}`,
  );
}

export function startGenerativeJob(dataset: string, all: boolean) {
  return call<{ jobId: number }>("/api/generative/jobs", {
    method: "POST",
    body: JSON.stringify({ dataset, all }),
  });
}

export function resumeGenerativeJob(jobId: number) {
  return call<{ resumed: boolean }>(`/api/generative/jobs/${jobId}`, { method: "POST" });
}

export function cancelGenerativeJob(jobId: number) {
  return call<{ cancelled: boolean }>(`/api/generative/jobs/${jobId}`, { method: "DELETE" });
}
