import { describe, expect, it } from "vitest";
import { applyAdapter, decodeAdapter } from "@/lib/core/adaptation/adapter";
import { trainingSetOf } from "@/lib/core/adaptation/round";
import { trainAdapter } from "@/lib/core/adaptation/trainAdapter";
import {
  adaptedModelVersion,
  createVersionSchema,
  versionMetricsSchema,
  type CreateVersionBody,
  type ModelVersionSummary,
  type TrainingData,
} from "@/lib/core/adaptation/versions";
import { runDetector } from "@/lib/core/detector/run";
import { buildDetectorInput, type RunCreative } from "@/lib/core/detector/runInput";
import type { DetectorRunUpload } from "@/lib/core/detector/runPayload";
import { syntheticWorld } from "@/lib/core/detector/synthetic.test-helpers";
import { defaultModel, modelVersionOf } from "@/lib/core/models/registry";
import { base64ToFloat32, float32ToBase64 } from "../embedding/vectorCodec";
import { trainFromRequest } from "./trainRequest";
import type { SelectVersionBody } from "./trainingApi";
import {
  runTrainingRound,
  secondsLeftOf,
  trainingRoundPhases,
  type TrainingRoundDeps,
  type TrainingRoundProgress,
} from "./trainingRound";

/**
 * The round's loop in Node: the real trainer (through the worker's own request handler) and the
 * real detector in-process, and in-memory functions in place of the HTTP routes (which have
 * their own tests against the database). The stand-in server keeps what it was sent, writes a
 * version's vectors through the posted adapter as the embed route does, and answers the
 * detector's inputs from the space it is asked for.
 */

const model = defaultModel();
const baseVersion = modelVersionOf(model);
const { input, truth } = syntheticWorld();
const { dim } = input;
const labelCount = input.labelPaths.length;
const creativeCount = input.predicted.length;
const options = { maxEpochs: 5, patience: 10 };

/** Rows: the labels first, then every creative's text; one positive pair per known creative. */
function trainingData(withPairs = true): TrainingData {
  const vectors = new Float32Array((labelCount + creativeCount) * dim);
  vectors.set(input.labels, 0);
  vectors.set(input.texts, labelCount * dim);
  const known = withPairs ? truth.flatMap((t, i) => (t >= 0 ? [i] : [])) : [];
  return {
    dim,
    vectors: float32ToBase64(vectors),
    rows: [
      ...input.labelPaths.map((_, j) => ({ ownerType: "label" as const, ownerId: j + 1 })),
      ...truth.map((_, i) => ({ ownerType: "creative_text" as const, ownerId: 100 + i })),
    ],
    labelRows: input.labelPaths.map((_, j) => j),
    pairs: {
      left: known.map((i) => labelCount + i),
      right: known.map((i) => truth[i]!),
      target: known.map(() => 1),
      weight: known.map(() => 1),
      group: known.map((i) => 100 + i),
    },
    decisionPairs: known.length,
    importedPairs: 0,
    lastDecisionId: 900,
    decisionCount: known.length,
    parentId: null,
  };
}

const creatives: RunCreative[] = Array.from({ length: creativeCount }, (_, i) => ({
  id: 100 + i,
  text: `creative ${i}`,
  predictedLabelId: input.predicted[i]! + 1,
  predictedScore: null,
  generativeValue: i % 10 === 0 ? "Branch 2 > Something New" : null,
  decision: null,
}));

