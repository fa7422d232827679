import { describe, expect, it } from "vitest";
import {
  ctcDecode,
  detectionInput,
  findTextBoxes,
  inkColumns,
  readingOrder,
  recognitionClasses,
  recognitionInput,
  type TextBox,
} from "./paddle";

function solid(width: number, height: number, rgb: [number, number, number]) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
  return { width, height, data };
}

describe("detectionInput", () => {
  it("scales to multiples of 32 and writes planar BGR, normalised", () => {
    const input = detectionInput(solid(600, 314, [255, 0, 0]));
    expect([input.width, input.height]).toEqual([544, 288]);
    const plane = input.width * input.height;
    // Blue plane first: blue is 0 here.
    expect(input.data[0]).toBeCloseTo((0 - 0.485) / 0.229);
    expect(input.data[2 * plane]).toBeCloseTo((1 - 0.406) / 0.225);
    expect(input.data[plane - 1]).toBeCloseTo((0 - 0.485) / 0.229);
    expect(input.data[3 * plane - 1]).toBeCloseTo((1 - 0.406) / 0.225);
  });

  it("resamples bilinearly, half-pixel centred, clamped at the edges", () => {
    // A 4x1 ramp 0, 85, 170, 255 in red, padded up to 32 columns: output column u reads source
    // x = (u + 0.5) * 4 / 32 - 0.5. Red is the third plane, normalised with the third mean/std.
    const image = { width: 4, height: 1, data: new Uint8Array(16) };
    [0, 85, 170, 255].forEach((red, x) => image.data.set([red, 0, 0, 255], x * 4));
    const input = detectionInput(image, 32);
    expect([input.width, input.height]).toEqual([32, 32]);
    const plane = input.width * input.height;
    const red = (u: number) => (input.data[2 * plane + u]! * 0.225 + 0.406) * 255;
    expect(red(0)).toBeCloseTo(0, 3); // x < 0: clamped
    expect(red(4)).toBeCloseTo(85 * 0.0625, 3); // x = 0.0625
    expect(red(16)).toBeCloseTo(85 * 1.5625, 3); // x = 1.5625
    expect(red(31)).toBeCloseTo(255, 3); // x > 3: clamped
  });

  it("only scales down", () => {
    const input = detectionInput(solid(2000, 1000, [0, 0, 0]), 960);
    expect([input.width, input.height]).toEqual([960, 480]);
  });
});

describe("findTextBoxes", () => {
  it("finds each text region, grows it back and scales it to the image", () => {
    const map = { width: 40, height: 20 };
    const p = new Float32Array(map.width * map.height);
    const fill = (x0: number, y0: number, x1: number, y1: number, value: number) => {
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) p[y * map.width + x] = value;
    };
    fill(2, 2, 22, 6, 0.9); // a line of text
    fill(25, 12, 35, 16, 0.9); // a button
    fill(5, 15, 7, 16, 0.9); // a speck: too thin
    fill(10, 10, 14, 14, 0.35); // above the pixel threshold, not the box threshold
    const boxes = findTextBoxes(p, map, { width: 80, height: 40 });
    expect(boxes).toHaveLength(2);
    const [line, button] = boxes as [TextBox, TextBox];
    // 20x4 kernel: distance 20*4*1.5/48 = 2.5 map pixels, doubled in the image.
    expect([line.x0, line.y0, line.x1, line.y1]).toEqual([0, 0, 49, 17]);
    expect(line.score).toBeCloseTo(0.9);
    expect(button.x0).toBeLessThan(50);
    expect(button.y1).toBeLessThanOrEqual(40);
  });
});

