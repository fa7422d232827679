import {
  ctcDecode,
  detectionInput,
  findTextBoxes,
  inkColumns,
  readingOrder,
  recognitionInput,
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
    // One recogniser run per line, at the line's own width: the recogniser's work grows with
    // the padded width, and on ONNX Runtime Web (one WASM thread) lines batched by similar
    // width (within 25%) read slower than lines run one by one (bench:ocr, first 60 demo ads:
    // 0.88 against 0.72 CPU seconds per image).
    const recognised: { box: TextBox; text: string; confidence: number }[] = [];
    for (const box of boxes) recognised.push(...(await this.recognise(image, [box])));
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
