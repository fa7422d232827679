import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { defaultModel } from "@/lib/core/models/registry";
import { DataPage } from "./support/dataPage";
import { EmbeddingPage } from "./support/embeddingPage";
import { MapPage } from "./support/mapPage";
import { signInAs } from "./support/accounts";

/**
 * The map page, on the seeded synthetic map data (which has image points) and on the demo
 * dataset's stored vectors: the real worker lays the points out, Plotly draws texts, images and labels as their own
 * traces, recolouring changes the marker colours, and a box selection lists the creatives.
 */
test("the demo map shows every kind of point, recolours, and box-selects a group", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const map = new MapPage(page);
  await map.openDemo(1200);
  await expect(page.getByTestId("map-counts")).toContainText("labels");
  await map.waitForLayout();

  const traces = await map.traces();
  const byName = (prefix: string) => traces.find((t) => t.name.startsWith(prefix));
  for (const kind of ["creative text", "creative image", "label"]) {
    expect(byName(kind)?.points, kind).toBeGreaterThan(0);
  }
  expect(traces.every((t) => t.type === "scattergl" || t.type === "scatter")).toBe(true);

  const branchColours = new Set(byName("creative text")?.colours);
  expect(branchColours.size).toBeGreaterThan(3);
  await map.colourBy("flag");
  await expect
    .poll(async () => new Set((await map.traces())[0]?.colours).has("#e15759"))
    .toBe(true);
  const flagColours = new Set((await map.traces())[0]?.colours);
  expect(flagColours.size).toBeLessThanOrEqual(3);

  await map.boxSelect([0.05, 0.05], [0.95, 0.95]);
  const selection = page.getByTestId("map-selection");
  await expect(selection).toBeVisible();
  await expect(page.getByTestId("map-selection-count")).toContainText(/\d+ creatives selected/);
  const link = selection.getByRole("link", { name: /^#\d+$/ }).first();
  await expect(link).toHaveAttribute("href", /\/queue\?creative=\d+/);
  await selection.getByRole("button", { name: "Clear selection" }).click();
  await expect(selection).toBeHidden();
});

test("the demo dataset's map: text and label points, flags, a box-selected group labelled in bulk, and the stored map on reload", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const map = new MapPage(page);
  const analyst = "map-e2e";
  await page.goto("/map");
  await expect(page.getByTestId("map-counts")).toContainText("labels", { timeout: 60_000 });
  await map.waitForLayout();
  const computed = await map.layoutOrigin();
  expect(computed.origin).toBe("computed");
  const traces = await map.traces();
  const text = traces.find((t) => t.name.startsWith("creative text"));
  const labels = traces.find((t) => t.name.startsWith("label"));
  expect(text?.points).toBeGreaterThanOrEqual(2400);
  expect(labels?.points).toBeGreaterThan(600);
  await expect(page.getByTestId("map-compare-unavailable")).toContainText("one model only");

  await map.colourBy("flag");
  await expect
    .poll(async () => new Set((await map.traces())[0]?.colours).has("#e15759"))
    .toBe(true);
  await map.filterByFlag("wrong label");
  await expect
    .poll(async () => (await map.traces()).find((t) => t.name.startsWith("creative text"))?.points)
    .toBeLessThan(text!.points);
  await map.filterByFlag("any");

  // A group: the creatives of one advertiser city, boxed on the map.
  await map.search("milwaukee");
  await expect
    .poll(async () => (await map.traces()).find((t) => t.name.startsWith("creative text"))?.points)
    .toBeLessThan(40);
  await map.boxSelect([0.01, 0.01], [0.99, 0.99]);
  await expect(page.getByTestId("map-selection-count")).toContainText(
    /[1-9]\d* creatives selected/,
  );
  const group = await map.selectedCreativeIds();
  expect(group.length).toBeGreaterThan(5);
  // Bulk actions change labels: an admin does them, and every decision carries their name.
  await signInAs(page, analyst, "admin");

  const queued = await map.sendToQueue();
  await expect(queued).toContainText(/\d+ creatives sent to the queue/);

  const result = await map.assignLabel("auto repair");
  await expect(result).toContainText(`${group.length} creatives decided`);
  const chosen = (await result.textContent())!.split(":")[0]!;

  // The decisions and their training pairs are in the database.
  const decisions = (
    await (
      await page.request.get(`/api/export/decisions.jsonl?dataset=demo&annotator=${analyst}`)
    ).text()
  )
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(decisions).toHaveLength(group.length);
  const recent = (await (
    await page.request.get(`/api/decisions/recent?dataset=demo&annotator=${analyst}`)
  ).json()) as { decisions: { creativeId: number; labelPath: string[] }[] };
  for (const d of recent.decisions) {
    expect(group).toContain(d.creativeId);
    expect(d.labelPath.join(" > ")).toBe(chosen);
  }
  const pairs = (
    await (
      await page.request.get(`/api/export/pairs.jsonl?dataset=demo&annotator=${analyst}`)
    ).text()
  )
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { score: number });
  expect(pairs.filter((p) => p.score === 0.9).length).toBeGreaterThanOrEqual(group.length);
  expect(pairs.some((p) => p.score === 0.1)).toBe(true);

  // The map was stored: a reload opens it without laying it out again.
  await page.reload();
  await map.waitForLayout();
  const stored = await map.layoutOrigin();
  expect(stored.origin).toBe("stored");
  const reloaded = await map.traces();
  expect(reloaded.find((t) => t.name.startsWith("creative text"))?.points).toBe(text?.points);
  test.info().annotations.push({
    type: "map-open-seconds",
    description: `computed=${computed.seconds} stored=${stored.seconds} points=${text!.points + labels!.points}`,
  });
  console.log(
    `map_points=${text!.points + labels!.points} computed_s=${computed.seconds} stored_open_s=${stored.seconds}`,
  );

  // A creative in the selection opens first in the workbench.
  await page.goto(`/queue?creative=${group[0]}`);
  await expect(page.getByTestId("queue-item")).toHaveAttribute(
    "data-creative-id",
    String(group[0]),
    { timeout: 30_000 },
  );
});

