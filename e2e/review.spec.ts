import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { apiAs } from "./support/accounts";
import { DataPage } from "./support/dataPage";

const annotator = "review-annotator";

/** The annotator (signed in apart from the admin's page) proposes a label and decides with it. */
async function decideWithNewLabel(_page: Page, name: string) {
  const api = await apiAs(annotator, "annotator");
  const claim = await api.post("/api/queue/claim", {
    data: { dataset: "demo", count: 1 },
  });
  const { items, taxonomyId } = (await claim.json()) as {
    items: { creativeId: number; predicted: { labelId: number } }[];
    taxonomyId: number;
  };
  const labels = (await (await api.get(`/api/taxonomies/${taxonomyId}/labels`)).json()) as {
    labels: { id: number; path: string[] }[];
  };
  const parent = labels.labels.find(
    (l) => l.path.join(" > ") === "Vehicles > Automotive Services > Auto Repair",
  )!;
  const created = await api.post("/api/labels", {
    data: { taxonomyId, parentId: parent.id, name },
  });
  const { label } = (await created.json()) as { label: { id: number } };
  const decided = await api.post("/api/decisions", {
    data: {
      creativeId: items[0]!.creativeId,
      action: "new_label",
      labelId: label.id,
      rejectedLabelId: items[0]!.predicted.labelId,
      timeSpentMs: 1500,
      clientDecisionId: crypto.randomUUID(),
    },
  });
  expect(decided.ok()).toBe(true);
  await api.dispose();
  return { parent };
}

async function download(page: Page, testId: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId(testId).click(),
  ]);
  return readFile((await file.path())!, "utf8");
}

test("a proposed label is renamed, then merged into an existing label, and its decisions follow", async ({
  page,
}) => {
  await decideWithNewLabel(page, "Rivan");
  await page.goto("/labels");
  const proposed = page.getByTestId("proposed-label").filter({ hasText: "Rivan" });
  await expect(proposed).toBeVisible();
  await proposed.getByTestId("proposed-rename").click();
  await page.getByTestId("proposed-rename-input").fill("Rivian");
  await page.getByTestId("proposed-rename-input").press("Enter");
  const renamed = page.locator(
    '[data-testid="proposed-label"][data-path="Vehicles > Automotive Services > Auto Repair > Rivian"]',
  );
  await expect(renamed).toBeVisible();
  await renamed.getByTestId("proposed-merge").click();
  await page.getByTestId("label-picker-input").fill("automotive services auto repair");
  await page
    .getByTestId("label-picker-option")
    .filter({ hasText: /^Vehicles > Automotive Services > Auto Repair$/ })
    .click();
  // Other tests propose labels too: this one's is gone from the review list.
  await expect(renamed).toHaveCount(0);

  await page.goto("/data");
  await page.getByLabel("Annotator").fill(annotator);
  const decisions = (await download(page, "export-decisions.jsonl"))
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(decisions).toHaveLength(1);
  expect(decisions[0]).toMatchObject({
    action: "new_label",
    label_after: "Vehicles > Automotive Services > Auto Repair",
    annotator,
  });
});

test("exports download from the Data page, and the exported taxonomy imports back unchanged", async ({
  page,
}) => {
  await decideWithNewLabel(page, "Lucid");
  await page.goto("/data");
  await page.getByLabel("Annotator").fill(annotator);
  const pairs = await download(page, "export-pairs.csv");
  expect(pairs.split("\n")[0]).toBe("sentence1,sentence2,score");
  expect(pairs).toContain('"Lucid, Auto Repair, Automotive Services, Vehicles",0.9');
  const triplets = await download(page, "export-triplets.csv");
  expect(triplets.split("\n")[0]).toBe("anchor,positive,negative");
  expect(triplets.trim().split("\n").length).toBeGreaterThan(1);
  const classification = await download(page, "export-classification.csv");
  expect(classification).toContain("Vehicles > Automotive Services > Auto Repair > Lucid");

  await page.getByLabel("Annotator").fill("");
  const taxonomy = await download(page, "export-taxonomy.txt");
  expect(taxonomy).toContain("Vehicles > Automotive Services > Auto Repair > Lucid\n");
  const data = new DataPage(page);
  await data.open();
  await page.getByTestId("import-kind").selectOption("taxonomy");
  const report = await data.importFile(
    { name: "round-trip.txt", content: taxonomy },
    { taxonomy: "Round trip" },
  );
  await expect(report).toHaveAttribute("data-status", "done");
  const original = await page
    .getByTestId("taxonomy-IAB Ad Product 2.0 + brands")
    .getByTestId("label-count")
    .innerText();
  await expect(page.getByTestId("taxonomy-Round trip").getByTestId("label-count")).toHaveText(
    original,
  );
});
