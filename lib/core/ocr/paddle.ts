/**
 * The pure half of PaddleOCR (PP-OCRv4) inference: turning pixels into the detector's and the
 * recogniser's input tensors, turning the detector's probability map into text boxes (DB
 * post-processing), decoding the recogniser's CTC output, and putting lines in reading order.
 * The worker only decodes the image and runs the two ONNX sessions around these functions, so all
 * of it is unit-tested in Node.
 *
 * Boxes are axis-aligned: ad text is horizontal, and this drops the opencv.js dependency
 * (min-area rotated rectangles, polygon clipping) that the upstream JavaScript wrapper needs.
 */

/** Decoded pixels, row-major RGBA (what `ImageData` holds). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/** A text box in image pixels, `[x0, x1) x [y0, y1)`. */
export interface TextBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Mean text probability inside the box before it was expanded. */
  score: number;
}

/** PaddleOCR's defaults for PP-OCRv4 (`det_db_*`, `rec_image_shape`) unless said otherwise. */
export const paddleDefaults = {
  /**
   * The longer side is scaled down to this before detection (never up). Paddle uses 960; ad text
   * is large. On the 600x314 demo ads, 544 (a 544x288 map instead of 608x320) cut detection by
   * a fifth with the same CER on the first 60 (0.63% against 0.65%); 512 lost thin lines (0.96%).
   */
  detectionMaxSide: 544,
  /** Pixel probability above which a pixel is text. */
  binaryThreshold: 0.3,
  /** Mean probability a box needs to count as text. */
  boxThreshold: 0.6,
  /** How far a shrunk text kernel is grown back: area * ratio / perimeter. */
  unclipRatio: 1.5,
  /** Recogniser input height. */
  recognitionHeight: 48,
  /**
   * An ink-free gap at least this wide (px at the recogniser's 48 px height) between two letters
   * is a word space. The Chinese-trained recogniser often drops English spaces; on the rendered
   * demo ads (first 60) a gap of 8 px told 743 of 745 true spaces from 4,501 of 4,530 letter gaps.
   */
  minWordGap: 8,
  /** Longest line the recogniser sees; longer crops are squeezed. */
  recognitionMaxWidth: 1600,
} as const;

const detectionMean = [0.485, 0.456, 0.406];
const detectionStd = [0.229, 0.224, 0.225];

/** A `[1, 3, height, width]` float tensor's data and shape. */
export interface TensorInput {
  data: Float32Array;
  width: number;
  height: number;
}

/**
 * Where bilinear resampling reads along one axis: for each of `count` output positions covering
 * `[from, to)` of a source axis `size` long, the two source indices (clamped to the edges) and
 * the second one's weight.
 */
function axisTaps(
  from: number,
  to: number,
  count: number,
  size: number,
): { lo: Int32Array; hi: Int32Array; weight: Float32Array } {
  const lo = new Int32Array(count);
  const hi = new Int32Array(count);
  const weight = new Float32Array(count);
  const step = (to - from) / count;
  for (let i = 0; i < count; i++) {
    const at = Math.min(Math.max(from + (i + 0.5) * step - 0.5, 0), size - 1);
    const first = Math.floor(at);
    lo[i] = first;
    hi[i] = Math.min(first + 1, size - 1);
    weight[i] = at - first;
  }
  return { lo, hi, weight };
}

/**
 * Resamples the region `box` of `image` to `width x height` (bilinear, edges clamped) as planar
 * BGR (the channel order Paddle's models were trained on), normalised per channel, into `out` at
 * `offset`, leaving the columns from `usedWidth` on as they are (zero in a fresh array: the
 * recogniser's padding value). The taps are computed once per row and column, not per pixel:
 * this runs on every pixel of every image, in the browser.
 */
