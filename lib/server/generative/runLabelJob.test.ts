import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { candidatePathsOf } from "@/lib/core/generative/prompt";
import type { Database, DatabaseHandle } from "../db";
import { findDatasetByName, listCreativePage } from "../data/creatives";
import { loadRunInputs } from "../data/detectorInputs";
import { storeEmbeddings } from "../data/embeddings";
import {
  claimInterruptedGenerativeJob,
  createGenerativeJob,
  GenerativeJobConflictError,
  getGenerativeJob,
  listInterruptedGenerativeJobs,
  listPendingGenerativeItems,
} from "../data/generativeJobs";
import { recordGenerativeResults } from "../data/generativeResults";
import { getGenerativeSettings, saveGenerativeSettings } from "../data/generativeSettings";
import { listLabelRefs, rowsOf } from "../data/taxonomies";
import { importCreatives } from "../import/importCreatives";
import { importTaxonomy } from "../import/importTaxonomy";
import { startChatCompletionsServer, type ChatReply } from "../testing/chatCompletionsServer";
import { streamOf, testDatabaseTargets } from "../testing/databases";
import { generativeAgent, runGenerativeJob } from "./runLabelJob";
import { labelPromptVersion } from "@/lib/core/generative/prompt";

const taxonomy = [
  "Vehicles > Automotive Services > Auto Repair",
  "Vehicles > Automotive Services > Car Wash",
  "Food & Drink > Snacks",
  "Pets > Dog Food",
  "Travel > Hotels",
];

/** Deterministic answers: scripted failures by text, else the first listed label. */
function reply(text: string, userContent: string): ChatReply {
  if (text.includes("refuse")) return { content: null, refusal: "I can't label that." };
  if (text.includes("silent")) return { content: "" };
  if (text.includes("essay")) return { content: "Well, ".repeat(60) };
  if (text.includes("garbled")) return { truncated: true };
  if (text.includes("broken")) return { status: 500 };
  if (text.includes("treats")) return { content: "Pets > Dog Treats", usage: [20, 4] };
  return { content: candidatePathsOf(userContent)[0]!, usage: [20, 4] };
}

const jobOptions = { backoff: { baseDelayMs: 5, maxDelayMs: 50 }, maxAttempts: 2 };

async function importDataset(db: Database, name: string, texts: string[]) {
  const rows = texts.map((t, i) => `${name}-${i},"${t}"`);
  const report = await importCreatives(db, {
    file: `${name}.csv`,
    format: "csv",
    source: streamOf(`id,text\n${rows.join("\n")}\n`),
    maxBytes: 1e6,
    dataset: name,
    taxonomy: "t",
  });
  expect(report.status).toBe("done");
  return (await findDatasetByName(db, name))!;
}

