import { expect, test } from "@playwright/test";
import { WorkbenchPage } from "./support/workbench";

test("an annotator works the demo queue with the keyboard alone", async ({ page }) => {
  const bench = new WorkbenchPage(page);
  await bench.start("keyboard-annotator");
  await expect(bench.item().getByTestId("queue-flag")).toBeVisible();
  await expect(bench.item().getByTestId("queue-reasons").locator("li").first()).toBeVisible();
  await expect(bench.item().getByTestId("queue-suggestion").first()).toBeVisible();
  await expect(page.getByTestId("queue-counts")).toContainText("flagged creatives decided");

  // ? shows the shortcuts, from the same command list as the buttons.
  await page.keyboard.press("?");
  await expect(page.getByTestId("help-overlay")).toContainText("Accept the classifier's label");
  await page.keyboard.press("?");
  await expect(page.getByTestId("help-overlay")).toHaveCount(0);

  // a: accept the classifier's label.
  const accepted = await bench.currentCreativeId();
  await bench.pressAndAdvance("a");
  await expect(bench.historyItems().first()).toContainText("accepted");

  // x: reject, then pick the right label in the type-ahead picker.
  await page.keyboard.press("x");
  const picker = page.getByTestId("label-picker");
  await expect(picker).toBeVisible();
  await page.keyboard.type("auto repair honda");
  await expect(picker.getByTestId("label-picker-option").first()).toContainText("Honda");
  const before = await bench.currentCreativeId();
  await page.keyboard.press("Enter");
  await expect(bench.item()).not.toHaveAttribute("data-creative-id", before);
  await expect(bench.historyItems().first()).toContainText(
    "corrected: Vehicles > Automotive Services > Auto Repair > Honda",
  );

  // 1: pick the first suggested label.
  const firstSuggestion = (
    await bench.item().getByTestId("queue-suggestion").first().innerText()
  ).replace(/^1\s*/, "");
  await bench.pressAndAdvance("1");
  await expect(bench.historyItems().first()).toContainText(
    `picked: ${firstSuggestion.split("\n")[0]!.trim()}`,
  );

  // n: create a new label under the suggested parent.
  await page.keyboard.press("n");
  const dialog = page.getByTestId("new-label-dialog");
  await expect(dialog).toBeVisible();
  await page.getByTestId("new-label-name").fill("Keyboard Brand");
  const newLabelCreative = await bench.currentCreativeId();
  await page.keyboard.press("Enter");
  await expect(bench.item()).not.toHaveAttribute("data-creative-id", newLabelCreative);
  await expect(bench.historyItems().first()).toContainText("new label:");
  await expect(bench.historyItems().first()).toContainText("Keyboard Brand");

  // space: skip; backspace: undo brings the skipped creative back.
  const skipped = await bench.currentCreativeId();
  await bench.pressAndAdvance(" ");
  await expect(bench.historyItems().first()).toContainText("skipped");
  await page.keyboard.press("Backspace");
  await expect(bench.item()).toHaveAttribute("data-creative-id", skipped);

  // Every decision reached the server.
  await expect(bench.historyItems().first()).toHaveAttribute("data-saved", "true");
  await expect
    .poll(async () => (await bench.recentDecisions("keyboard-annotator")).map((d) => d.action))
    .toEqual(["new_label", "pick", "reject", "accept"]);
  const decisions = await bench.recentDecisions("keyboard-annotator");
  expect(decisions.at(-1)?.creativeId).toBe(Number(accepted));
  expect(decisions[0]?.labelPath?.at(-1)).toBe("Keyboard Brand");

  // Edit from the history: reopen the accepted creative and pick another label.
  await expect(bench.historyItems().last()).toContainText("accepted");
  await bench.historyItems().last().click();
  await expect(page.getByTestId("editing-banner")).toBeVisible();
  await expect(bench.item()).toHaveAttribute("data-creative-id", accepted);
  await page.keyboard.press("1");
  await expect(page.getByTestId("editing-banner")).toHaveCount(0);
  await expect
    .poll(async () => (await bench.recentDecisions("keyboard-annotator")).map((d) => d.action))
    .toEqual(["pick", "new_label", "pick", "reject"]);
});

test("a decision made while the server is unreachable is kept and saved when it comes back", async ({
  page,
}) => {
  const bench = new WorkbenchPage(page);
  await bench.start("offline-annotator");
  await page.route("**/api/decisions", (route) => route.abort("connectionrefused"));
  const creative = await bench.currentCreativeId();
  await bench.pressAndAdvance("a");
  await expect(page.getByTestId("pending-decisions")).toContainText("1 decision not saved yet");
  await expect(bench.historyItems().first()).toContainText("not saved yet");
  await page.reload();
  await page.getByTestId("queue-strategy").waitFor();
  await expect(page.getByTestId("pending-decisions")).toContainText("1 decision not saved yet");
  await page.unroute("**/api/decisions");
  await expect(page.getByTestId("pending-decisions")).toHaveCount(0, { timeout: 20_000 });
  await expect
    .poll(async () => (await bench.recentDecisions("offline-annotator")).map((d) => d.creativeId))
    .toEqual([Number(creative)]);
});
