import { expect, type Page } from "@playwright/test";

/** The Data page as a user works it: pick a file, set the options, import, read the report. */
export class DataPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/data");
    await expect(this.page.getByRole("heading", { name: "Data", exact: true })).toBeVisible();
  }

  async importFile(
    file: { name: string; content: string | Buffer },
    options: {
      dataset?: string;
      taxonomy?: string;
      /** The taxonomy the form must show before importing (fixed for an existing dataset). */
      expectTaxonomy?: string;
      skipBadRows?: boolean;
    } = {},
  ) {
    const panel = this.page.getByTestId("import-panel");
    await panel.getByTestId("import-file").setInputFiles({
      name: file.name,
      mimeType: "application/octet-stream",
      buffer: Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
    });
    if (options.dataset !== undefined)
      await panel.getByTestId("import-dataset").fill(options.dataset);
    if (options.taxonomy !== undefined)
      await panel.getByTestId("import-taxonomy").fill(options.taxonomy);
    if (options.expectTaxonomy !== undefined)
      await expect(panel.getByTestId("import-taxonomy")).toHaveValue(options.expectTaxonomy);
    if (options.skipBadRows) await panel.getByTestId("import-skip-bad-rows").check();
    await panel.getByTestId("import-start").click();
    const report = panel.getByTestId("import-report");
    await expect(report).toBeVisible({ timeout: 60_000 });
    return report;
  }

  datasetRow(name: string) {
    return this.page.getByTestId(`dataset-${name}`);
  }
}
