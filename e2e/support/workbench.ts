import { expect, type Page } from "@playwright/test";
import { signInAs } from "./accounts";

/** The Queue page as an annotator works it: keyboard first. */
export class WorkbenchPage {
  constructor(readonly page: Page) {}

  /** Signs in as `annotator` (an annotator account, created if new) and opens the queue. */
  async start(annotator: string) {
    await signInAs(this.page, annotator, "annotator");
    await this.page.goto("/queue");
    await expect(this.page.getByTestId("annotator-name")).toContainText(annotator);
    await expect(this.item()).toBeVisible();
  }

  /** Opens the queue with one creative first (as a click on the map does). */
  async startAt(annotator: string, creativeId: number) {
    await signInAs(this.page, annotator, "annotator");
    await this.page.goto(`/queue?creative=${creativeId}`);
    await expect(this.item()).toHaveAttribute("data-creative-id", String(creativeId));
  }

  item() {
    return this.page.getByTestId("queue-item");
  }

  async currentCreativeId(): Promise<string> {
    return (await this.item().getAttribute("data-creative-id")) ?? "";
  }

  /** Presses a key and waits until another creative is on screen. */
  async pressAndAdvance(key: string) {
    const before = await this.currentCreativeId();
    await this.page.keyboard.press(key);
    await expect(this.item()).not.toHaveAttribute("data-creative-id", before);
  }

  historyItems() {
    return this.page.getByTestId("history-item");
  }

  async recentDecisions(annotator: string) {
    const response = await this.page.request.get(
      `/api/decisions/recent?dataset=demo&annotator=${encodeURIComponent(annotator)}`,
    );
    expect(response.ok()).toBe(true);
    const body = (await response.json()) as {
      decisions: { action: string; labelPath: string[] | null; creativeId: number }[];
    };
    return body.decisions;
  }
}
