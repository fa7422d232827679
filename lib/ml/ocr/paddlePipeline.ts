import {
  ctcDecode,
  detectionInput,
  findTextBoxes,
  inkColumns,
  readingOrder,
  recognitionInput,
  recognitionWidth,
  type RgbaImage,
  type TextBox,
} from "@/lib/core/ocr/paddle";

/**
 * PaddleOCR's two stages around any ONNX runtime: the detector finds text boxes, the recogniser
 * reads them. The runtime is passed in as two `run` functions, so the browser worker runs this
 * on onnxruntime-web and the Node test on onnxruntime-node, the same code either way.
 */

/** Runs one model on a float32 tensor and returns its first output. */
export type RunModel = (
  data: Float32Array,
  dims: readonly number[],
) => Promise<{ data: Float32Array; dims: readonly number[] }>;

/** What reading one image gives. */
export interface ImageReading {
  text: string;
  /** Mean character probability over the lines kept. */
  confidence: number;
  lines: number;
}

/** A line read with less mean confidence than this is noise (a texture, a shape), not text. */
const minLineConfidence = 0.5;
/**
 * Lines batched into one recogniser run when their widths are within this ratio: padding a
 * short line to a long one's width costs more than the extra run saves.
 */
const batchWidthRatio = 1.25;

export class PaddlePipeline {
  constructor(
    private readonly detector: RunModel,
    private readonly recogniser: RunModel,
    /** The recogniser's classes (see `recognitionClasses`). */
    private readonly classes: readonly string[],
  ) {}

  /** Reads the text of one decoded image, lines in reading order. */
  async read(image: RgbaImage): Promise<ImageReading> {
    const boxes = await this.detect(image);
    const ordered = [...boxes].sort((a, b) => recognitionWidth(a) - recognitionWidth(b));
    const recognised: { box: TextBox; text: string; confidence: number }[] = [];
    let start = 0;
    while (start < ordered.length) {
      const limit = recognitionWidth(ordered[start]!) * batchWidthRatio;
      let end = start + 1;
      while (end < ordered.length && recognitionWidth(ordered[end]!) <= limit) end++;
      recognised.push(...(await this.recognise(image, ordered.slice(start, end))));
      start = end;
    }
    const kept = recognised.filter((line) => line.confidence >= minLineConfidence);
    const confidence =
      kept.length === 0 ? 0 : kept.reduce((sum, line) => sum + line.confidence, 0) / kept.length;
    return { text: readingOrder(kept), confidence, lines: kept.length };
  }

  private async detect(image: RgbaImage): Promise<TextBox[]> {
    const input = detectionInput(image);
    const output = await this.detector(input.data, [1, 3, input.height, input.width]);
    return findTextBoxes(output.data, input, image);
  }

  private async recognise(
    image: RgbaImage,
    boxes: TextBox[],
  ): Promise<{ box: TextBox; text: string; confidence: number }[]> {
    const input = recognitionInput(image, boxes);
    const output = await this.recogniser(input.data, [input.batch, 3, input.height, input.width]);
    const [batch, steps, classes] = output.dims as [number, number, number];
    if (classes !== this.classes.length) {
      throw new Error(
        `the recogniser has ${classes} classes but the dictionary ${this.classes.length}`,
      );
    }
    return boxes.slice(0, batch).map((box, i) => ({
      box,
      ...ctcDecode(output.data, i * steps * classes, steps, this.classes, inkColumns(input, i)),
    }));
  }
}
