import { EmbeddingBenchmark } from "@/components/embedding/EmbeddingBenchmark";
import { requirePage } from "@/lib/server/auth/pageAccess";

/** Embedding throughput of the bundled model in this browser (driven by `npm run bench:embed`). */
export default async function EmbeddingBenchmarkPage() {
  await requirePage("compute", "/settings/benchmark");
  return (
    <div className="space-y-6">
      <section>
        <h1 className="text-2xl font-semibold">Embedding benchmark</h1>
        <p className="text-sm text-slate-500">
          Embeds the texts below with the bundled model on WASM in the embedding worker.
        </p>
      </section>
      <EmbeddingBenchmark />
    </div>
  );
}
