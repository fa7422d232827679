/// <reference lib="webworker" />
import { requestIdOf } from "../messages";
import { runDetector } from "@/lib/core/detector/run";
import { buildDetectorInput } from "@/lib/core/detector/runInput";
import { similarityKernelName } from "@/lib/core/linalg/simd";
import {
  DetectorError,
  parseDetectorRequest,
  type DetectorReply,
  type RunRequest,
} from "./protocol";

/**
 * The detector worker: scores a dataset off the main thread with the same `runDetector` Node
 * uses. The run is one synchronous computation, so a cancel is honoured by the client
 * terminating this worker; the `cancel` message is accepted for protocol symmetry.
 */

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(reply: DetectorReply): void {
  scope.postMessage(reply);
}

function run(request: RunRequest): void {
  const { id, dim, creatives, labels, texts, labelVectors, generative, images } = request;
  if (
    texts.length !== creatives.length * dim ||
    labelVectors.length !== labels.length * dim ||
    (images !== undefined && images.length !== texts.length)
  ) {
    throw new DetectorError("bad_request", "vectors do not match the creatives and labels given");
  }
  const counts = { creatives: creatives.length, labels: labels.length };
  post({ type: "progress", id, progress: { phase: "preparing", ...counts } });
  const started = performance.now();
  const input = buildDetectorInput({
    dim,
    creatives,
    labels,
    texts,
    labelVectors,
    generative,
    ...(images ? { images } : {}),
  });
  post({ type: "progress", id, progress: { phase: "scoring", ...counts } });
  const result = runDetector(input, {
    generativeValues: creatives.map((c) => c.generativeValue),
    creativeTexts: creatives.map((c) => c.text),
  });
  post({
    type: "result",
    id,
    result: {
      kind: "run",
      ...result,
      seconds: (performance.now() - started) / 1000,
      kernel: similarityKernelName(),
    },
  });
}

scope.addEventListener("message", (event: MessageEvent<unknown>) => {
  const parsed = parseDetectorRequest(event.data);
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
  try {
    run(request);
  } catch (error) {
    const code = error instanceof DetectorError ? error.code : "internal";
    const message = error instanceof Error ? error.message : String(error);
    post({ type: "error", id: request.id, code, message });
  }
});
