import { expect, test } from "@playwright/test";
import { adminApi } from "./support/accounts";
import { WorkbenchPage } from "./support/workbench";

/**
 * New-label groups in the real app: the demo's detector run groups close new-label candidates;
 * a member's card lists the others, and one new-label decision labels the whole group, each
 * member with its own decision and training pairs.
 */
test("one new-label decision labels a whole group of similar creatives", async ({ page }) => {
  // Find a grouped creative by claiming the queue through the API, 50 items at a time; skipping
  // them (which releases their leases) lets the next claim reach further down the queue.
  type Claimed = { creativeId: number; group: { size: number; undecided: number } | null };
  let member: Claimed | undefined;
  for (let round = 0; round < 10 && !member; round++) {
    const claim = await page.request.post("/api/queue/claim", {
      data: { dataset: "demo", count: 50 },
    });
    expect(claim.ok()).toBe(true);
    const { items } = (await claim.json()) as { items: Claimed[] };
    member = items.find((i) => i.group && i.group.undecided >= 1);
    for (const i of items) {
      const skipped = await page.request.post("/api/decisions", {
        data: {
          creativeId: i.creativeId,
          action: "skip",
          timeSpentMs: 0,
          clientDecisionId: crypto.randomUUID(),
        },
      });
      expect(skipped.ok()).toBe(true);
    }
  }
  expect(member, "the demo run has at least one new-label group").toBeDefined();

  const workbench = new WorkbenchPage(page);
  await workbench.startAt("group-annotator", member!.creativeId);
  const group = page.getByTestId("queue-group");
  await expect(group).toBeVisible();
  const suggestedName = await group.getByTestId("queue-group-name").innerText();
  const others = member!.group!.undecided;
  await expect(group.getByTestId("queue-group-members").locator("li")).not.toHaveCount(0);

  await page.keyboard.press("n");
  const dialog = page.getByTestId("new-label-dialog");
  await expect(dialog.getByTestId("new-label-name")).toHaveValue(suggestedName);
  await expect(dialog.getByTestId("new-label-whole-group")).toBeChecked();
  const name = `${suggestedName} (group e2e)`;
  await dialog.getByTestId("new-label-name").fill(name);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("group-message")).toContainText(
    `also given to ${others} other creative`,
  );

  // Every member now carries the new label through its own decision, with training pairs.
  const response = await page.request.get(
    "/api/decisions/recent?dataset=demo&annotator=group-annotator",
  );
  const { decisions } = (await response.json()) as {
    decisions: { action: string; labelPath: string[] | null }[];
  };
  const labelled = decisions.filter((d) => d.labelPath?.at(-1) === name);
  expect(labelled).toHaveLength(others + 1);
  for (const d of labelled) expect(d.action).toBe("new_label");

  // Exports are an analyst's (or admin's) view, not the annotator's.
  const admin = await adminApi();
  const pairs = await admin.get("/api/export/pairs.jsonl?dataset=demo&annotator=group-annotator");
  expect(pairs.ok()).toBe(true);
  const positives = (await pairs.text())
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { sentence2: string; score: number })
    .filter((p) => p.score > 0.5 && p.sentence2.startsWith(name));
  expect(positives.length).toBeGreaterThanOrEqual(others + 1);
  await admin.dispose();
});
