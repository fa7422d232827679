import { expect, test } from "@playwright/test";
import { WorkbenchPage } from "./support/workbench";

test("the workbench shows the labelled creatives nearest to the current one", async ({ page }) => {
  const bench = new WorkbenchPage(page);
  await bench.start("similar-annotator");
  const accepted = Number(await bench.currentCreativeId());
  await bench.pressAndAdvance("a");
  await expect(bench.historyItems().first()).toHaveAttribute("data-saved", "true");

  // The next card lists labelled creatives (at least the one just accepted), with their labels.
  const panel = bench.item().getByTestId("similar-confirmed");
  await expect(panel.getByTestId("similar-confirmed-label").first()).toBeVisible();
  const current = Number(await bench.currentCreativeId());

  // The same answer from the API: labelled by a decision, nearest first, never the creative itself.
  const response = await page.request.get(`/api/creatives/${current}/similar?confirmed=1&limit=50`);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as {
    method: string;
    modelId: string;
    items: { creativeId: number; similarity: number; label: { source: string } | null }[];
  };
  expect(body.method).toBe("exact");
  expect(body.modelId).toBe("creative-triage-static-v1");
  expect(body.items.length).toBeGreaterThan(0);
  expect(body.items.every((i) => i.label?.source === "decision")).toBe(true);
  expect(body.items.some((i) => i.creativeId === current)).toBe(false);
  const similarities = body.items.map((i) => i.similarity);
  expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
  // The accepted creative is among them unless 50 labelled creatives are nearer still.
  if (body.items.length < 50) expect(body.items.map((i) => i.creativeId)).toContain(accepted);

  // Every creative of the library is searched, labelled or not.
  const all = await page.request.get(`/api/creatives/${current}/similar?limit=3`);
  expect(((await all.json()) as { items: unknown[] }).items).toHaveLength(3);

  const bad = await page.request.get(`/api/creatives/abc/similar`);
  expect(bad.status()).toBe(400);
  expect(JSON.stringify(await bad.json())).toContain("Invalid creative id");
  const badLimit = await page.request.get(`/api/creatives/${current}/similar?limit=500`);
  expect(badLimit.status()).toBe(400);
  expect(JSON.stringify(await badLimit.json())).toContain("limit");
});
