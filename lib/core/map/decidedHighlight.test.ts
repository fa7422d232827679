import { describe, expect, it } from "vitest";
import {
  decidedHighlightTraces,
  decidedRingColour,
  decidedTraceName,
  type HighlightPoint,
} from "./decidedHighlight";

const points: HighlightPoint[] = [
  { kind: "text", label: "Brake pads in Tucson", branch: ["Automotive", "Repair"], decided: true },
  { kind: "text", label: "Pizza tonight", branch: ["Food"], decided: false },
  { kind: "image", label: "Sofa sale", branch: ["Home", "Furniture"], decided: true },
  { kind: "label", label: "Automotive > Repair", branch: ["Automotive", "Repair"], decided: true },
  { kind: "text", label: "A <b>bold</b> claim", branch: [], decided: true },
];
const coordinates = new Float32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

describe("decidedHighlightTraces", () => {
  it("rings the decided creatives, and neither the open ones nor the labels", () => {
    const traces = decidedHighlightTraces(points, coordinates, { enabled: true, webgl: true });
    expect(traces).toHaveLength(1);
    const [trace] = traces;
    expect(trace!.customdata).toEqual([0, 2, 4]);
    expect(trace!.customdata).not.toContain(1);
    expect(trace!.customdata).not.toContain(3);
    expect(trace!.x).toEqual([0, 4, 8]);
    expect(trace!.y).toEqual([1, 5, 9]);
    expect(trace!.name).toBe(`${decidedTraceName} (3)`);
    expect(trace!.type).toBe("scattergl");
    expect(trace!.marker).toMatchObject({
      symbol: "circle-open",
      color: decidedRingColour,
      line: { color: decidedRingColour },
    });
  });

  it("says the decided label on hover, escaped, and just 'decided' without a path", () => {
    const [trace] = decidedHighlightTraces(points, coordinates, { enabled: true, webgl: false });
    expect(trace!.type).toBe("scatter");
    expect(trace!.hovertext[0]).toContain("decided: Automotive &gt; Repair");
    expect(trace!.hovertext[1]).toContain("decided: Home &gt; Furniture");
    expect(trace!.hovertext[2]).toContain("A &lt;b&gt;bold&lt;/b&gt; claim");
    expect(trace!.hovertext[2]).toMatch(/<b>decided<\/b>$/);
  });

  it("is left out when the toggle is off", () => {
    expect(decidedHighlightTraces(points, coordinates, { enabled: false, webgl: true })).toEqual(
      [],
    );
  });

  it("leaves out filtered points, and is absent when nothing shown is decided", () => {
    const shown = new Uint8Array([0, 1, 1, 1, 0]);
    const [trace] = decidedHighlightTraces(points, coordinates, {
      enabled: true,
      webgl: true,
      shown,
    });
    expect(trace!.customdata).toEqual([2]);
    const open = new Uint8Array([0, 1, 0, 1, 0]);
    expect(
      decidedHighlightTraces(points, coordinates, { enabled: true, webgl: true, shown: open }),
    ).toEqual([]);
  });
});
