import { expect, test } from "@playwright/test";
import { DataPage } from "./support/dataPage";

const demoTaxonomy = "IAB Ad Product 2.0 + brands";

test("the demo is loaded on first start, with attribution and the synthetic notice", async ({
  page,
}) => {
  const data = new DataPage(page);
  await data.open();
  const demo = data.datasetRow("demo");
  await expect(demo).toContainText("synthetic");
  const count = Number((await demo.getByTestId("creative-count").innerText()).replace(/,/g, ""));
  expect(count).toBeGreaterThanOrEqual(2000);
  const labels = Number(
    (
      await page.getByTestId(`taxonomy-${demoTaxonomy}`).getByTestId("label-count").innerText()
    ).replace(/,/g, ""),
  );
  expect(labels).toBeGreaterThan(583);
  await expect(page.getByTestId("attribution")).toContainText("IAB Tech Lab");
  await expect(page.getByTestId("attribution")).toContainText("synthetic");
  await expect(page.getByTestId("import-history")).toContainText("creatives.jsonl");
});

test("imports creatives from the UI and shows their text as text, never as HTML", async ({
  page,
}) => {
  let dialogs = 0;
  page.on("dialog", (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  const data = new DataPage(page);
  await data.open();
  const csv = [
    "id,text,predicted_label,predicted_score,generative_label",
    'u1,"Brake special $99 > BOOK NOW",Vehicles > Automotive Services > Auto Repair,0.91,Auto Service/Brakes',
    'u2,"<img src=x onerror=alert(1)><script>alert(2)</script> sale",Vehicles/Automotive Services/Car Wash,0.5,',
  ].join("\n");
  const report = await data.importFile(
    { name: "upload.csv", content: csv },
    { dataset: "e2e-upload", taxonomy: demoTaxonomy },
  );
  await expect(report).toHaveAttribute("data-status", "done");
  await expect(report).toContainText("2 written");
  await expect(data.datasetRow("e2e-upload").getByTestId("creative-count")).toHaveText("2");

  await page.goto("/creatives?dataset=e2e-upload");
  await expect(
    page.getByTestId("creative-text").filter({ hasText: "<script>alert(2)</script>" }),
  ).toBeVisible();
  await expect(page.locator("img[src=x]")).toHaveCount(0);
  expect(dialogs).toBe(0);

  await data.open();
  const again = await data.importFile(
    { name: "upload.csv", content: csv },
    { dataset: "e2e-upload" },
  );
  await expect(again).toContainText("0 written, 2 unchanged");
});

test("a bad file is refused with its line and field, and nothing is written", async ({ page }) => {
  const data = new DataPage(page);
  await data.open();
  const csv = [
    "id,text,predicted_label,predicted_score",
    "b1,fine,Vehicles > Automotive Services > Auto Repair,0.5",
    "b2,bad score,Vehicles > Automotive Services > Auto Repair,1.5",
    "b3,unknown label,Vehicles > Hovercraft,0.5",
  ].join("\n");
  const report = await data.importFile(
    { name: "bad.csv", content: csv },
    { dataset: "e2e-bad", taxonomy: demoTaxonomy },
  );
  await expect(report).toHaveAttribute("data-status", "failed");
  await expect(report).toContainText("Nothing was written");
  const rows = report.getByTestId("issue-table").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("3");
  await expect(rows.nth(0)).toContainText("predicted_score");
  await expect(rows.nth(1)).toContainText("predicted_label");
  await expect(rows.nth(1)).toContainText('unknown label "Vehicles > Hovercraft"');
  await expect(data.datasetRow("e2e-bad")).toHaveCount(0);

  const skipped = await data.importFile(
    { name: "bad.csv", content: csv },
    { dataset: "e2e-bad", taxonomy: demoTaxonomy, skipBadRows: true },
  );
  await expect(skipped).toHaveAttribute("data-status", "done");
  await expect(skipped).toContainText("1 written");
  await expect(data.datasetRow("e2e-bad").getByTestId("creative-count")).toHaveText("1");
});

test("a file in the wrong encoding names the line and writes nothing", async ({ page }) => {
  const data = new DataPage(page);
  await data.open();
  const latin1 = Buffer.concat([
    Buffer.from("id,text\nx1,ok\nx2,caf"),
    Buffer.from([0xe9]),
    Buffer.from("\n"),
  ]);
  const report = await data.importFile(
    { name: "latin1.csv", content: latin1 },
    { dataset: "e2e-latin1", taxonomy: demoTaxonomy },
  );
  await expect(report).toHaveAttribute("data-status", "failed");
  await expect(report).toContainText("line 3");
  await expect(report).toContainText("not valid UTF-8");
  await expect(data.datasetRow("e2e-latin1")).toHaveCount(0);
});

test("a long import shows its progress and can be cancelled, leaving nothing behind", async ({
  page,
}) => {
  const data = new DataPage(page);
  await data.open();
  const rows = Array.from(
    { length: 200_000 },
    (_, i) =>
      `big-${i},"Spring service offer ${i}: brakes, oil, tyres > BOOK NOW",Vehicles > Automotive Services > Auto Repair,0.9`,
  );
  const csv = `id,text,predicted_label,predicted_score\n${rows.join("\n")}\n`;
  const panel = page.getByTestId("import-panel");
  await panel
    .getByTestId("import-file")
    .setInputFiles({ name: "big.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await panel.getByTestId("import-dataset").fill("e2e-big");
  await panel.getByTestId("import-taxonomy").fill(demoTaxonomy);
  // The server imports faster than a test can click, so the upload is throttled (Chromium's
  // network emulation): the server reads rows as they arrive, and the import is still running
  // when Cancel is pressed, on a fast machine as on a slow one.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 1_000_000,
  });
  await panel.getByTestId("import-start").click();
  const progress = panel.getByTestId("import-progress");
  await expect(progress).toBeVisible();
  await expect(progress.getByText(/Rows read [1-9][\d,]*, written/)).toBeVisible({
    timeout: 30_000,
  });
  await panel.getByTestId("import-cancel").click();
  const report = panel.getByTestId("import-report");
  await expect(report).toHaveAttribute("data-status", "cancelled", { timeout: 30_000 });
  await expect(report).toContainText("nothing was written");
  await page.reload();
  await expect(data.datasetRow("e2e-big")).toHaveCount(0);
  await expect(page.getByTestId("import-history")).toContainText("big.csv");
});
