import { GenerativeJobPanel } from "./GenerativeJobPanel";
import { GenerativeSettingsForm } from "./GenerativeSettingsForm";

/**
 * Generative labels on Settings (admins only): the provider, then the job that asks it for the
 * labels a dataset lacks. Its answers feed the detector's generative signal and the new-label
 * name suggestion as imported generative labels do.
 */
export function GenerativePanel({ datasets }: { datasets: readonly { name: string }[] }) {
  return (
    <section
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="generative-panel"
    >
      <div>
        <h2 className="font-medium">Generative labels</h2>
        <p className="text-sm text-slate-500">
          An OpenAI-compatible chat-completions endpoint proposes a label path for each creative,
          from the taxonomy&apos;s labels nearest to it. Requests go from the server; the API key
          never reaches this browser.
        </p>
      </div>
      <GenerativeSettingsForm />
      <GenerativeJobPanel datasets={datasets} />
    </section>
  );
}
