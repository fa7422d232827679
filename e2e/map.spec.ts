import { expect, test } from "@playwright/test";
import { MapPage } from "./support/mapPage";

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
  await map.setAnalyst(analyst);

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
