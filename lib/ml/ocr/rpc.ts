import { WorkerRpcCore, type RpcCallOptions, type RpcPort } from "../rpc";
import {
  OcrError,
  parseOcrReply,
  type OcrErrorCode,
  type OcrLoadRequest,
  type OcrLoadResult,
  type OcrProgress,
  type OcrRequest,
  type RecogniseRequest,
  type RecogniseResult,
} from "./protocol";

/**
 * The OCR worker's side of the shared request/reply core (`lib/ml/rpc.ts`): load and recognise
 * calls, errors as OcrError, and an aborted call rejects with a `cancelled` OcrError.
 */

export type OcrWorkerPort = RpcPort<OcrRequest>;
export type OcrCallOptions = Omit<RpcCallOptions<OcrProgress>, "transfer">;

export class OcrWorkerRpc {
  private readonly core: WorkerRpcCore<
    OcrLoadRequest | RecogniseRequest,
    OcrProgress,
    OcrLoadResult | RecogniseResult,
    OcrErrorCode
  >;

  constructor(port: OcrWorkerPort, onFatal: (error: Error) => void = () => {}) {
    this.core = new WorkerRpcCore(
      port,
      {
        workerName: "OCR",
        parseReply: parseOcrReply,
        error: (code, message) => new OcrError(code, message),
        cancelled: () => new OcrError("cancelled", "OCR was cancelled"),
      },
      onFatal,
    );
  }

  /** Loads the models (resolves at once when they are loaded). */
  async load(
    body: Omit<OcrLoadRequest, "id">,
    options: OcrCallOptions = {},
  ): Promise<OcrLoadResult> {
    const result = await this.core.send({ ...body, id: this.core.nextId() }, options);
    if (result.kind !== "load") throw new OcrError("internal", "load got another result");
    return result;
  }

  /** Reads the text of images; one image's failure is in its entry, not a rejection. */
  async recognise(
    body: Omit<RecogniseRequest, "id">,
    options: OcrCallOptions = {},
  ): Promise<RecogniseResult> {
    const result = await this.core.send({ ...body, id: this.core.nextId() }, options);
    if (result.kind !== "recognise") throw new OcrError("internal", "recognise got another result");
    return result;
  }

  /** Rejects everything in flight and stops the worker. */
  dispose(reason = new OcrError("cancelled", "the OCR worker was stopped")): void {
    this.core.dispose(reason);
  }
}
