import { expect, test } from "@playwright/test";
import { DataPage } from "./support/dataPage";
import { OcrJobPanel, writeTestImages } from "./support/images";

const demoTaxonomy = "IAB Ad Product 2.0 + brands";

test("imports creatives with images, refuses bad images by row, and reads an image-only creative's text in the browser", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const files = await writeTestImages("e2e");
  const csv = [
    "id,text,image,predicted_label",
    `img-only,,${files.good.imageOnly},Vehicles > Automotive Ownership`,
    `img-text,Small business taxes 20% off,${files.good.withText},`,
    `img-truncated,Brake service,${files.truncated},`,
    `img-wrong-type,Car wash,${files.wrongType},`,
    `img-huge,Oil change,${files.huge},`,
  ].join("\n");

  const data = new DataPage(page);
  await data.open();
  const report = await data.importFile(
    { name: "with-images.csv", content: csv },
    { dataset: "e2e-images", taxonomy: demoTaxonomy },
  );
  // Every row is imported; each bad image is an issue on its own row.
  await expect(report).toHaveAttribute("data-status", "done");
  await expect(report).toContainText("5 written");
  await expect(report).toContainText("2 of 5 images stored; 3 refused");
  const issues = report.getByTestId("issue-table");
  await expect(issues).toContainText("truncated.jpg");
  await expect(issues).toContainText("cannot be decoded");
  await expect(issues).toContainText("not a JPEG, PNG, WebP or GIF image");
  await expect(issues).toContainText("more than the 10.0 MB allowed");

  // The stored images are served with the type read from their bytes, thumbnails as WebP.
  const pending = await page.request.get("/api/images/ocr?dataset=e2e-images");
  const { items } = (await pending.json()) as {
    items: { creativeId: number; externalId: string; imageOnly: boolean }[];
  };
  expect(items.map((i) => [i.externalId, i.imageOnly])).toEqual([
    ["img-only", true],
    ["img-text", false],
  ]);
  const imageOnlyId = items[0]!.creativeId;
  const full = await page.request.get(`/api/images/${imageOnlyId}`);
  expect(full.headers()["content-type"]).toBe("image/webp");
  expect(full.headers()["x-content-type-options"]).toBe("nosniff");
  const thumbnail = await page.request.get(`/api/images/${imageOnlyId}/thumbnail`);
  expect(thumbnail.headers()["content-type"]).toBe("image/webp");
  expect((await thumbnail.body()).length).toBeLessThan((await full.body()).length);

  // OCR in the browser: the image-only creative gets the text on its image.
  await data.open();
  const done = await new OcrJobPanel(page).readAll("e2e-images");
  await expect(done).toContainText("Read 2 images; 1 image-only creatives got their text.");

  await page.goto("/creatives?dataset=e2e-images");
  const texts = page.getByTestId("creative-text");
  await expect(texts.filter({ hasText: "LEASE THE PILOT" })).toContainText("Riverside Honda");
  // The imported text stays; OCR text beside it is only a suggestion.
  await expect(texts.filter({ hasText: "Small business taxes 20% off" })).toHaveCount(1);
  await expect(texts.filter({ hasText: "REFUNND" })).toHaveCount(0);
  const read = await page.request.get(`/api/images/${items[1]!.creativeId}/text`);
  expect(((await read.json()) as { ocrText: string }).ocrText).toContain("REFUNND RIGHT");
});

test("image routes answer only for stored images, with their sniffed type", async ({ request }) => {
  expect((await request.get("/api/images/not-a-number")).status()).toBe(400);
  expect((await request.get("/api/images/2147483000")).status()).toBe(404);
  expect((await request.get("/api/images/..%2F..%2Fetc%2Fpasswd")).status()).toBe(400);
});
