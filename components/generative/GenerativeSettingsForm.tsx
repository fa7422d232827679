"use client";

import { useEffect, useState } from "react";
import type { ConnectionTestBody, GenerativeSettingsBody } from "@/lib/core/generative/api";
import {
  loadGenerativeSettings,
  saveGenerativeSettings,
  testGenerativeConnection,
} from "./generativeApi";

const blank: GenerativeSettingsBody = {
  baseUrl: "",
  model: "",
  promptCostPer1k: 0,
  completionCostPer1k: 0,
  concurrency: 4,
  requestsPerMinute: 120,
  timeoutSeconds: 30,
};

const numberFields: { key: keyof GenerativeSettingsBody; label: string; step: string }[] = [
  { key: "promptCostPer1k", label: "Prompt price per 1k tokens", step: "0.0001" },
  { key: "completionCostPer1k", label: "Completion price per 1k tokens", step: "0.0001" },
  { key: "concurrency", label: "Requests at once", step: "1" },
  { key: "requestsPerMinute", label: "Requests per minute", step: "1" },
  { key: "timeoutSeconds", label: "Request timeout (s)", step: "1" },
];

/**
 * The provider an admin configures: an OpenAI-compatible endpoint's base URL and model, prices
 * for the cost estimate, and limits. The API key is the server's environment variable; the form
 * shows only whether it is set. "Test connection" sends one tiny request with the values typed.
 */
export function GenerativeSettingsForm() {
  const [form, setForm] = useState<GenerativeSettingsBody>(blank);
  const [apiKeyConfigured, setApiKeyConfigured] = useState<boolean | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [test, setTest] = useState<ConnectionTestBody | { ok: false; message: string } | null>(
    null,
  );
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    loadGenerativeSettings().then(
      (body) => {
        if (body.settings) setForm(body.settings);
        setApiKeyConfigured(body.apiKeyConfigured);
      },
      (e: unknown) => setMessage(e instanceof Error ? e.message : String(e)),
    );
  }, []);

  const save = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const { settings } = await saveGenerativeSettings({
        baseUrl: form.baseUrl,
        model: form.model,
        promptCostPer1k: form.promptCostPer1k,
        completionCostPer1k: form.completionCostPer1k,
        concurrency: form.concurrency,
        requestsPerMinute: form.requestsPerMinute,
        timeoutSeconds: form.timeoutSeconds,
      });
      setForm(settings);
      setMessage("Saved.");
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const runTest = async () => {
    setTest(null);
    setBusy(true);
    try {
      setTest(await testGenerativeConnection({ baseUrl: form.baseUrl, model: form.model }));
    } catch (e) {
      setTest({ ok: false, message: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-3" data-testid="generative-settings">
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="text-sm">
          Base URL
          <input
            className="mt-1 w-full rounded border border-slate-300 px-2 py-1"
            placeholder="https://api.openai.com/v1"
            value={form.baseUrl}
            onChange={(e) => setForm({ ...form, baseUrl: e.target.value })}
            data-testid="generative-base-url"
          />
        </label>
        <label className="text-sm">
          Model
          <input
            className="mt-1 w-full rounded border border-slate-300 px-2 py-1"
            placeholder="gpt-4o-mini"
            value={form.model}
            onChange={(e) => setForm({ ...form, model: e.target.value })}
            data-testid="generative-model"
          />
        </label>
        {numberFields.map((f) => (
          <label key={f.key} className="text-sm">
            {f.label}
            <input
              type="number"
              min="0"
              step={f.step}
              className="mt-1 w-full rounded border border-slate-300 px-2 py-1"
              value={String(form[f.key] ?? "")}
              onChange={(e) => setForm({ ...form, [f.key]: Number(e.target.value) })}
              data-testid={`generative-${f.key}`}
            />
          </label>
        ))}
      </div>
      <p className="text-xs text-slate-500" data-testid="generative-api-key">
        API key:{" "}
        {apiKeyConfigured === null
          ? "…"
          : apiKeyConfigured
            ? "set on the server (CREATIVE_TRIAGE_GENERATIVE_API_KEY)"
            : "not set; requests go without one (set CREATIVE_TRIAGE_GENERATIVE_API_KEY on the server)"}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className="rounded bg-slate-900 px-3 py-1 text-sm text-white disabled:opacity-50"
          disabled={busy}
          onClick={() => void save()}
          data-testid="generative-save"
        >
          Save
        </button>
        <button
          type="button"
          className="rounded border border-slate-300 px-3 py-1 text-sm disabled:opacity-50"
          disabled={busy || !form.baseUrl || !form.model}
          onClick={() => void runTest()}
          data-testid="generative-test"
        >
          Test connection
        </button>
        {message && (
          <span className="text-sm text-slate-600" data-testid="generative-settings-message">
            {message}
          </span>
        )}
      </div>
      {test && (
        <p
          className={`text-sm ${test.ok ? "text-emerald-700" : "text-red-700"}`}
          data-testid="generative-test-result"
          data-ok={test.ok ? "true" : "false"}
        >
          {test.ok ? "Connected: " : "Not connected: "}
          {test.message}
          {"latencyMs" in test ? ` (${test.latencyMs} ms)` : ""}
        </p>
      )}
    </div>
  );
}
