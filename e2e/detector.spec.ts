import { expect, test } from "@playwright/test";

async function flaggedCount(page: import("@playwright/test").Page): Promise<number> {
  const text = await page.getByTestId("threshold-flagged").innerText();
  return Number(/([\d,]+)/.exec(text)?.[1]?.replace(/,/g, ""));
}

async function queueSize(page: import("@playwright/test").Page): Promise<number> {
  const response = await page.request.post("/api/queue/claim", {
    data: { dataset: "demo", annotator: "threshold-probe", count: 1 },
  });
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as { counts: { flagged: number } };
  return body.counts.flagged;
}

test("an analyst drags the similarity threshold, sees what it flags, and the queue follows", async ({
  page,
}) => {
  await page.goto("/detector");
  const chart = page.getByTestId("threshold-chart");
  await expect(chart).toBeVisible();
  await page.getByTestId("threshold-input").fill("0.05");
  const few = await flaggedCount(page);
  await expect(page.getByTestId("threshold-precision")).toBeVisible();

  // Drag the line to the right: more creatives fall under it.
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const dragged = Number(await page.getByTestId("threshold-input").inputValue());
  expect(dragged).toBeGreaterThan(0.5);
  const many = await flaggedCount(page);
  expect(many).toBeGreaterThan(few);

  const before = await queueSize(page);
  await page.getByTestId("threshold-save").click();
  await expect(page.getByTestId("threshold-message")).toContainText("now join the queue");
  const after = await queueSize(page);
  expect(after).toBeGreaterThan(before);

  await page.reload();
  await expect(page.getByTestId("threshold-input")).toHaveValue(String(dragged));
});
