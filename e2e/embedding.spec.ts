import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { defaultModel, modelVersionOf } from "@/lib/core/models/registry";
import { loadNodeEmbedder } from "@/lib/ml/embedding/nodeEnvironment";
import { DataPage } from "./support/dataPage";
import { EmbeddingPage } from "./support/embeddingPage";

/**
 * The embedding engine in the real app: the bundled model runs in the browser worker (WASM in
 * headless Chromium), its vectors equal Node's, the demo dataset is embedded and stored on the
 * server, and a missing or corrupt model folder shows an error that names the problem.
 */
const newDataset = "embedding-e2e";
/** The demo seed's taxonomy (lib/server/demo/seedDemo.ts). */
const demoTaxonomyName = "IAB Ad Product 2.0 + brands";
const bundledModelsDir = join(process.cwd(), "public", "models");

test("the bundled model loads in the worker and says where it runs", async ({ page }) => {
  const settings = new EmbeddingPage(page);
  await settings.open();
  const status = await settings.expectModelReady();
  await expect(status.getByTestId("active-model-id")).toHaveText(defaultModel().id);
  // Headless Chromium without --enable-unsafe-webgpu has no adapter: WASM, with the reason.
  await expect(status.getByTestId("model-device")).toHaveText("WASM (CPU)");
  await expect(status.getByTestId("model-device-reason")).toContainText("WebGPU");
  await expect(status.getByTestId("model-isolated")).toHaveText("yes");
});

test("browser vectors equal Node vectors to 1e-5", async ({ page }) => {
  const texts = [
    "LEASE THE PILOT FOR $461/MO • Employee pricing for everyone",
    "Roasted in-house every morning. Your neighborhood cafe, open 6am",
    "Honda, Auto Repair, Vehicles",
  ];
  const settings = new EmbeddingPage(page);
  await settings.open();
  await settings.expectModelReady();
  const browser = await settings.probe(texts);

  const embedder = await loadNodeEmbedder(defaultModel(), bundledModelsDir);
  const node = await embedder.embed(texts);
  await embedder.dispose();
  expect(browser).toHaveLength(texts.length);
  let max = 0;
  browser.forEach((row, i) => {
    expect(row).toHaveLength(embedder.dim);
    row.forEach((value, j) => {
      max = Math.max(max, Math.abs(value - (node[i * embedder.dim + j] ?? NaN)));
    });
  });
  expect(max).toBeLessThan(1e-5);
});

