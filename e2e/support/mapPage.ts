import { expect, type Locator, type Page } from "@playwright/test";

/** One Plotly trace as the map test reads it back from the plot element. */
export interface PlottedTrace {
  type: string;
  name: string;
  points: number;
  colours: string[];
  /** The marker symbol, which tells modality apart (circle text, square image, diamond label). */
  symbol: string;
}

/**
 * The map page as a user drives it: open, wait for the layout (computed or stored), recolour,
 * filter, box-select, and act on the selection.
 */
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

  /** Where the finished map came from, and how many seconds it took to show. */
  async layoutOrigin(): Promise<{ origin: string; seconds: number }> {
    return {
      origin: (await this.status.getAttribute("data-origin")) ?? "",
      seconds: Number(await this.status.getAttribute("data-seconds")),
    };
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId("map-filter-search").fill(text);
  }

  async filterByFlag(flag: "any" | "wrong label" | "new label" | "not flagged"): Promise<void> {
    await this.page.getByTestId("map-filter-flag").selectOption({ label: flag });
  }

  /**
   * The selected creatives' ids, as the selection list links them, once the list is drawn (it
   * renders a moment after the drag ends, so reading it at once can see none).
   */
  async selectedCreativeIds(): Promise<number[]> {
    const links = this.page.getByTestId("map-selection").getByRole("link", { name: /^#\d+$/ });
    await expect(links.first()).toBeVisible();
    return (await links.allTextContents()).map((t) => Number(t.slice(1)));
  }

  /** Assigns the first label matching `query` to the selection; returns the result line. */
  async assignLabel(query: string): Promise<Locator> {
    await this.page.getByTestId("map-bulk-assign").click();
    await this.page.getByTestId("label-picker-input").fill(query);
    await this.page.getByTestId("label-picker-option").first().click();
    return this.page.getByTestId("map-bulk-result");
  }

  async sendToQueue(): Promise<Locator> {
    await this.page.getByTestId("map-bulk-queue").click();
    return this.page.getByTestId("map-bulk-result");
  }

  /** The traces Plotly holds now. */
  traces(): Promise<PlottedTrace[]> {
    return this.plot.evaluate((element) => {
      const data = (element as HTMLElement & { data?: Record<string, unknown>[] }).data ?? [];
      return data.map((trace) => {
        const marker = trace.marker as { color?: unknown; symbol?: unknown } | undefined;
        return {
          type: String(trace.type),
          name: String(trace.name),
          points: Array.isArray(trace.x) ? trace.x.length : 0,
          colours: Array.isArray(marker?.color) ? marker.color.map(String) : [],
          symbol: String(marker?.symbol ?? ""),
        };
      });
    });
  }

  async colourBy(mode: "label branch" | "flag" | "decision status"): Promise<void> {
    await this.page.getByTestId("map-colour-mode").selectOption({ label: mode });
  }

  /** Moves the pointer onto the `index`-th point of the first trace named `prefix`. */
  async hoverPoint(prefix: string, index: number): Promise<void> {
    const at = await this.plot.evaluate(
      (element, [name, i]) => {
        type Axis = { l2p: (v: number) => number };
        const plot = element as HTMLElement & {
          data: { name: string; x: number[]; y: number[] }[];
          _fullLayout: { xaxis: Axis; yaxis: Axis; _size: { l: number; t: number } };
        };
        const trace = plot.data.find((t) => t.name.startsWith(String(name)));
        if (!trace) throw new Error(`no trace ${String(name)}`);
        const box = element.getBoundingClientRect();
        const layout = plot._fullLayout;
        return {
          x: box.left + layout._size.l + layout.xaxis.l2p(trace.x[Number(i)]!),
          y: box.top + layout._size.t + layout.yaxis.l2p(trace.y[Number(i)]!),
        };
      },
      [prefix, index] as const,
    );
    await this.page.mouse.move(at.x - 3, at.y - 3);
    await this.page.mouse.move(at.x, at.y, { steps: 3 });
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
