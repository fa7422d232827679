import { describe, expect, it } from "vitest";
import { runDetector } from "@/lib/core/detector/run";
import { buildDetectorInput, type RunCreative } from "@/lib/core/detector/runInput";
import { detectorRunUploadSchema, type DetectorRunUpload } from "@/lib/core/detector/runPayload";
import { syntheticWorld } from "@/lib/core/detector/synthetic.test-helpers";
import { defaultModel, modelVersionOf } from "@/lib/core/models/registry";
import { float32ToBase64 } from "../embedding/vectorCodec";
import { runDetectorJob, type DetectorJobProgress, type DetectorRunDeps } from "./detectorRunJob";

/** The job's loop with the real detector in-process in place of the worker. */
describe("runDetectorJob", () => {
  const model = defaultModel();
  const { input } = syntheticWorld();
  const n = input.predicted.length;
  const creatives: RunCreative[] = Array.from({ length: n }, (_, i) => ({
    id: 100 + i,
    text: `creative ${i}`,
    predictedLabelId: input.predicted[i]! + 1,
    predictedScore: null,
    generativeValue: i % 10 === 0 ? "Branch 2 > Something New" : null,
    decision: null,
  }));
  const labels = input.labelPaths.map((path, i) => ({ id: i + 1, path: [...path] }));

  function deps(stored: DetectorRunUpload[], embedded: string[][]): DetectorRunDeps {
    return {
      fetchInputs: async () => ({
        datasetId: 7,
        modelId: model.id,
        modelVersion: modelVersionOf(model),
        separator: " > ",
        dim: input.dim,
        creatives,
        labels,
        texts: float32ToBase64(input.texts),
        labelVectors: float32ToBase64(input.labels),
      }),
      embed: async (texts, options) => {
        embedded.push(texts);
        options.onProgress(texts.length, texts.length);
        // Each generative label embeds as the first label's vector: a known, checkable input.
        const vectors = new Float32Array(texts.length * input.dim);
        for (let t = 0; t < texts.length; t++)
          vectors.set(input.labels.subarray(0, input.dim), t * input.dim);
        return { vectors, dim: input.dim };
      },
      score: async (body) => ({
        kind: "run",
        ...runDetector(buildDetectorInput(body)),
        seconds: 0,
      }),
      store: async (body) => {
        stored.push(body);
        return { scored: body.rows.length, groups: body.groups.length };
      },
    };
  }

  it("embeds the generative labels with the label template, scores, and stores a valid run", async () => {
    const stored: DetectorRunUpload[] = [];
    const embedded: string[][] = [];
    const phases: DetectorJobProgress["phase"][] = [];
    const result = await runDetectorJob(model, deps(stored, embedded), {
      signal: new AbortController().signal,
      onProgress: (p) => phases.push(p.phase),
    });
    expect(embedded).toHaveLength(1);
    expect(embedded[0]).toHaveLength(creatives.filter((c) => c.generativeValue).length);
    expect(stored).toHaveLength(1);
    expect(detectorRunUploadSchema.safeParse(stored[0]).success).toBe(true);
    expect(stored[0]!.creativeIds).toEqual(creatives.map((c) => c.id));
    expect(result.scored).toBe(n);
    expect(result.wrongLabel + result.newLabel).toBeGreaterThan(0);
    expect([...new Set(phases)]).toEqual(["inputs", "generative", "scoring", "storing"]);
  });

  it("stores nothing once cancelled", async () => {
    const stored: DetectorRunUpload[] = [];
    const controller = new AbortController();
    const job = runDetectorJob(model, deps(stored, []), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === "generative") controller.abort();
      },
    });
    await expect(job).rejects.toThrow();
    expect(stored).toHaveLength(0);
  });
});
