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

test("the map of the demo dataset shows its creatives and labels from the database, coloured by flag", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const map = new MapPage(page);
  await page.goto("/map");
  await expect(page.getByTestId("map-counts")).toContainText("labels", { timeout: 60_000 });
  await map.waitForLayout();
  const traces = await map.traces();
  const text = traces.find((t) => t.name.startsWith("creative text"));
  const labels = traces.find((t) => t.name.startsWith("label"));
  expect(text?.points).toBeGreaterThanOrEqual(2400);
  expect(labels?.points).toBeGreaterThan(600);
  await map.colourBy("flag");
  await expect.poll(async () => new Set((await map.traces())[0]?.colours).size).toBeGreaterThan(1);
});
