import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { localModelSpec, modelVersionOf } from "@/lib/core/models/registry";
import { tinyClipFixtureId, tinyClipFixtureParentDir } from "@/lib/model-build/tiny-clip-fixture";
import { DataPage } from "./support/dataPage";
import { EmbeddingPage } from "./support/embeddingPage";
import { OcrJobPanel, copyDemoAdImages } from "./support/images";
import { MapPage } from "./support/mapPage";
import { WorkbenchPage } from "./support/workbench";

/**
 * The multimodal path end to end with the tiny CLIP-shaped test fixture (random weights, never
 * offered as a model): a small dataset of creatives with images is imported, an image-only
 * creative gets its text by OCR (and the workbench says so), the fixture is added as a local
 * text + image model folder (served to the browser by this test only, as a user's folder under
 * /models/ would be), the browser embeds texts and labels through its text tower and the images
 * through its vision tower, the detector runs with the image vectors, and the map shows image
 * points with their own marker.
 */

const dataset = "e2e-clip";
const taxonomy = "IAB Ad Product 2.0 + brands";
/** Rendered demo ads (every 8th demo creative has one); the first is imported without text. */
const demoIds = [
  "demo-00001",
  "demo-00009",
  "demo-00017",
  "demo-00025",
  "demo-00033",
  "demo-00041",
];

function demoRows(): string[] {
  const byId = new Map(
    readFileSync("lib/demo/data/creatives.jsonl", "utf8")
      .split("\n")
      .filter((line) => line.trim().length > 0)
      .map((line) => {
        const row = JSON.parse(line) as Record<string, unknown>;
        return [String(row.id), row] as const;
      }),
  );
  const images = copyDemoAdImages("clip", demoIds);
  return demoIds.map((id, i) => {
    const row = byId.get(id)!;
    return JSON.stringify({
      id: `clip-${id}`,
      text: i === 0 ? "" : row.text,
      image: images.get(id),
      predicted_label: row.predicted_label,
      predicted_score: row.predicted_score,
      generative_label: row.generative_label,
    });
  });
}

test("with the CLIP-shaped fixture active, images are embedded through the vision tower and show on the map", async ({
  page,
  context,
}) => {
  test.setTimeout(300_000);
  const data = new DataPage(page);
  await data.open();
  const report = await data.importFile(
    { name: "clip.jsonl", content: demoRows().join("\n") },
    { dataset, taxonomy },
  );
  await expect(report).toHaveAttribute("data-status", "done");
  await expect(report).toContainText(`${demoIds.length} of ${demoIds.length} images stored`);

  // The image-only creative gets its text by OCR, and the workbench says where it came from.
  const pending = (await (await page.request.get(`/api/images/ocr?dataset=${dataset}`)).json()) as {
    items: { creativeId: number; imageOnly: boolean }[];
  };
  const imageOnly = pending.items.find((i) => i.imageOnly)!.creativeId;
  await data.open();
  await expect(await new OcrJobPanel(page).readAll(dataset)).toContainText(
    "1 image-only creatives got their text",
  );

  // The fixture, served from its folder as a user's model folder under /models/ is.
  const fixtureDir = join(process.cwd(), tinyClipFixtureParentDir, tinyClipFixtureId);
  await context.route(`**/models/${tinyClipFixtureId}/**`, async (route) => {
    const file = new URL(route.request().url()).pathname.replace(
      `/models/${tinyClipFixtureId}/`,
      "",
    );
    await route.fulfill({ path: join(fixtureDir, file) });
  });
  const settings = new EmbeddingPage(page);
  await settings.open();
  await settings.addLocalModel(tinyClipFixtureId, { multimodal: true });
  await settings.expectModelReady();
  const job = page.getByTestId("embedding-job");
  await expect(job.getByTestId("embedding-modality")).toContainText("text + image model");
  await job.getByTestId("embedding-dataset").selectOption(dataset);
  await job.getByRole("button", { name: "Embed" }).click();
  const done = job.getByTestId("embedding-done");
  await expect(done).toContainText(`${demoIds.length} of them images`, { timeout: 120_000 });
  console.log(`clip_embedding ${(await done.textContent()) ?? ""}`);
  // The detector runs next in the browser, with the image vectors.
  await expect(job.getByTestId("detector-run-done")).toBeVisible({ timeout: 120_000 });

  const model = localModelSpec({ id: tinyClipFixtureId, modality: "text+image" });
  const key = `modelId=${model.id}&modelVersion=${encodeURIComponent(modelVersionOf(model))}`;
  const inputs = (await (
    await page.request.get(`/api/detector-run?dataset=${dataset}&${key}`)
  ).json()) as { creatives: unknown[]; images?: string };
  expect(inputs.creatives).toHaveLength(demoIds.length);
  expect(inputs.images).toBeDefined();

  const map = new MapPage(page);
  await page.goto(`/map?dataset=${dataset}&${key}`);
  await map.waitForLayout();
  const traces = await map.traces();
  const byName = (prefix: string) => traces.find((t) => t.name.startsWith(prefix));
  expect(byName("creative image")?.points).toBe(demoIds.length);
  expect(byName("creative text")?.points).toBe(demoIds.length);
  expect(byName("label")?.points).toBeGreaterThan(600);
  expect(byName("creative image")?.symbol).toBe("square");
  expect(byName("creative text")?.symbol).toBe("circle");
  await expect(page.getByTestId("map-counts")).toContainText(`${demoIds.length} images`);

  const workbench = new WorkbenchPage(page);
  await page.goto(`/queue?dataset=${dataset}&creative=${imageOnly}`);
  // Without accounts the queue asks for a name first; signed in, it opens at once.
  const start = page.getByTestId("annotator-start");
  await expect(workbench.item().or(start)).toBeVisible();
  if (await start.isVisible()) {
    await page.getByTestId("annotator-name").fill("clip-e2e");
    await start.click();
  }
  await expect(workbench.item()).toHaveAttribute("data-creative-id", String(imageOnly));
  await expect(workbench.item().getByTestId("queue-text-source")).toHaveText(
    "Text read from the image (OCR)",
  );
  await expect(workbench.item().getByTestId("queue-text")).toContainText("LEASE THE PILOT");
});
