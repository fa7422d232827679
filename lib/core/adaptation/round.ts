import type { TrainingData, VersionMetrics } from "./versions";
import type { AdapterTrainingSet, AdapterTrainOptions, AdapterTrainResult } from "./trainAdapter";

/**
 * The pieces of a training round that the browser worker and `npm run train` share around
 * `trainAdapter`: the training set built from what the server sends, and the metrics a version
 * stores. One definition, so a version trained in either place records the same figures.
 */

/** The round's training data with its vectors decoded (the server's form, before base64). */
export type DecodedTrainingData = Omit<TrainingData, "vectors"> & { vectors: Float32Array };

/** The trainer's input from the round's data; checks that every index is in range. */
export function trainingSetOf(data: DecodedTrainingData): AdapterTrainingSet {
  const rows = data.vectors.length / data.dim;
  if (!Number.isInteger(rows) || rows !== data.rows.length) {
    throw new Error(
      `training data: ${data.vectors.length} floats are not ${data.rows.length} rows of ${data.dim}`,
    );
  }
  const n = data.pairs.left.length;
  for (const [name, list] of Object.entries(data.pairs)) {
    if (list.length !== n)
      throw new Error(`training data: pairs.${name} has ${list.length} of ${n}`);
  }
  const inRange = (list: readonly number[], name: string) => {
    const bad = list.findIndex((r) => r < 0 || r >= rows);
    if (bad >= 0) throw new Error(`training data: ${name}[${bad}] = ${list[bad]} is not a row`);
  };
  inRange(data.pairs.left, "pairs.left");
  inRange(data.pairs.right, "pairs.right");
  inRange(data.labelRows, "labelRows");
  return {
    dim: data.dim,
    vectors: data.vectors,
    labelRows: Int32Array.from(data.labelRows),
    pairs: {
      left: Int32Array.from(data.pairs.left),
      right: Int32Array.from(data.pairs.right),
      target: Float32Array.from(data.pairs.target),
      weight: Float32Array.from(data.pairs.weight),
    },
    groups: Int32Array.from(data.pairs.group),
  };
}

/** What a version records of its round: options, curves, pair counts, time and where it ran. */
export function versionMetricsOf(input: {
  result: AdapterTrainResult;
  options: AdapterTrainOptions;
  data: Pick<TrainingData, "decisionPairs" | "importedPairs">;
  seconds: number;
  device: string;
}): VersionMetrics {
  const { result, options } = input;
  return {
    objective: options.objective,
    options: {
      seed: options.seed,
      maxEpochs: options.maxEpochs,
      batchSize: options.batchSize,
      learningRate: options.learningRate,
      l2ToIdentity: options.l2ToIdentity,
      validationShare: options.validationShare,
      patience: options.patience,
      temperature: options.temperature,
      margin: options.margin,
    },
    history: result.history.map((h) => ({ ...h })),
    bestEpoch: result.bestEpoch,
    stoppedEarly: result.stoppedEarly,
    trainPairs: result.trainPairs,
    validationPairs: result.validationPairs,
    decisionPairs: input.data.decisionPairs,
    importedPairs: input.data.importedPairs,
    initialValidationLoss: result.initialValidationLoss,
    bestValidationLoss: result.bestValidationLoss,
    seconds: input.seconds,
    device: input.device,
  };
}
