import type { DetectorRunInputsPayload, DetectorRunUpload } from "@/lib/core/detector/runPayload";
import { generativeLabelText } from "@/lib/core/detector/runInput";
import { modelVersionOf, type ModelSpec } from "@/lib/core/models/registry";
import { base64ToFloat32 } from "../embedding/vectorCodec";
import type { DetectorProgress, RunRequest, RunResult } from "./protocol";

/**
 * A detector run in the browser, after the user switched model or imported creatives: fetch the
 * dataset's inputs (vectors from the active model, decisions so far), embed the generative labels
 * with the same model, score in the detector worker, store the run. Dependencies are passed in so
 * the loop is tested without a browser.
 *
 * A trained version's space is scored the same way: its stored vectors are the base model's
 * through the version's adapter, so the generative labels are embedded with the base model and
 * passed through the same adapter (`space.adapt`) to land in that space too.
 */

export interface DetectorRunDeps {
  fetchInputs(signal: AbortSignal): Promise<DetectorRunInputsPayload>;
  embed(
    texts: string[],
    options: { signal: AbortSignal; onProgress: (done: number, total: number) => void },
  ): Promise<{ vectors: Float32Array; dim: number }>;
  score(
    body: Omit<RunRequest, "type" | "id">,
    options: { signal: AbortSignal; onProgress: (progress: DetectorProgress) => void },
  ): Promise<RunResult>;
  store(body: DetectorRunUpload, signal: AbortSignal): Promise<{ scored: number; groups: number }>;
}

export type DetectorJobProgress =
  | { phase: "inputs" }
  | { phase: "generative"; done: number; total: number }
  | { phase: "scoring"; creatives: number; labels: number }
  | { phase: "storing"; creatives: number };

export interface DetectorJobResult {
  scored: number;
  wrongLabel: number;
  newLabel: number;
  groups: number;
  seconds: number;
  /** The similarity kernel the worker scored with, when it said. */
  kernel?: RunResult["kernel"];
}

/** The space a run scores when it is not the model's own: a trained version of it. */
export interface DetectorRunSpace {
  /** The `modelVersion` the space's vectors and run are stored under. */
  modelVersion: string;
  /** Maps `[rows, dim]` base-model vectors into the space (absent: they are in it already). */
  adapt?: (vectors: Float32Array, dim: number) => Float32Array;
}

export async function runDetectorJob(
  model: ModelSpec,
  deps: DetectorRunDeps,
  options: {
    signal: AbortSignal;
    onProgress: (progress: DetectorJobProgress) => void;
    /** Absent: the model's own space (`modelVersionOf(model)`). */
    space?: DetectorRunSpace;
  },
): Promise<DetectorJobResult> {
  const { signal, onProgress, space } = options;
  const started = performance.now();
  const modelVersion = space?.modelVersion ?? modelVersionOf(model);
  onProgress({ phase: "inputs" });
  const inputs = await deps.fetchInputs(signal);
  if (inputs.modelVersion !== modelVersion) {
    throw new Error(`the server sent inputs of ${inputs.modelVersion}, not ${modelVersion}`);
  }
  const { dim, creatives, labels } = inputs;
  if (creatives.length === 0 || labels.length === 0) {
    throw new Error(
      `nothing to score: ${creatives.length} creatives and ${labels.length} labels have vectors from ${model.id}; embed the dataset first`,
    );
  }
  const texts = base64ToFloat32(inputs.texts);
  const labelVectors = base64ToFloat32(inputs.labelVectors);
  const images = inputs.images === undefined ? undefined : base64ToFloat32(inputs.images);
  if (images && images.length !== texts.length) {
    throw new Error(
      `the server sent ${images.length / dim} image rows for ${creatives.length} creatives`,
    );
  }
  const generative = new Float32Array(creatives.length * dim);
  const present = creatives.flatMap((c, i) =>
    c.generativeValue ? [{ i, value: c.generativeValue }] : [],
  );
  if (present.length > 0) {
    onProgress({ phase: "generative", done: 0, total: present.length });
    const embedded = await deps.embed(
      present.map((p) => generativeLabelText(model, p.value, inputs.separator)),
      {
        signal,
        onProgress: (done, total) => onProgress({ phase: "generative", done, total }),
      },
    );
    if (embedded.dim !== dim) {
      throw new Error(`${model.id} gives ${embedded.dim}-d vectors, the stored ones are ${dim}-d`);
    }
    const vectors = space?.adapt ? space.adapt(embedded.vectors, dim) : embedded.vectors;
    present.forEach((p, j) => generative.set(vectors.subarray(j * dim, (j + 1) * dim), p.i * dim));
  }
  signal.throwIfAborted();
  onProgress({ phase: "scoring", creatives: creatives.length, labels: labels.length });
  const run = await deps.score(
    { dim, creatives, labels, texts, labelVectors, generative, ...(images ? { images } : {}) },
    { signal, onProgress: () => {} },
  );
  signal.throwIfAborted();
  onProgress({ phase: "storing", creatives: creatives.length });
  const stored = await deps.store(
    {
      datasetId: inputs.datasetId,
      modelId: inputs.modelId,
      modelVersion: inputs.modelVersion,
      creativeIds: creatives.map((c) => c.id),
      labelIds: labels.map((l) => l.id),
      rows: run.rows,
      groups: run.groups,
    },
    signal,
  );
  return {
    scored: stored.scored,
    wrongLabel: run.counts.wrongLabel,
    newLabel: run.counts.newLabel,
    groups: stored.groups,
    seconds: (performance.now() - started) / 1000,
    ...(run.kernel ? { kernel: run.kernel } : {}),
  };
}