test("creatives imported and embedded after the map was stored are placed into it, not laid out again", async ({
  page,
}) => {
  test.setTimeout(300_000);
  const map = new MapPage(page);
  await page.goto("/map");
  await map.waitForLayout();
  const before = (await map.traces()).find((t) => t.name.startsWith("creative text"))!.points;

  // New creatives in the demo dataset (texts of demo creatives under new ids), embedded in the
  // browser with the bundled model.
  const added = readFileSync(join(process.cwd(), "lib/demo/data/creatives.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .slice(0, 40)
    .map((line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify({ ...record, id: `map-e2e-${String(record.id)}` });
    });
  const data = new DataPage(page);
  await data.open();
  const report = await data.importFile(
    { name: "map-added.jsonl", content: added.join("\n") },
    // An existing dataset keeps its taxonomy: wait until the form shows it (earlier tests import
    // other taxonomies, which the form may offer first).
    { dataset: "demo", expectTaxonomy: "IAB Ad Product 2.0 + brands" },
  );
  await expect(report).toContainText("40");
  const settings = new EmbeddingPage(page);
  await settings.open();
  await settings.expectModelReady();
  const job = page.getByTestId("embedding-job");
  await job.getByTestId("embedding-dataset").selectOption("demo");
  await job.getByRole("button", { name: "Embed" }).click();
  // The 40 creatives, and any label an earlier test proposed that had no vector yet.
  await expect(job.getByTestId("embedding-done")).toContainText(/\d+ embedded now/, {
    timeout: 150_000,
  });
  const embedded = Number(
    /(\d+) embedded now/.exec((await job.getByTestId("embedding-done").textContent()) ?? "")?.[1],
  );
  expect(embedded).toBeGreaterThanOrEqual(40);

  await page.goto("/map");
  await map.waitForLayout();
  const placed = await map.layoutOrigin();
  expect(placed.origin).toBe("stored");
  await expect(map.status).toContainText(`${embedded} points added since were placed into it`);
  const after = (await map.traces()).find((t) => t.name.startsWith("creative text"))!.points;
  expect(after).toBe(before + 40);
  console.log(`map_placed_points=40 placed_open_s=${placed.seconds}`);

  // The completed map was stored under the new dataset version: the next visit places nothing.
  await page.reload();
  await map.waitForLayout();
  expect((await map.layoutOrigin()).origin).toBe("stored");
  await expect(map.status).not.toContainText("added since");
});

test("hovering shows a creative's text and label path, a click opens it in the workbench, and a group gets a new label", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const map = new MapPage(page);
  await page.goto("/map");
  await map.waitForLayout();

  await map.search("tucson");
  await expect
    .poll(async () => (await map.traces()).find((t) => t.name.startsWith("creative text"))?.points)
    .toBeLessThan(40);
  // A click on a creative opens it in the workbench. Plotly sends the click for the point it last
  // hovered, and two of many CI runs lost a click that followed a shown hover card (the page
  // stayed on the map), likely a redraw in between. So the hover and the click are repeated as a
  // user would, and the number of tries is printed: a click that keeps getting lost shows in the log.
  const card = page.getByTestId("map-hover");
  let tries = 0;
  await expect(async () => {
    // A click of an earlier try that navigated late has done the job.
    if (/\/queue\?/.test(page.url())) return;
    tries++;
    await map.hoverPoint("creative text", 0);
    await expect(card).toBeVisible({ timeout: 3_000 });
    await expect(card.getByTestId("map-hover-text")).toContainText(/tucson/i, { timeout: 3_000 });
    await expect(card.getByTestId("map-hover-path")).toContainText(">", { timeout: 3_000 });
    await page.mouse.down();
    await page.mouse.up();
    await expect(page).toHaveURL(/\/queue\?dataset=demo&creative=\d+/, { timeout: 5_000 });
  }).toPass({ timeout: 45_000 });
  console.log(`map_click_tries=${tries}`);
  await page.goBack();
  await map.waitForLayout();
  await map.search("tucson");
  await expect
    .poll(async () => (await map.traces()).find((t) => t.name.startsWith("creative text"))?.points)
    .toBeLessThan(40);

  await map.boxSelect([0.01, 0.01], [0.99, 0.99]);
  const group = await map.selectedCreativeIds();
  expect(group.length).toBeGreaterThan(5);
  await signInAs(page, "map-e2e-propose", "admin");
  await page.getByTestId("map-bulk-propose").click();
  await page.getByTestId("map-propose-name").fill("Tucson Local Services");
  await page.getByTestId("map-propose-create").click();
  await expect(page.getByTestId("map-bulk-result")).toContainText(
    `Proposed Tucson Local Services: ${group.length} creatives decided`,
  );
  const taxonomy = await (await page.request.get("/api/export/taxonomy.txt?dataset=demo")).text();
  expect(taxonomy).toContain("Tucson Local Services");
  const decisions = (
    await (
      await page.request.get("/api/export/decisions.jsonl?dataset=demo&annotator=map-e2e-propose")
    ).text()
  )
    .trim()
    .split("\n");
  expect(decisions).toHaveLength(group.length);
});

test("with vectors from two models the page shows both maps side by side on the same points", async ({
  page,
  context,
}) => {
  test.setTimeout(420_000);
  // A second model: the bundled encoder's files served under another folder name, as a
  // re-exported (e.g. fine-tuned) model would be. It loads and embeds through the real worker.
  const bundled = join(process.cwd(), "public", "models", defaultModel().id);
  await context.route("**/models/map-e2e-second-model/**", async (route) => {
    const file = new URL(route.request().url()).pathname.replace(
      "/models/map-e2e-second-model/",
      "",
    );
    await route.fulfill({ path: join(bundled, file) });
  });
  const settings = new EmbeddingPage(page);
  await settings.open();
  await settings.addLocalModel("map-e2e-second-model");
  await settings.expectModelReady();
  const job = page.getByTestId("embedding-job");
  await job.getByTestId("embedding-dataset").selectOption("demo");
  await job.getByRole("button", { name: "Embed" }).click();
  await expect(job.getByTestId("embedding-done")).toContainText("embedded now", {
    timeout: 300_000,
  });

  await page.goto("/map");
  const compare = page.getByTestId("map-compare");
  await expect(compare.getByTestId("map-compare-model")).toContainText("map-e2e-second-model");
  await compare.getByTestId("map-compare-show").click();
  for (const side of ["left", "right"]) {
    await expect(page.getByTestId(`map-compare-status-${side}`)).toHaveAttribute(
      "data-status",
      "done",
      { timeout: 120_000 },
    );
  }
  const pointsOf = (side: string) =>
    page
      .getByTestId(`map-compare-plot-${side}`)
      .evaluate((element) =>
        ((element as HTMLElement & { data?: { x?: unknown[] }[] }).data ?? []).reduce(
          (sum, trace) => sum + (trace.x?.length ?? 0),
          0,
        ),
      );
  const left = await pointsOf("left");
  expect(left).toBeGreaterThan(2400);
  expect(await pointsOf("right")).toBe(left);
});
