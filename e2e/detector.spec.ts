import { expect, test } from "@playwright/test";

async function flaggedCount(page: import("@playwright/test").Page): Promise<number> {
  const text = await page.getByTestId("threshold-flagged").innerText();
  return Number(/([\d,]+)/.exec(text)?.[1]?.replace(/,/g, ""));
}

async function queueSize(page: import("@playwright/test").Page): Promise<number> {
  const response = await page.request.get("/api/queue/counts?dataset=demo");
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

test("the detector re-runs in the browser with the decisions so far, and the queue follows", async ({
  page,
}) => {
  test.setTimeout(180_000);
  // Decide two queue items so the run has new decisions to learn from.
  const claim = await page.request.post("/api/queue/claim", {
    data: { dataset: "demo", count: 2 },
  });
  const { items } = (await claim.json()) as {
    items: { creativeId: number; predicted: { labelId: number } | null }[];
  };
  for (const item of items) {
    const decided = await page.request.post("/api/decisions", {
      data: {
        creativeId: item.creativeId,
        action: "accept",
        labelId: item.predicted!.labelId,
        timeSpentMs: 1000,
        clientDecisionId: crypto.randomUUID(),
      },
    });
    expect(decided.ok()).toBe(true);
  }
  await page.goto("/detector");
  const panel = page.getByTestId("detector-run");
  await expect(panel.getByTestId("decisions-since")).not.toHaveText("0");
  await panel.getByTestId("detector-run-start").click();
  const done = panel.getByTestId("detector-run-done");
  await expect(done).toBeVisible({ timeout: 150_000 });
  await expect(done).toContainText("Scored 2,400 creatives");
  // the worker scored with the WebAssembly SIMD kernel, not the TypeScript fallback
  await expect(done).toContainText("(WebAssembly SIMD kernel)");
  await page.reload();
  await expect(panel.getByTestId("decisions-since")).toHaveText("0");
  // Through the page's own fetch: the API client's keep-alive socket has been idle for the
  // length of the run, about the server's 5 s keep-alive timeout, and reusing it can race its
  // close (ECONNRESET); Chromium retries such a request on a fresh socket.
  const claimed = await page.evaluate(async () => {
    const response = await fetch("/api/queue/claim", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ dataset: "demo", count: 1 }),
    });
    return ((await response.json()) as { items: unknown[] }).items.length;
  });
  expect(claimed).toBe(1);
});