function writePlanarBgr(
  image: RgbaImage,
  box: { x0: number; y0: number; x1: number; y1: number },
  target: { width: number; height: number; usedWidth: number },
  norm: { mean: readonly number[]; std: readonly number[] },
  out: Float32Array,
  offset: number,
): void {
  const { width, height, usedWidth } = target;
  const { data } = image;
  const columns = axisTaps(box.x0, box.x1, usedWidth, image.width);
  const rows = axisTaps(box.y0, box.y1, height, image.height);
  const plane = width * height;
  // out = (value / 255 - mean) / std = value * scale + shift, per BGR channel.
  const scale = [0, 1, 2].map((c) => 1 / (255 * norm.std[c]!));
  const shift = [0, 1, 2].map((c) => -norm.mean[c]! / norm.std[c]!);
  for (let v = 0; v < height; v++) {
    const top = rows.lo[v]! * image.width;
    const bottom = rows.hi[v]! * image.width;
    const fy = rows.weight[v]!;
    const row = offset + v * width;
    for (let u = 0; u < usedWidth; u++) {
      const left = columns.lo[u]!;
      const right = columns.hi[u]!;
      const fx = columns.weight[u]!;
      const a = (top + left) * 4;
      const b = (top + right) * 4;
      const c = (bottom + left) * 4;
      const d = (bottom + right) * 4;
      for (let bgr = 0; bgr < 3; bgr++) {
        const k = 2 - bgr; // RGBA channel
        const upper = data[a + k]! + (data[b + k]! - data[a + k]!) * fx;
        const lower = data[c + k]! + (data[d + k]! - data[c + k]!) * fx;
        const value = upper + (lower - upper) * fy;
        out[row + u + bgr * plane] = value * scale[bgr]! + shift[bgr]!;
      }
    }
  }
}

/** The detector's input: the image scaled (down only) to sides that are multiples of 32. */
export function detectionInput(
  image: RgbaImage,
  maxSide: number = paddleDefaults.detectionMaxSide,
): TensorInput {
  const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
  const width = Math.max(32, Math.round((image.width * scale) / 32) * 32);
  const height = Math.max(32, Math.round((image.height * scale) / 32) * 32);
  const data = new Float32Array(3 * width * height);
  writePlanarBgr(
    image,
    { x0: 0, y0: 0, x1: image.width, y1: image.height },
    { width, height, usedWidth: width },
    { mean: detectionMean, std: detectionStd },
    data,
    0,
  );
  return { data, width, height };
}

/**
 * DB post-processing: the connected regions of the probability map above the binary threshold,
 * kept when their box's mean probability clears the box threshold, grown back by the unclip
 * distance, and scaled from the map's size to the image's. Sorted top to bottom, left to right.
 */
export function findTextBoxes(
  probability: Float32Array,
  map: { width: number; height: number },
  image: { width: number; height: number },
  options: Partial<
    Pick<typeof paddleDefaults, "binaryThreshold" | "boxThreshold" | "unclipRatio">
  > = {},
): TextBox[] {
  const binaryThreshold = options.binaryThreshold ?? paddleDefaults.binaryThreshold;
  const boxThreshold = options.boxThreshold ?? paddleDefaults.boxThreshold;
  const unclipRatio = options.unclipRatio ?? paddleDefaults.unclipRatio;
  const { width, height } = map;
  const seen = new Uint8Array(width * height);
  const stack: number[] = [];
  const boxes: TextBox[] = [];
  const rx = image.width / width;
  const ry = image.height / height;
  for (let start = 0; start < width * height; start++) {
    if (seen[start] || probability[start]! <= binaryThreshold) continue;
    let minX = width;
    let maxX = -1;
    let minY = height;
    let maxY = -1;
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop()!;
      const x = p % width;
      const y = (p - x) / width;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      const neighbours = [
        x > 0 ? p - 1 : -1,
        x < width - 1 ? p + 1 : -1,
        y > 0 ? p - width : -1,
        y < height - 1 ? p + width : -1,
      ];
      for (const q of neighbours) {
        if (q >= 0 && !seen[q] && probability[q]! > binaryThreshold) {
          seen[q] = 1;
          stack.push(q);
        }
      }
    }
    const w = maxX - minX + 1;
    const h = maxY - minY + 1;
    if (Math.min(w, h) < 3) continue;
    let sum = 0;
    for (let y = minY; y <= maxY; y++) {
      for (let x = minX; x <= maxX; x++) sum += probability[y * width + x]!;
    }
    const score = sum / (w * h);
    if (score < boxThreshold) continue;
    const distance = (w * h * unclipRatio) / (2 * (w + h));
    const box = {
      x0: Math.max(0, Math.floor((minX - distance) * rx)),
      y0: Math.max(0, Math.floor((minY - distance) * ry)),
      x1: Math.min(image.width, Math.ceil((maxX + 1 + distance) * rx)),
      y1: Math.min(image.height, Math.ceil((maxY + 1 + distance) * ry)),
      score,
    };
    if (box.x1 - box.x0 < 5 || box.y1 - box.y0 < 5) continue;
    boxes.push(box);
  }
  return boxes.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
}

