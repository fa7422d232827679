/**
 * The small part of Plotly's API the map uses. plotly.js-dist-min ships no types and
 * @types/plotly.js is not a dependency; these declarations cover exactly what the map calls.
 */
declare module "plotly.js-dist-min" {
  export interface PlotlyPointEvent {
    curveNumber: number;
    pointIndex: number;
    customdata?: unknown;
  }
  export interface PlotlySelectionEvent {
    points: PlotlyPointEvent[];
  }
  export interface PlotlyHTMLElement extends HTMLDivElement {
    on(event: "plotly_click", handler: (event: PlotlySelectionEvent) => void): void;
    on(event: "plotly_selected", handler: (event: PlotlySelectionEvent | undefined) => void): void;
    on(event: "plotly_deselect", handler: () => void): void;
    on(event: "plotly_hover", handler: (event: PlotlySelectionEvent) => void): void;
    on(event: "plotly_unhover", handler: () => void): void;
    removeAllListeners(event: string): void;
    data?: { type?: string; name?: string; x?: ArrayLike<number> }[];
  }
  export type PlotData = Record<string, unknown>;
  export type PlotLayout = Record<string, unknown>;
  export type PlotConfig = Record<string, unknown>;
  export function react(
    root: HTMLElement,
    data: PlotData[],
    layout?: PlotLayout,
    config?: PlotConfig,
  ): Promise<PlotlyHTMLElement>;
  export function purge(root: HTMLElement): void;
  const Plotly: { react: typeof react; purge: typeof purge };
  export default Plotly;
}
