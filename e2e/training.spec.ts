import { expect, test, type APIRequestContext } from "@playwright/test";
import { defaultModel, modelVersionOf } from "@/lib/core/models/registry";
import { apiAs } from "./support/accounts";

const bundled = { modelId: defaultModel().id, modelVersion: modelVersionOf(defaultModel()) };

/**
 * The active-learning loop in the real app: decisions on queue items, a training round started
 * from Settings (training in the browser's worker, the version's vectors, the detector run in
 * its space), the new version listed and followed by the queue, both spaces side by side on the
 * map, and the one-click rollback to the base model's run. It runs after the map tests, whose
 * demo dataset has one model's vectors only until a version exists.
 */

interface Claimed {
  items: { creativeId: number; predicted: { labelId: number } | null }[];
  counts: { flagged: number } | null;
  run: { modelId: string; modelVersion: string } | null;
}

async function claim(api: APIRequestContext, count: number): Promise<Claimed> {
  const response = await api.post("/api/queue/claim", { data: { dataset: "demo", count } });
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as Claimed;
}

test("decisions train a version in the browser, the queue follows it, and a rollback restores the base run", async ({
  page,
}) => {
  test.setTimeout(420_000);
  // An annotator decides 30 queue items: the predicted label is accepted or the nearest taken.
  const annotator = await apiAs("training-e2e-annotator", "annotator");
  const { items } = await claim(annotator, 30);
  expect(items.length).toBe(30);
  for (const item of items) {
    const decided = await annotator.post("/api/decisions", {
      data: {
        creativeId: item.creativeId,
        action: "accept",
        labelId: item.predicted!.labelId,
        timeSpentMs: 2000,
        clientDecisionId: crypto.randomUUID(),
      },
    });
    expect(decided.ok(), await decided.text()).toBe(true);
  }

  await page.goto("/settings");
  const panel = page.getByTestId("training-panel");
  await panel.getByTestId("training-dataset").selectOption("demo");
  await expect(panel.getByTestId("followed-space")).toContainText("base model");
  await expect(panel.getByTestId("retrain-proposal")).toContainText("new decisions");
  // A lower threshold makes the app propose the round (it never starts one by itself).
  await panel.getByTestId("retrain-after").fill("20");
  await panel.getByRole("button", { name: "Save" }).click();
  await expect(panel.getByTestId("retrain-proposal")).toHaveAttribute("data-due", "true");
  await expect(panel.getByTestId("model-version-row")).toHaveCount(0);

  await panel.getByTestId("training-start").click();
  await expect(panel.getByTestId("training-curves")).toBeVisible({ timeout: 60_000 });
  const done = panel.getByTestId("training-done");
  await expect(done).toBeVisible({ timeout: 300_000 });
  await expect(done).toContainText(/Re-scored 2,4\d\d creatives/);
  const versionId = Number(await done.getAttribute("data-version-id"));
  expect(versionId).toBeGreaterThan(0);
  expect(Number(await done.getAttribute("data-epochs"))).toBeGreaterThan(0);

  // The version is listed, selected, and the queue is drawn from its run.
  const row = panel.locator(`[data-testid=model-version-row][data-version-id="${versionId}"]`);
  await expect(row).toHaveAttribute("data-selected", "true");
  await expect(panel.getByTestId("followed-space")).toContainText(`version ${versionId}`);
  await expect(panel.getByTestId("retrain-proposal")).toHaveAttribute("data-due", "false");
  const after = await claim(await apiAs("training-e2e-after", "annotator"), 1);
  expect(after.run).toEqual({
    modelId: bundled.modelId,
    modelVersion: `${bundled.modelVersion}+adapter.${versionId}`,
  });

  // The map offers the version beside the base model and draws both on the same points.
  await page.goto("/map");
  const compare = page.getByTestId("map-compare");
  await compare
    .getByTestId("map-compare-model")
    .selectOption(`${bundled.modelId} version ${versionId}`);
  await compare.getByTestId("map-compare-show").click();
  for (const side of ["left", "right"]) {
    await expect(page.getByTestId(`map-compare-status-${side}`)).toHaveAttribute(
      "data-status",
      "done",
      { timeout: 120_000 },
    );
  }

  // The decided creatives are ringed on both panes, the same ones on each.
  const decidedTrace = (side: string) =>
    page
      .getByTestId(`map-compare-plot-${side}`)
      .evaluate(
        (element) =>
          ((element as HTMLElement & { data?: { name?: string }[] }).data ?? []).find((t) =>
            t.name?.startsWith("decided"),
          )?.name ?? null,
      );
  await expect.poll(() => decidedTrace("left")).toMatch(/^decided \(\d+\)$/);
  expect(await decidedTrace("right")).toBe(await decidedTrace("left"));
  await page.getByTestId("map-compare-highlight-decided").uncheck();
  await expect.poll(() => decidedTrace("right")).toBeNull();

  // One click back to the base model: the queue follows the base run again, as it was.
  await page.goto("/settings");
  await panel.getByTestId("training-dataset").selectOption("demo");
  await panel.getByTestId("rollback").click();
  await expect(panel.getByTestId("followed-space")).toContainText("base model");
  await expect(row).toHaveAttribute("data-selected", "false");
  const rolledBack = await claim(await apiAs("training-e2e-rollback", "annotator"), 1);
  expect(rolledBack.run).toEqual(bundled);
});
