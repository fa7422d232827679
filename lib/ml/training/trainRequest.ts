import { encodeAdapter } from "@/lib/core/adaptation/adapter";
import { trainAdapter, type EpochRecord } from "@/lib/core/adaptation/trainAdapter";
import { TrainingError, type TrainRequest, type TrainResult } from "./protocol";

/**
 * What the training worker does with one `train` request, apart from the worker: check that
 * the arrays fit together, run the same `trainAdapter` Node runs, and answer the kept adapter as
 * bytes. Kept out of `worker.ts` so the round's tests train through exactly this code.
 */

/** The request's body, as a client sends it (the RPC adds `type` and `id`). */
export type TrainBody = Omit<TrainRequest, "type" | "id">;

/** Throws `bad_request` naming the first array that does not fit the others. */
function checkShapes(body: TrainBody): void {
  const { dim, vectors, labelRows, pairs, groups } = body;
  const rows = vectors.length / dim;
  if (!Number.isInteger(rows)) {
    throw new TrainingError(
      "bad_request",
      `vectors: ${vectors.length} floats are not rows of ${dim}`,
    );
  }
  const n = pairs.left.length;
  const lengths = { ...pairs, groups };
  for (const [name, list] of Object.entries(lengths)) {
    if (list.length !== n) {
      throw new TrainingError("bad_request", `${name}: ${list.length} entries for ${n} pairs`);
    }
  }
  for (const [name, list] of Object.entries({ labelRows, left: pairs.left, right: pairs.right })) {
    const bad = list.findIndex((r) => r < 0 || r >= rows);
    if (bad >= 0) {
      throw new TrainingError(
        "bad_request",
        `${name}[${bad}] = ${list[bad]} is not one of ${rows} rows`,
      );
    }
  }
}

/**
 * Trains the request's adapter, calling `onEpoch` after every epoch. A loss that is not finite
 * stops training with a message to act on: the result could not be stored as a version anyway.
 */
export function trainFromRequest(
  body: TrainBody,
  onEpoch: (epoch: EpochRecord, maxEpochs: number) => void,
): TrainResult {
  checkShapes(body);
  const result = trainAdapter(
    {
      dim: body.dim,
      vectors: body.vectors,
      labelRows: body.labelRows,
      pairs: body.pairs,
      groups: body.groups,
    },
    {
      ...body.options,
      onEpoch: (epoch, maxEpochs) => {
        const finite = (x: number | null) => x === null || Number.isFinite(x);
        if (!finite(epoch.trainLoss) || !finite(epoch.validationLoss)) {
          throw new TrainingError(
            "internal",
            `training diverged: epoch ${epoch.epoch}'s loss is not finite; try a lower learning rate`,
          );
        }
        onEpoch(epoch, maxEpochs);
      },
    },
  );
  return {
    kind: "train",
    // A copy typed as owning its ArrayBuffer, so the worker can transfer it (it is dim² floats).
    weights: Uint8Array.from(encodeAdapter(result.adapter)),
    history: result.history,
    bestEpoch: result.bestEpoch,
    stoppedEarly: result.stoppedEarly,
    trainPairs: result.trainPairs,
    validationPairs: result.validationPairs,
    initialValidationLoss: result.initialValidationLoss,
    bestValidationLoss: result.bestValidationLoss,
  };
}