/** The recogniser's input width for a crop: height fixed, aspect kept, within the limits. */
export function recognitionWidth(box: TextBox): number {
  const { recognitionHeight, recognitionMaxWidth } = paddleDefaults;
  const ratio = (box.x1 - box.x0) / Math.max(1, box.y1 - box.y0);
  return Math.min(recognitionMaxWidth, Math.max(8, Math.ceil(recognitionHeight * ratio)));
}

/**
 * The recogniser's input for a batch of boxes: each crop scaled to height 48 with its aspect
 * kept, normalised to [-1, 1], and right-padded with zeros to the batch's widest crop. Paddle
 * also pads to at least 320 columns; that costs time (the recogniser's work grows with the
 * width) and dropping it moved CER on the first 60 demo ads from 0.65% to 0.68% only, so a lone
 * crop keeps its own width.
 */
export function recognitionInput(
  image: RgbaImage,
  boxes: readonly TextBox[],
): TensorInput & { batch: number; usedWidths: number[] } {
  if (boxes.length === 0) throw new Error("recognitionInput needs at least one box");
  const height = paddleDefaults.recognitionHeight;
  const widths = boxes.map(recognitionWidth);
  const width = Math.max(...widths);
  const data = new Float32Array(boxes.length * 3 * height * width);
  boxes.forEach((box, i) => {
    writePlanarBgr(
      image,
      box,
      { width, height, usedWidth: widths[i]! },
      { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
      data,
      i * 3 * height * width,
    );
  });
  return { data, width, height, batch: boxes.length, usedWidths: widths };
}

/**
 * Which columns of crop `index` of a recogniser input hold ink: the crop's grey levels are split
 * in two by Otsu's threshold, the smaller class is the text (ads put little text on much
 * background), and a column with at least two text pixels has ink.
 */
export function inkColumns(
  input: TensorInput & { usedWidths: readonly number[] },
  index: number,
): Uint8Array {
  const { width, height, data } = input;
  const used = Math.min(width, input.usedWidths[index] ?? width);
  const plane = width * height;
  const base = index * 3 * plane;
  const bins = 64;
  const binOf = new Uint8Array(height * used);
  const histogram = new Float64Array(bins);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < used; x++) {
      const i = base + y * width + x;
      const grey = (data[i]! + data[i + plane]! + data[i + 2 * plane]!) / 3; // in [-1, 1]
      const bin = Math.min(bins - 1, Math.max(0, Math.floor(((grey + 1) / 2) * bins)));
      binOf[y * used + x] = bin;
      histogram[bin]!++;
    }
  }
  const total = height * used;
  let sumAll = 0;
  for (let b = 0; b < bins; b++) sumAll += b * histogram[b]!;
  let best = -1;
  let threshold = bins / 2;
  let weightBelow = 0;
  let sumBelow = 0;
  for (let b = 0; b < bins; b++) {
    weightBelow += histogram[b]!;
    if (weightBelow === 0 || weightBelow === total) continue;
    sumBelow += b * histogram[b]!;
    const meanBelow = sumBelow / weightBelow;
    const meanAbove = (sumAll - sumBelow) / (total - weightBelow);
    const between = weightBelow * (total - weightBelow) * (meanBelow - meanAbove) ** 2;
    if (between > best) {
      best = between;
      threshold = b + 1;
    }
  }
  let below = 0;
  for (let b = 0; b < threshold; b++) below += histogram[b]!;
  const textIsDark = below < total / 2;
  const ink = new Uint8Array(width);
  for (let x = 0; x < used; x++) {
    let count = 0;
    for (let y = 0; y < height; y++) {
      const dark = binOf[y * used + x]! < threshold;
      if (dark === textIsDark) count++;
    }
    ink[x] = count >= 2 ? 1 : 0;
  }
  return ink;
}