for (const target of testDatabaseTargets()) {
  describe(`the generative label job on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let server: Awaited<ReturnType<typeof startChatCompletionsServer>>;

    beforeAll(async () => {
      handle = await target.open();
      server = await startChatCompletionsServer((r) => {
        const user = r.body.messages?.at(-1)?.content ?? "";
        return reply(user.split("Creative:\n")[1] ?? "", user);
      });
      await importTaxonomy(handle.db, {
        file: "t.txt",
        source: streamOf(`${taxonomy.join("\n")}\n`),
        maxBytes: 1e6,
        taxonomy: "t",
      });
      await saveGenerativeSettings(handle.db, {
        baseUrl: server.baseUrl,
        model: "loopback-1",
        promptCostPer1k: 0.5,
        completionCostPer1k: 2,
        concurrency: 3,
        requestsPerMinute: 60_000,
        timeoutSeconds: 2,
        updatedBy: "admin",
      });
    });
    afterAll(async () => {
      await server?.close();
      await handle?.close();
    });

    async function newJob(datasetId: number, scope: "missing" | "all") {
      const settings = (await getGenerativeSettings(handle.db))!;
      return createGenerativeJob(handle.db, {
        ...settings,
        datasetId,
        scope,
        provider: "openai-compatible",
        promptVersion: labelPromptVersion,
        createdBy: "admin",
      });
    }

    it("labels a dataset from the embedding space's nearest labels, records every outcome, and feeds the detector", async () => {
      const texts = [
        "Brake service $99",
        "Brake service $99",
        "Crunchy crisps",
        "please refuse",
        "a silent one",
        "an essay please",
        "garbled reply",
        "broken upstream",
        "dog treats with bacon",
      ];
      const dataset = await importDataset(handle.db, "g1", texts);
      const labels = await listLabelRefs(handle.db, dataset.taxonomyId);
      const byPath = new Map(labels.map((l) => [l.path.join(" > "), l.id]));
      // One-hot vectors: each creative's nearest label is the one its text means, so the
      // prompt's first candidate comes from the embedding space, not from shared words.
      const dim = labels.length;
      const oneHot = (labelId: number) => {
        const v = new Float32Array(dim);
        v[labels.findIndex((l) => l.id === labelId)] = 1;
        return v;
      };
      const intended = [
        "Vehicles > Automotive Services > Auto Repair",
        "Vehicles > Automotive Services > Auto Repair",
        "Food & Drink > Snacks",
        ...Array<string>(6).fill("Travel > Hotels"),
      ];
      const page = await listCreativePage(handle.db, dataset.id, { limit: 100, offset: 0 });
      const creatives = page.items.sort((a, b) => a.id - b.id);
      const key = { modelId: "m", modelVersion: "1", dim };
      await storeEmbeddings(handle.db, {
        ...key,
        items: labels.map((l) => ({
          ownerType: "label",
          ownerId: l.id,
          contentHash: "h",
          vector: oneHot(l.id),
        })),
      });
      await storeEmbeddings(handle.db, {
        ...key,
        items: creatives.map((c, i) => ({
          ownerType: "creative_text",
          ownerId: c.id,
          contentHash: "h",
          vector: oneHot(byPath.get(intended[i]!)!),
        })),
      });

      const before = server.requests.length;
      const jobId = await newJob(dataset.id, "missing");
      await expect(newJob(dataset.id, "missing")).rejects.toBeInstanceOf(
        GenerativeJobConflictError,
      );
      const progress: number[] = [];
      const job = await runGenerativeJob(handle.db, {
        jobId,
        apiKey: "sk-loopback",
        onProgress: (j) => progress.push(j.total - j.pending),
        ...jobOptions,
      });
      expect(job).toMatchObject({
        status: "done",
        total: 9,
        pending: 0,
        labelled: 4,
        cached: 1,
        refused: 1,
        empty: 1,
        tooLong: 1,
        malformed: 1,
        failed: 1,
      });
      expect(progress.at(-1)).toBe(9);
      // The duplicate text was asked once; the failing one twice (one retry).
      const asked = server.requests.slice(before);
      expect(asked).toHaveLength(9);
      expect(asked.every((r) => r.authorization === "Bearer sk-loopback")).toBe(true);
      // Three labelled answers at 20+4 tokens, three unusable ones at 10+3; the truncated body
      // and the failed request report none.
      expect(job).toMatchObject({ promptTokens: 90, completionTokens: 21 });
      expect(job.cost).toBeCloseTo(
        (job.promptTokens / 1000) * 0.5 + (job.completionTokens / 1000) * 2,
        6,
      );

      const stored = rowsOf<{
        creative_id: number;
        value: string;
        label_id: number | null;
        score: number | null;
        model_version: string;
      }>(
        await handle.db.execute(sql`
          select s.creative_id, s.value, s.label_id, s.score, s.model_version from suggestions s
          join creatives c on c.id = s.creative_id
          where c.dataset_id = ${dataset.id} and s.source = 'generative' order by s.creative_id`),
      );
      expect(stored.map((s) => s.value)).toEqual([
        "Vehicles > Automotive Services > Auto Repair",
        "Vehicles > Automotive Services > Auto Repair",
        "Food & Drink > Snacks",
        "Pets > Dog Treats",
      ]);
      expect(stored[0]).toMatchObject({
        label_id: byPath.get("Vehicles > Automotive Services > Auto Repair"),
        score: 1,
        model_version: generativeAgent({
          provider: "openai-compatible",
          model: "loopback-1",
          promptVersion: labelPromptVersion,
        }),
      });
      // A new path: stored as written, mapped to the closest label with its (lower) score.
      expect(stored[3]!.score).toBeLessThan(1);

      const outcomes = rowsOf<{ outcome: string; detail: string | null }>(
        await handle.db.execute(sql`
          select outcome, detail from generative_job_items where job_id = ${jobId} order by creative_id`),
      );
      expect(outcomes.map((o) => o.outcome)).toEqual([
        "labelled",
        "labelled",
        "labelled",
        "refused",
        "empty",
        "too_long",
        "malformed",
        "failed",
        "labelled",
      ]);
      expect(outcomes[7]!.detail).toContain("HTTP 500");

      // The detector and the browse list read these exactly as imported generative labels.
      const inputs = await loadRunInputs(handle.db, {
        datasetId: dataset.id,
        modelId: "m",
        modelVersion: "1",
      });
      expect(inputs.creatives.map((c) => c.generativeValue)).toEqual([
        "Vehicles > Automotive Services > Auto Repair",
        "Vehicles > Automotive Services > Auto Repair",
        "Food & Drink > Snacks",
        null,
        null,
        null,
        null,
        null,
        "Pets > Dog Treats",
      ]);
      const listed = await listCreativePage(handle.db, dataset.id, { limit: 100, offset: 0 });
      expect(listed.items.find((c) => c.text === "Crunchy crisps")?.generativeLabel).toBe(
        "Food & Drink > Snacks",
      );

      // Again over all creatives: every answered text comes from the cache; only the malformed
      // and the failed ones (never cached) are asked again.
      const second = server.requests.length;
      const again = await runGenerativeJob(handle.db, {
        jobId: await newJob(dataset.id, "all"),
        ...jobOptions,
      });
      expect(again).toMatchObject({ status: "done", total: 9, cached: 7, labelled: 4 });
      expect(server.requests.length - second).toBe(3);

      // Missing only: the creatives that still have no generative label.
      const missing = await newJob(dataset.id, "missing");
      expect((await getGenerativeJob(handle.db, missing))!.total).toBe(5);
      await runGenerativeJob(handle.db, { jobId: missing, ...jobOptions });
    });

    it("resumes an interrupted job where it stopped, from shared words when there are no vectors", async () => {
      const texts = Array.from({ length: 20 }, (_, i) =>
        i % 2 ? `Hotels in Rome night ${i}` : `Dog food sale ${i}`,
      );
      const dataset = await importDataset(handle.db, "g2", texts);
      const jobId = await newJob(dataset.id, "missing");
      // A process labelled five creatives, then died: its heartbeat went stale.
      const done = await listPendingGenerativeItems(handle.db, jobId, 5);
      await recordGenerativeResults(handle.db, {
        jobId,
        agent: "openai-compatible:loopback-1@" + labelPromptVersion,
        results: done.map((d) => ({
          creativeId: d.creativeId,
          outcome: "labelled",
          answer: "Pets > Dog Food",
          detail: null,
          fromCache: false,
          promptTokens: 20,
          completionTokens: 4,
          labelId: null,
          score: null,
        })),
      });
      expect(await claimInterruptedGenerativeJob(handle.db, jobId)).toBe(false);
      await handle.db.execute(sql`
        update generative_jobs set heartbeat_at = now() - interval '5 minutes' where id = ${jobId}`);
      expect(await listInterruptedGenerativeJobs(handle.db)).toContain(jobId);
      expect((await getGenerativeJob(handle.db, jobId))!.interrupted).toBe(true);
      expect(await claimInterruptedGenerativeJob(handle.db, jobId)).toBe(true);
      expect(await claimInterruptedGenerativeJob(handle.db, jobId)).toBe(false);

      const before = server.requests.length;
      const job = await runGenerativeJob(handle.db, { jobId, ...jobOptions });
      expect(job).toMatchObject({ status: "done", total: 20, labelled: 20, pending: 0 });
      const asked = server.requests.slice(before);
      expect(asked).toHaveLength(15);
      // Without vectors the nearest labels come from shared words.
      const first = asked.find((r) => r.body.messages!.at(-1)!.content.includes("Hotels in Rome"));
      expect(candidatePathsOf(first!.body.messages!.at(-1)!.content)[0]).toBe("Travel > Hotels");
      expect(job.promptTokens).toBe(20 * 20);
    });

    it("stops at once when cancelled, keeps what it stored, and leaves the rest pending", async () => {
      const slow = await startChatCompletionsServer(() => ({ hang: true }));
      try {
        const dataset = await importDataset(handle.db, "g3", ["one", "two", "three", "four"]);
        const settings = (await getGenerativeSettings(handle.db))!;
        await saveGenerativeSettings(handle.db, {
          ...settings,
          baseUrl: slow.baseUrl,
          timeoutSeconds: 60,
          updatedBy: "admin",
        });
        const jobId = await newJob(dataset.id, "missing");
        const controller = new AbortController();
        const running = runGenerativeJob(handle.db, { jobId, signal: controller.signal });
        while (slow.requests.length === 0) await new Promise((r) => setTimeout(r, 20));
        const started = performance.now();
        controller.abort(new Error("cancelled"));
        const job = await running;
        expect(performance.now() - started).toBeLessThan(2_000);
        expect(job).toMatchObject({ status: "cancelled", pending: 4, labelled: 0 });
        await saveGenerativeSettings(handle.db, { ...settings, updatedBy: "admin" });
      } finally {
        await slow.close();
      }
    });
  });
}
