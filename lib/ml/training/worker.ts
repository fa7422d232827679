/// <reference lib="webworker" />
import { requestIdOf } from "../messages";
import { TrainingError, parseTrainingRequest, type TrainingReply } from "./protocol";
import { trainFromRequest } from "./trainRequest";

/**
 * The training worker: trains a round's adapter off the main thread with the same pure
 * `trainAdapter` Node uses, posting one `epoch` progress message per epoch. Training is one
 * synchronous computation, so a cancel is honoured by the client terminating this worker; the
 * `cancel` message is accepted for protocol symmetry.
 */

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(reply: TrainingReply, transfer: Transferable[] = []): void {
  scope.postMessage(reply, transfer);
}

scope.addEventListener("message", (event: MessageEvent<unknown>) => {
  const parsed = parseTrainingRequest(event.data);
  if (!parsed.ok) {
    const id = requestIdOf(event.data);
    post({
      type: "error",
      id,
      code: "bad_request",
      message: `unreadable request (${parsed.reason})`,
    });
    return;
  }
  const request = parsed.value;
  if (request.type === "cancel") return;
  const { id } = request;
  try {
    const result = trainFromRequest(request, (epoch, maxEpochs) =>
      post({ type: "progress", id, progress: { type: "epoch", epoch, maxEpochs } }),
    );
    post({ type: "result", id, result }, [result.weights.buffer]);
  } catch (error) {
    const code = error instanceof TrainingError ? error.code : "internal";
    const message = error instanceof Error ? error.message : String(error);
    post({ type: "error", id, code, message });
  }
});
