import { expect, type Locator, type Page } from "@playwright/test";

/** One Plotly trace as the map test reads it back from the plot element. */
export interface PlottedTrace {
  type: string;
  name: string;
  points: number;
  colours: string[];
}

/** The map page as a user drives it: open, wait for the layout, recolour, box-select. */
export class MapPage {
  readonly plot: Locator;
  readonly status: Locator;

  constructor(private readonly page: Page) {
    this.plot = page.getByTestId("map-plot");
    this.status = page.getByTestId("map-status");
  }

  async openDemo(points: number): Promise<void> {
    await this.page.goto(`/map?source=demo&points=${points}`);
  }

  /** Waits until the worker finished the layout (the live layout is drawn before). */
  async waitForLayout(timeoutMs = 90_000): Promise<void> {
    await expect(this.status).toHaveAttribute("data-status", "done", { timeout: timeoutMs });
  }

  /** The traces Plotly holds now. */
  traces(): Promise<PlottedTrace[]> {
    return this.plot.evaluate((element) => {
      const data = (element as HTMLElement & { data?: Record<string, unknown>[] }).data ?? [];
      return data.map((trace) => {
        const marker = trace.marker as { color?: unknown } | undefined;
        return {
          type: String(trace.type),
          name: String(trace.name),
          points: Array.isArray(trace.x) ? trace.x.length : 0,
          colours: Array.isArray(marker?.color) ? marker.color.map(String) : [],
        };
      });
    });
  }

  async colourBy(mode: "label branch" | "flag" | "decision status"): Promise<void> {
    await this.page.getByTestId("map-colour-mode").selectOption({ label: mode });
  }

  /** Drags a selection box over the given fractions of the plot area. */
  async boxSelect(from: [number, number], to: [number, number]): Promise<void> {
    const area = this.page.locator("[data-testid=map-plot] .nsewdrag").first();
    const box = await area.boundingBox();
    if (!box) throw new Error("the plot has no drag area");
    const at = ([fx, fy]: [number, number]) => [box.x + fx * box.width, box.y + fy * box.height];
    const [x0, y0] = at(from) as [number, number];
    const [x1, y1] = at(to) as [number, number];
    await this.page.mouse.move(x0, y0);
    await this.page.mouse.down();
    await this.page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, { steps: 5 });
    await this.page.mouse.move(x1, y1, { steps: 5 });
    await this.page.mouse.up();
  }
}
