import { describe, expect, it } from "vitest";
import { applyAdapter, identityAdapter } from "@/lib/core/adaptation/adapter";
import { adaptedModelVersion } from "@/lib/core/adaptation/versions";
import { runDetector } from "@/lib/core/detector/run";
import { buildDetectorInput, type RunCreative } from "@/lib/core/detector/runInput";
import { detectorRunUploadSchema, type DetectorRunUpload } from "@/lib/core/detector/runPayload";
import { syntheticWorld } from "@/lib/core/detector/synthetic.test-helpers";
import { defaultModel, modelVersionOf } from "@/lib/core/models/registry";
import { float32ToBase64 } from "../embedding/vectorCodec";
import { runDetectorJob, type DetectorJobProgress, type DetectorRunDeps } from "./detectorRunJob";
import type { RunRequest } from "./protocol";

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

  function deps(
    stored: DetectorRunUpload[],
    embedded: string[][],
    modelVersion = modelVersionOf(model),
    scored: Omit<RunRequest, "type" | "id">[] = [],
  ): DetectorRunDeps {
    return {
      fetchInputs: async () => ({
        datasetId: 7,
        modelId: model.id,
        modelVersion,
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
      score: async (body) => {
        scored.push(body);
        return {
          kind: "run",
          ...runDetector(buildDetectorInput(body)),
          seconds: 0,
        };
      },
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

  it("scores a version's space: its inputs, the generative labels through its adapter", async () => {
    const dim = input.dim;
    // A permutation of the axes: an adapter whose output is easy to predict (and is unit).
    const weight = identityAdapter(dim).weight.fill(0);
    for (let o = 0; o < dim; o++) weight[o * dim + ((o + 1) % dim)] = 1;
    const adapter = { dim, weight };
    const modelVersion = adaptedModelVersion(modelVersionOf(model), 3);
    const stored: DetectorRunUpload[] = [];
    const scored: Omit<RunRequest, "type" | "id">[] = [];
    await runDetectorJob(model, deps(stored, [], modelVersion, scored), {
      signal: new AbortController().signal,
      onProgress: () => {},
      space: { modelVersion, adapt: (vectors) => applyAdapter(adapter, vectors) },
    });
    const expected = applyAdapter(adapter, input.labels.slice(0, dim));
    const first = creatives.findIndex((c) => c.generativeValue);
    const row = scored[0]!.generative.subarray(first * dim, (first + 1) * dim);
    for (let k = 0; k < dim; k++) expect(row[k]).toBeCloseTo(expected[k]!, 6);
    expect(stored[0]!.modelVersion).toBe(modelVersion);
  });

  it("refuses inputs of another space than the one asked for", async () => {
    const job = runDetectorJob(model, deps([], []), {
      signal: new AbortController().signal,
      onProgress: () => {},
      space: { modelVersion: adaptedModelVersion(modelVersionOf(model), 3) },
    });
    await expect(job).rejects.toThrow(/not .*\+adapter\.3/);
  });
});