describe("recognitionInput", () => {
  it("pads every crop of a batch to the widest with zeros", () => {
    const image = solid(200, 50, [255, 255, 255]);
    const boxes = [
      { x0: 0, y0: 0, x1: 100, y1: 24, score: 1 },
      { x0: 0, y0: 25, x1: 20, y1: 49, score: 1 },
    ];
    const input = recognitionInput(image, boxes);
    expect([input.batch, input.height, input.width]).toEqual([2, 48, 200]);
    expect(input.usedWidths).toEqual([200, 40]);
    // White crop pixel is 1 after normalising; the padding is 0.
    const crop = 3 * 48 * 200;
    expect(input.data[199]).toBeCloseTo(1);
    expect(input.data[crop + 39]).toBeCloseTo(1);
    expect(input.data[crop + 40]).toBe(0);
  });

  it("keeps a lone crop at its own width, not Paddle's 320", () => {
    const image = solid(200, 50, [255, 255, 255]);
    const input = recognitionInput(image, [{ x0: 0, y0: 0, x1: 30, y1: 24, score: 1 }]);
    expect([input.batch, input.width]).toEqual([1, 60]);
  });

  it("says when it is given no box", () => {
    expect(() => recognitionInput(solid(10, 10, [0, 0, 0]), [])).toThrow(/at least one box/);
  });
});

describe("ctcDecode", () => {
  it("collapses repeats, drops blanks and keeps a repeated letter split by a blank", () => {
    const classes = recognitionClasses("a\nb\nl\n");
    expect(classes).toEqual(["", "a", "b", "l", " "]);
    const steps = [1, 1, 0, 3, 0, 3, 4, 2];
    const output = new Float32Array(steps.length * classes.length);
    steps.forEach((c, t) => (output[t * classes.length + c] = 0.9));
    expect(ctcDecode(output, 0, steps.length, classes)).toEqual({
      text: "all b",
      confidence: expect.closeTo(0.9) as number,
    });
  });
});

describe("word spaces from ink gaps", () => {
  const classes = recognitionClasses("a\nb");
  /** Letters at the given steps; ink everywhere except the given column ranges. */
  function decode(letterSteps: [number, number][], gaps: [number, number][]) {
    const steps = 12;
    const output = new Float32Array(steps * classes.length);
    for (let t = 0; t < steps; t++) output[t * classes.length] = 0.5;
    for (const [t, c] of letterSteps) output[t * classes.length + c] = 0.9;
    const ink = new Uint8Array(steps * 8).fill(1);
    for (const [from, to] of gaps) ink.fill(0, from, to);
    return ctcDecode(output, 0, steps, classes, ink).text;
  }

  it("puts a space where the gap between letters is wide", () => {
    // Letter gaps of 2 px, then one of 10 px between the second and third letter.
    const letters: [number, number][] = [
      [1, 1],
      [3, 2],
      [6, 1],
      [8, 2],
    ];
    expect(
      decode(letters, [
        [14, 16],
        [30, 40],
        [54, 56],
      ]),
    ).toBe("ab ab");
    expect(
      decode(letters, [
        [14, 16],
        [30, 34],
        [54, 56],
      ]),
    ).toBe("abab");
  });

  it("reads the gap against the line's own letter spacing", () => {
    const letters: [number, number][] = [
      [1, 1],
      [3, 2],
      [5, 1],
    ];
    // Widely tracked letters: 9 px gaps everywhere are not word spaces.
    expect(
      decode(letters, [
        [13, 22],
        [29, 38],
      ]),
    ).toBe("aba");
  });
});

describe("inkColumns", () => {
  it("marks the columns holding the minority (text) colour", () => {
    const image = solid(100, 20, [255, 255, 255]);
    for (let y = 5; y < 15; y++)
      for (let x = 10; x < 20; x++) image.data.set([0, 0, 0, 255], (y * 100 + x) * 4);
    const input = recognitionInput(image, [{ x0: 0, y0: 0, x1: 100, y1: 20, score: 1 }]);
    const ink = inkColumns(input, 0);
    // The crop is scaled by 48/20 = 2.4: text at columns 24-48.
    expect(ink[10]).toBe(0);
    expect(ink[30]).toBe(1);
    expect(ink[100]).toBe(0);
  });
});

describe("readingOrder", () => {
  it("reads lines top to bottom and boxes in a line left to right", () => {
    const box = (x0: number, y0: number): TextBox => ({
      x0,
      y0,
      x1: x0 + 50,
      y1: y0 + 20,
      score: 1,
    });
    expect(
      readingOrder([
        { box: box(300, 102), text: "now" },
        { box: box(10, 10), text: "Big" },
        { box: box(100, 14), text: "sale" },
        { box: box(10, 100), text: "Shop" },
        { box: box(200, 200), text: "" },
      ]),
    ).toBe("Big sale\nShop now");
  });
});
