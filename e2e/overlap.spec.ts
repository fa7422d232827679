import { expect, test, type Browser, type Page } from "@playwright/test";
import { adminApi, signInAs } from "./support/accounts";
import { WorkbenchPage } from "./support/workbench";

const annotatorA = "overlap-annotator-a";
const annotatorB = "overlap-annotator-b";

/** The first page loads of a fresh build compile nothing but can be slow on a busy machine. */
const firstLoad = { timeout: 60_000 };

interface OverlapSetting {
  share: number;
  annotators: number;
}

/** A browser context of its own, signed in as `username` (an annotator). */
async function annotatorPage(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInAs(page, username, "annotator");
  return page;
}

/** The Metrics page's settled count, as the JSON export reports it. */
async function settledCount(page: Page): Promise<number> {
  const response = await page.request.get("/api/metrics?dataset=demo");
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { counts: { settled: number } }).counts.settled;
}

/** Opens the workbench and switches it to the least-certain-first order. */
async function openLeastCertainFirst(page: Page, url: string): Promise<void> {
  await page.goto(url, firstLoad);
  await expect(page.getByTestId("queue-item")).toBeVisible(firstLoad);
  await page.getByTestId("queue-strategy").selectOption("uncertainty");
  await expect(page.getByTestId("queue-item")).toBeVisible();
}

/** External ids of the demo creatives with any decision so far (the admin's decisions export). */
async function decidedExternalIds(page: Page): Promise<Set<string>> {
  const response = await page.request.get("/api/export/decisions.jsonl?dataset=demo");
  expect(response.ok(), await response.text()).toBe(true);
  return new Set(
    (await response.text())
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => (JSON.parse(line) as { creative_id: string }).creative_id),
  );
}

/** The audit page's rows about one creative: who, what, which entity, and the "after" state. */
async function auditRowsOf(page: Page, creativeId: number) {
  const rows = await page
    .getByTestId("audit-row")
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")),
    );
  return rows
    .map(([, actor, action, entity, , after]) => ({
      actor,
      action,
      entity: entity ?? "",
      after: (after ? JSON.parse(after) : {}) as Record<string, unknown>,
    }))
    .filter((row) => row.after.creativeId === creativeId);
}