function bytesOf(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function fakeServer(data = trainingData()) {
  const posted: CreateVersionBody[] = [];
  const versions: ModelVersionSummary[] = [];
  const selected: SelectVersionBody[] = [];
  const runs: DetectorRunUpload[] = [];
  const spaces = new Map([[baseVersion, { texts: input.texts, labels: input.labels }]]);
  const deps: TrainingRoundDeps = {
    fetchTrainingData: async (query) => {
      expect(query).toEqual({ dataset: "ads", modelId: model.id, modelVersion: baseVersion });
      return data;
    },
    train: async (body, { onProgress }) =>
      trainFromRequest(body, (epoch, maxEpochs) => onProgress({ epoch, maxEpochs })),
    device: "node-test",
    storeVersion: async (body) => {
      posted.push(body);
      const id = versions.length + 1;
      const version: ModelVersionSummary = {
        id,
        parentId: body.parentId,
        baseModelId: body.baseModelId,
        baseModelVersion: body.baseModelVersion,
        modelVersion: adaptedModelVersion(body.baseModelVersion, id),
        objective: body.metrics.objective,
        dim: body.dim,
        decisionCount: body.decisionCount,
        lastDecisionId: body.lastDecisionId,
        metrics: body.metrics,
        createdBy: "tester",
        createdAt: new Date(0).toISOString(),
        selected: false,
      };
      versions.push(version);
      return version;
    },
    embedVersion: async (versionId) => {
      const version = versions.find((v) => v.id === versionId)!;
      const adapter = decodeAdapter(bytesOf(posted[versionId - 1]!.weights), dim);
      spaces.set(version.modelVersion, {
        texts: applyAdapter(adapter, input.texts),
        labels: applyAdapter(adapter, input.labels),
      });
      const total = creativeCount + labelCount;
      return {
        modelId: model.id,
        modelVersion: version.modelVersion,
        total,
        stored: total,
        unchanged: 0,
        skipped: 0,
      };
    },
    detector: {
      fetchInputs: async (query) => {
        const space = spaces.get(query.modelVersion);
        if (!space) throw new Error(`no vectors of ${query.modelVersion}`);
        return {
          datasetId: 7,
          modelId: query.modelId,
          modelVersion: query.modelVersion,
          separator: " > ",
          dim,
          creatives,
          labels: input.labelPaths.map((path, j) => ({ id: j + 1, path: [...path] })),
          texts: float32ToBase64(space.texts),
          labelVectors: float32ToBase64(space.labels),
        };
      },
      embed: async (texts, o) => {
        o.onProgress(texts.length, texts.length);
        const vectors = new Float32Array(texts.length * dim);
        for (let t = 0; t < texts.length; t++) vectors.set(input.labels.subarray(0, dim), t * dim);
        return { vectors, dim };
      },
      score: async (body) => ({
        kind: "run",
        ...runDetector(buildDetectorInput(body)),
        seconds: 0,
      }),
      store: async (body) => {
        runs.push(body);
        return { scored: body.rows.length, groups: body.groups.length };
      },
    },
    selectVersion: async (body) => {
      selected.push(body);
      return {
        modelId: body.baseModelId,
        modelVersion: adaptedModelVersion(body.baseModelVersion, body.versionId!),
        versionId: body.versionId,
      };
    },
  };
  return { deps, posted, versions, selected, runs };
}

const round = { dataset: "ads", model, objective: "softmax" as const, options };

describe("runTrainingRound", () => {
  it("trains, stores, embeds, scores the version's space and selects it, in that order", async () => {
    const server = fakeServer();
    const progress: TrainingRoundProgress[] = [];
    const result = await runTrainingRound(round, server.deps, {
      signal: new AbortController().signal,
      onProgress: (p) => progress.push(p),
    });
    const phases = progress.map((p) => p.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual([...trainingRoundPhases]);

    expect(server.posted).toHaveLength(1);
    const body = server.posted[0]!;
    expect(createVersionSchema.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({
      dataset: "ads",
      baseModelId: model.id,
      baseModelVersion: baseVersion,
      parentId: null,
      dim,
      lastDecisionId: 900,
      decisionCount: 128,
    });
    // The same trainer on the same set and options gives the same bytes: they are what was posted.
    const data = trainingData();
    const set = trainingSetOf({ ...data, vectors: base64ToFloat32(data.vectors) });
    const direct = trainAdapter(set, { ...options, objective: "softmax" });
    expect(direct.bestEpoch).toBeGreaterThan(0); // trained weights, not the identity it starts at
    expect(decodeAdapter(bytesOf(body.weights), dim).weight).toEqual(direct.adapter.weight);

    expect(versionMetricsSchema.safeParse(result.metrics).success).toBe(true);
    expect(result.metrics).toMatchObject({
      objective: "softmax",
      device: "node-test",
      decisionPairs: 128,
      bestEpoch: direct.bestEpoch,
    });
    expect(result.metrics.history).toHaveLength(direct.history.length);
    expect(result.version.id).toBe(1);

    const modelVersion = adaptedModelVersion(baseVersion, 1);
    expect(result.materialized.modelVersion).toBe(modelVersion);
    expect(server.runs.map((r) => r.modelVersion)).toEqual([modelVersion]);
    expect(result.detector.scored).toBe(creativeCount);
    expect(server.selected).toEqual([
      { dataset: "ads", baseModelId: model.id, baseModelVersion: baseVersion, versionId: 1 },
    ]);
    for (const phase of trainingRoundPhases) {
      expect(result.phaseSeconds[phase]).toBeGreaterThanOrEqual(0);
    }
    expect(result.seconds).toBeGreaterThanOrEqual(result.phaseSeconds.training);
  });

  it("reports every epoch with its curve so far and an estimate of the seconds left", async () => {
    const progress: TrainingRoundProgress[] = [];
    await runTrainingRound(round, fakeServer().deps, {
      signal: new AbortController().signal,
      onProgress: (p) => progress.push(p),
    });
    const training = progress.flatMap((p) => (p.phase === "training" ? [p] : []));
    expect(training[0]).toEqual({
      phase: "training",
      epoch: 0,
      history: [],
      maxEpochs: 5,
      secondsLeft: null,
    });
    const epochs = training.slice(1);
    expect(epochs.map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5]);
    epochs.forEach((p) => {
      expect(p.history).toHaveLength(p.epoch);
      expect(p.secondsLeft).toBeCloseTo(secondsLeftOf(p.history.at(-1)!, 5), 9);
    });
    expect(epochs.at(-1)!.secondsLeft).toBe(0);
  });

  it("estimates the time left from the mean epoch time", () => {
    const epoch = { epoch: 2, trainLoss: 1, validationLoss: null, seconds: 4 };
    expect(secondsLeftOf(epoch, 10)).toBe(16);
    expect(secondsLeftOf({ ...epoch, epoch: 10, seconds: 20 }, 10)).toBe(0);
  });

  it("stores nothing when cancelled during training", async () => {
    const server = fakeServer();
    const controller = new AbortController();
    const job = runTrainingRound(round, server.deps, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === "training" && p.epoch === 2) controller.abort();
      },
    });
    await expect(job).rejects.toThrow();
    expect(server.posted).toHaveLength(0);
    expect(server.selected).toHaveLength(0);
  });

  it("keeps a version stored but unselected when cancelled after storing it", async () => {
    for (const at of ["embedding", "scoring"] as const) {
      const server = fakeServer();
      const controller = new AbortController();
      const job = runTrainingRound(round, server.deps, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === at) controller.abort();
        },
      });
      await expect(job).rejects.toThrow();
      expect(server.versions).toHaveLength(1);
      expect(server.selected).toHaveLength(0);
      expect(server.runs).toHaveLength(0);
    }
  });

  it("refuses a dataset without training pairs before training", async () => {
    const server = fakeServer(trainingData(false));
    const job = runTrainingRound(round, server.deps, {
      signal: new AbortController().signal,
      onProgress: () => {},
    });
    await expect(job).rejects.toThrow(/nothing to train on/);
    expect(server.posted).toHaveLength(0);
  });
});