/** Paddle's dictionary file as the recogniser's classes: blank first, space last. */
export function recognitionClasses(dictionaryText: string): string[] {
  const lines = dictionaryText.replace(/\r/g, "").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return ["", ...lines, " "];
}

/** One recognised line. */
export interface DecodedLine {
  text: string;
  /** Mean probability of the characters kept; 0 for an empty line. */
  confidence: number;
}

/** The recogniser's time steps are 8 input columns wide. */
const columnsPerStep = 8;

/** A word gap is at least this many times the line's median letter gap. */
const wordGapRatio = 2;

/** Widest run of zeros in `ink` within `[from, to)`. */
function widestGap(ink: Uint8Array, from: number, to: number): number {
  let run = 0;
  let widest = 0;
  for (let x = Math.max(0, from); x < Math.min(ink.length, to); x++) {
    run = ink[x] ? 0 : run + 1;
    if (run > widest) widest = run;
  }
  return widest;
}

/**
 * Greedy CTC decoding of one `[steps, classes]` slice of the recogniser's softmax output: best
 * class per step, repeats collapsed, blanks dropped. With the crop's `ink` columns, a space is
 * put between two letters whose centres are separated by an ink-free gap of at least
 * `minWordGap` px and `wordGapRatio` times the line's median letter gap (so widely tracked
 * capitals are not split into letters).
 */
export function ctcDecode(
  output: Float32Array,
  offset: number,
  steps: number,
  classes: readonly string[],
  ink?: Uint8Array,
  minWordGap: number = paddleDefaults.minWordGap,
): DecodedLine {
  const n = classes.length;
  const letters: { char: string; first: number; last: number; p: number }[] = [];
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const base = offset + t * n;
    let best = 0;
    let bestP = output[base]!;
    for (let c = 1; c < n; c++) {
      const p = output[base + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best === previous) letters[letters.length - 1]!.last = t;
    else if (best !== 0) letters.push({ char: classes[best] ?? "", first: t, last: t, p: bestP });
    previous = best;
  }
  const half = columnsPerStep / 2;
  const gaps = letters.map((letter, i) => {
    const before = letters[i - 1];
    if (!ink || !before || before.char === " " || letter.char === " ") return 0;
    return widestGap(
      ink,
      before.last * columnsPerStep + half,
      letter.first * columnsPerStep + half,
    );
  });
  const letterGaps = gaps.slice(1).sort((a, b) => a - b);
  const median = letterGaps[Math.floor(letterGaps.length / 2)] ?? 0;
  const threshold = Math.max(minWordGap, wordGapRatio * median);
  let text = "";
  letters.forEach((letter, i) => {
    if (gaps[i]! >= threshold) text += " ";
    text += letter.char;
  });
  const confidence = letters.reduce((sum, letter) => sum + letter.p, 0) / (letters.length || 1);
  return { text: text.replace(/ {2,}/g, " ").trim(), confidence };
}

/** A recognised box, for reading order. */
export interface RecognisedBox {
  box: TextBox;
  text: string;
}

/**
 * Joins recognised boxes in reading order: boxes whose vertical centres lie within half a line
 * height of each other form a line, read left to right; lines are read top to bottom.
 */
export function readingOrder(items: readonly RecognisedBox[]): string {
  const sorted = items
    .filter((item) => item.text.length > 0)
    .sort((a, b) => a.box.y0 + a.box.y1 - (b.box.y0 + b.box.y1));
  const lines: RecognisedBox[][] = [];
  for (const item of sorted) {
    const centre = (item.box.y0 + item.box.y1) / 2;
    const line = lines.find((candidate) => {
      const first = candidate[0]!.box;
      return Math.abs((first.y0 + first.y1) / 2 - centre) < (first.y1 - first.y0) / 2;
    });
    if (line) line.push(item);
    else lines.push([item]);
  }
  return lines
    .map((line) =>
      line
        .sort((a, b) => a.box.x0 - b.box.x0)
        .map((item) => item.text)
        .join(" "),
    )
    .join("\n");
}