test("embeds a new dataset in the browser and stores every vector", async ({ page, request }) => {
  test.setTimeout(180_000);
  // The seed already embedded the demo dataset in Node; a fresh dataset of 300 held-out demo
  // creatives (the evaluation split, never seen by the model build; new ids, same taxonomy) is
  // what the browser must embed now.
  const truth = new Map(
    readFileSync(join(process.cwd(), "lib/demo/data/ground-truth.jsonl"), "utf8")
      .split("\n")
      .filter((line) => line.trim().length > 0)
      .map(
        (line) =>
          JSON.parse(line) as { id: string; true_label: string; issue: string; split: string },
      )
      .map((g) => [g.id, g]),
  );
  const heldOut = readFileSync(join(process.cwd(), "lib/demo/data/creatives.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as { id: string; text: string })
    .filter(
      (record) =>
        truth.get(record.id)?.split === "eval" && truth.get(record.id)?.issue !== "new_label",
    )
    .slice(0, 300);
  const trueLabelOf = new Map(heldOut.map((r) => [`e2e-${r.id}`, truth.get(r.id)!.true_label]));
  const rows = heldOut.map((record) => JSON.stringify({ ...record, id: `e2e-${record.id}` }));
  const data = new DataPage(page);
  await data.open();
  await data.importFile(
    { name: "embedding-e2e.jsonl", content: rows.join("\n") },
    { dataset: newDataset, taxonomy: demoTaxonomyName },
  );

  const settings = new EmbeddingPage(page);
  await settings.open();
  await settings.expectModelReady();
  const job = page.getByTestId("embedding-job");
  await job.getByTestId("embedding-dataset").selectOption(newDataset);
  await job.getByRole("button", { name: "Embed" }).click();
  await expect(job.getByRole("progressbar", { name: "Embedded and stored" })).toBeVisible();
  const done = job.getByTestId("embedding-done");
  await expect(done).toBeVisible({ timeout: 150_000 });
  // The 300 creatives, and any label another test proposed in the demo taxonomy meanwhile.
  const embeddedNow = Number(/([\d,]+) embedded now/.exec((await done.textContent()) ?? "")?.[1]);
  expect(embeddedNow).toBeGreaterThanOrEqual(300);
  expect(embeddedNow).toBeLessThan(320);

  // New creatives were embedded, so the detector runs next in the browser, and the new dataset's
  // queue is ready from that run.
  const scored = job.getByTestId("detector-run-done");
  await expect(scored).toBeVisible({ timeout: 120_000 });
  await expect(scored).toContainText("Scored 300 creatives");
  const claim = await request.post("/api/queue/claim", {
    data: { dataset: newDataset, count: 3 },
  });
  expect(claim.ok()).toBe(true);
  const queue = (await claim.json()) as { items: unknown[] };
  expect(queue.items).toHaveLength(3);
  const counts = await request.get(
    `/api/queue/counts?${new URLSearchParams({ dataset: newDataset })}`,
  );
  expect(((await counts.json()) as { counts: { flagged: number } }).counts.flagged).toBeGreaterThan(
    0,
  );

  const model = defaultModel();
  const params = new URLSearchParams({
    dataset: newDataset,
    modelId: model.id,
    modelVersion: modelVersionOf(model),
    limit: "10",
  });
  const pending = await request.get(`/api/embeddings/pending?${params}`);
  expect(pending.ok()).toBe(true);
  const body: unknown = await pending.json();
  expect(body).toMatchObject({ remaining: 0, items: [] });

  // Running it again finds nothing left to do.
  await job.getByRole("button", { name: "Embed" }).click();
  await expect(done).toContainText("0 embedded now");

  // On these held-out creatives, a text is closer to its true label than to a random other label.
  const map = await request.get(
    `/api/map-data?${new URLSearchParams({ dataset: newDataset, modelId: model.id, modelVersion: modelVersionOf(model) })}`,
  );
  expect(map.ok()).toBe(true);
  const { points, dim, vectors } = (await map.json()) as {
    points: { kind: string; ownerId: number; label: string }[];
    dim: number;
    vectors: string;
  };
  const all = new Float32Array(new Uint8Array(Buffer.from(vectors, "base64")).buffer);
  const row = (i: number) => all.subarray(i * dim, (i + 1) * dim);
  const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, v, k) => sum + v * b[k]!, 0);
  const labelRows = points.flatMap((p, i) => (p.kind === "label" ? [{ path: p.label, i }] : []));
  const texts = points.flatMap((p, i) => (p.kind === "text" ? [{ text: p.label, i }] : []));
  const externalIdOfText = new Map(heldOut.map((r) => [r.text, `e2e-${r.id}`]));
  // A fixed linear congruential sequence picks the "random other label", so the test is repeatable.
  let seed = 12345;
  const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  let closer = 0;
  let compared = 0;
  for (const t of texts) {
    const truePath = trueLabelOf.get(externalIdOfText.get(t.text) ?? "");
    const trueLabel = labelRows.find((l) => l.path === truePath);
    if (!trueLabel) continue;
    let other = labelRows[Math.floor(random() * labelRows.length)]!;
    while (other.path === truePath) other = labelRows[Math.floor(random() * labelRows.length)]!;
    compared++;
    if (cosine(row(t.i), row(trueLabel.i)) > cosine(row(t.i), row(other.i))) closer++;
  }
  expect(compared).toBeGreaterThanOrEqual(250);
  expect(closer / compared).toBeGreaterThanOrEqual(0.9);
});

test("a model folder that does not exist shows which file is missing", async ({ page }) => {
  const settings = new EmbeddingPage(page);
  await settings.open();
  await settings.addLocalModel("no-such-model");
  const error = page.getByTestId("model-error");
  await expect(error).toBeVisible({ timeout: 30_000 });
  await expect(error).toContainText('Model "no-such-model" is missing a file');
  await expect(error).toContainText("/models/no-such-model/");
});

test("a corrupt ONNX file shows a corrupt-file error", async ({ page, context }) => {
  const folder = defaultModel().id;
  await context.route(`**/models/corrupt-model/**`, async (route) => {
    const url = new URL(route.request().url());
    const file = url.pathname.replace("/models/corrupt-model/", "");
    if (file.endsWith(".onnx")) {
      await route.fulfill({
        status: 200,
        contentType: "application/octet-stream",
        body: "garbage",
      });
    } else {
      await route.fulfill({ path: join(bundledModelsDir, folder, file) });
    }
  });
  const settings = new EmbeddingPage(page);
  await settings.open();
  await settings.addLocalModel("corrupt-model");
  const error = page.getByTestId("model-error");
  await expect(error).toBeVisible({ timeout: 30_000 });
  await expect(error).toContainText('Model "corrupt-model" has a corrupt or unreadable file');
});
