import { expect, test } from "@playwright/test";
import { WorkbenchPage } from "../support/workbench";
import { setPostgres } from "./outageDatabase";

/**
 * The app on a PostgreSQL server that goes away mid-session: a decision posted while the
 * database is down fails visibly, stays in the browser's outbox (across a reload too, which
 * shows an error page that says so), and is stored once the database is back.
 */
test("a decision posted while the database is down fails visibly and is saved when it is back", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const bench = new WorkbenchPage(page);
  await bench.start("outage-annotator");
  const creative = await bench.currentCreativeId();
  setPostgres("pause");
  try {
    // The next item was prefetched: the annotator keeps working while the decision fails.
    await bench.pressAndAdvance("a");
    await expect(page.getByTestId("pending-decisions")).toContainText("1 decision not saved yet");
    await expect(bench.historyItems().first()).toContainText("failed on the server");
    // A reload cannot render the queue without its database: the page says so, and that the
    // decision is kept in this browser.
    await page.reload();
    await expect(page.getByTestId("page-error")).toBeVisible();
    await expect(page.getByTestId("page-error-pending")).toContainText("1 decision");
  } finally {
    setPostgres("resume");
  }
  await page.getByTestId("page-error-retry").click();
  await page.getByTestId("queue-strategy").waitFor();
  await expect(page.getByTestId("pending-decisions")).toHaveCount(0, { timeout: 30_000 });
  await expect
    .poll(async () => (await bench.recentDecisions("outage-annotator")).map((d) => d.creativeId))
    .toEqual([Number(creative)]);
});