test("an overlap item goes to two annotators, their disagreement to review, and the admin settles it", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const admin = await adminApi();
  const readSetting = await admin.get("/api/overlap?dataset=demo");
  expect(readSetting.ok(), await readSetting.text()).toBe(true);
  const original = (await readSetting.json()) as OverlapSetting;
  const settledBefore = await settledCount(page);
  const annotatorPages: Page[] = [];
  try {
    // The admin sends the whole queue, least certain first, to two annotators each.
    await page.goto("/metrics?dataset=demo", firstLoad);
    const form = page.getByTestId("overlap-form");
    await form.getByLabel("Share of the queue (%)").fill("100");
    await form.getByLabel("Annotators per item").fill("2");
    await form.getByRole("button", { name: "Save overlap" }).click();
    await expect(form.getByRole("status")).toHaveText(
      "Saved: the least certain 100% of the queue now needs 2 annotators.",
    );

    // The first annotator claims the next least-certain items and takes the first that nobody
    // has decided yet (other specs decide items in this database; under 100% overlap an item
    // one of them decided needs only one more annotator), then accepts its classifier's label.
    const pageA = await annotatorPage(browser, annotatorA);
    annotatorPages.push(pageA);
    const benchA = new WorkbenchPage(pageA);
    const decided = await decidedExternalIds(page);
    const claim = await pageA.request.post("/api/queue/claim", {
      data: { dataset: "demo", strategy: "uncertainty", count: 20 },
    });
    expect(claim.ok(), await claim.text()).toBe(true);
    const claimed = (
      (await claim.json()) as { items: { creativeId: number; externalId: string }[] }
    ).items;
    const fresh = claimed.find((item) => !decided.has(item.externalId));
    expect(fresh, `an undecided item among ${claimed.length} claimed`).toBeDefined();
    const creativeId = fresh!.creativeId;
    await openLeastCertainFirst(pageA, `/queue?creative=${creativeId}`);
    await expect(benchA.item()).toHaveAttribute("data-creative-id", String(creativeId));
    await benchA.pressAndAdvance("a");
    await expect
      .poll(async () => (await benchA.recentDecisions(annotatorA)).map((d) => d.creativeId))
      .toContain(creativeId);
    const decisionA = (await benchA.recentDecisions(annotatorA)).find(
      (d) => d.creativeId === creativeId,
    )!;
    expect(decisionA.action).toBe("accept");
    const labelA = decisionA.labelPath!.join(" > ");

    // The second annotator opens the same creative (one decision is not enough for it: it is
    // handed out again) and picks another suggested label.
    const pageB = await annotatorPage(browser, annotatorB);
    annotatorPages.push(pageB);
    const benchB = new WorkbenchPage(pageB);
    await openLeastCertainFirst(pageB, `/queue?creative=${creativeId}`);
    await expect(benchB.item()).toHaveAttribute("data-creative-id", String(creativeId));
    const suggestions = (await benchB.item().getByTestId("queue-suggestion").allInnerTexts()).map(
      (text) =>
        text
          .replace(/^\d\s*/, "")
          .split("\n")[0]!
          .trim(),
    );
    const pick = suggestions.findIndex((path) => path !== labelA);
    expect(
      pick,
      `a suggestion other than ${labelA} among ${suggestions.join(" | ")}`,
    ).toBeGreaterThanOrEqual(0);
    const labelB = suggestions[pick]!;
    await benchB.pressAndAdvance(String(pick + 1));
    await expect
      .poll(async () =>
        (await benchB.recentDecisions(annotatorB))
          .filter((d) => d.creativeId === creativeId)
          .map((d) => d.labelPath?.join(" > ")),
      )
      .toEqual([labelB]);

    // The admin sees both votes in review and settles on the second annotator's label.
    await page.goto("/review?dataset=demo", firstLoad);
    const card = page.locator(`[data-testid="review-item"][data-creative-id="${creativeId}"]`);
    await expect(card).toBeVisible(firstLoad);
    const votes = card.getByTestId("review-votes");
    await expect(votes).toContainText(`${annotatorA}: ${labelA}`);
    await expect(votes).toContainText(`${annotatorB}: ${labelB}`);
    await card.getByTestId("review-choice").filter({ hasText: annotatorB }).click();
    await expect(card).toHaveCount(0);

    // The Metrics page and its CSV export count the settled item.
    const settled = settledBefore + 1;
    await page.goto("/metrics?dataset=demo", firstLoad);
    await expect(
      page.getByTestId("metrics-counts").getByTitle("Disagreements an admin settled"),
    ).toContainText(`Settled${settled}`);
    const csv = await page.request.get("/api/metrics?dataset=demo&format=csv");
    expect(csv.ok()).toBe(true);
    expect((await csv.text()).split("\n")).toContain(`counts,all,settled,${settled}`);

    // Review is the admin's: an annotator is shown the no-access page.
    await pageA.goto("/review", firstLoad);
    await expect(pageA).toHaveURL(/\/no-access/);
    await expect(pageA.getByTestId("no-access")).toContainText("(annotator)");

    // The audit log lists both decisions and the review, each in its author's name.
    await page.goto("/audit?entityType=decision", firstLoad);
    await expect(page.getByTestId("audit-row").first()).toBeVisible(firstLoad);
    const audit = await auditRowsOf(page, creativeId);
    const review = audit.find((r) => r.actor === "admin" && r.after.review === true);
    expect(review, JSON.stringify(audit)).toBeDefined();
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: annotatorA,
          action: "decision.accept",
          after: expect.objectContaining({ review: false }),
        }),
        expect.objectContaining({
          actor: annotatorB,
          action: "decision.pick",
          after: expect.objectContaining({ review: false }),
        }),
        expect.objectContaining({
          actor: "admin",
          action: "decision.overruled",
          after: expect.objectContaining({
            annotator: annotatorA,
            supersededBy: Number(review!.entity.replace("decision ", "")),
          }),
        }),
      ]),
    );
  } finally {
    // Other specs share this database and run after this one: the queue goes back as it was.
    for (const annotatorPage of annotatorPages) await annotatorPage.context().close();
    const restored = await admin.post("/api/overlap", {
      data: { dataset: "demo", share: original.share, annotators: original.annotators },
    });
    expect(restored.ok(), await restored.text()).toBe(true);
    await admin.dispose();
  }
});
