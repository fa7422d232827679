import { expect, type Page } from "@playwright/test";

/** The Settings page's embedding panels as a user works them. */
export class EmbeddingPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/settings");
    await expect(this.page.getByRole("heading", { name: "Settings", exact: true })).toBeVisible();
  }

  /** Waits until the active model loaded in the worker; returns the status panel. */
  async expectModelReady() {
    const status = this.page.getByTestId("model-status");
    await expect(status.getByTestId("model-ready")).toBeVisible({ timeout: 60_000 });
    return status;
  }

  /** Adds a local model folder by name (it becomes the active model). */
  async addLocalModel(folder: string, options: { multimodal?: boolean } = {}) {
    await this.page.getByPlaceholder("my-finetuned-encoder").fill(folder);
    if (options.multimodal) {
      await this.page
        .getByLabel("Model kind")
        .selectOption({ label: "text + image (CLIP layout)" });
    }
    await this.page.getByRole("button", { name: "Add and use" }).click();
    await expect(this.page.getByTestId("active-model-id")).toHaveText(folder);
  }

  async useModel(id: string) {
    await this.page.getByRole("radio", { name: `Use ${id}` }).check();
  }

  /** Embeds texts through the probe and returns the browser's vectors. */
  async probe(texts: string[]): Promise<number[][]> {
    await this.page.getByTestId("probe-texts").fill(texts.join("\n"));
    await this.page.getByRole("button", { name: "Embed", exact: true }).last().click();
    const pre = this.page.getByTestId("probe-vectors");
    await expect(pre).toBeAttached({ timeout: 30_000 });
    const parsed: unknown = JSON.parse((await pre.textContent()) ?? "null");
    if (!Array.isArray(parsed)) throw new Error("probe vectors are not an array");
    return parsed.map((row: unknown) => {
      if (!Array.isArray(row)) throw new Error("a probe vector is not an array");
      return row.map(Number);
    });
  }
}
