import { WorkerRpcCore, type RpcCallOptions, type RpcPort } from "../rpc";
import {
  EmbeddingError,
  parseWorkerReply,
  type EmbedImagesRequest,
  type EmbedImagesResult,
  type EmbedRequest,
  type EmbedResult,
  type ErrorCode,
  type LoadRequest,
  type LoadResult,
  type Progress,
  type WorkerRequest,
} from "./protocol";

/**
 * The embedding worker's side of the shared request/reply core (`lib/ml/rpc.ts`): requests typed
 * by the embedding protocol, errors as EmbeddingError, and an aborted call rejects with its
 * signal's reason.
 */

/** The part of `Worker` the RPC uses. */
export type WorkerPort = RpcPort<WorkerRequest>;

type ResultOf<K> = K extends "load"
  ? LoadResult
  : K extends "embed"
    ? EmbedResult
    : K extends "embed-images"
      ? EmbedImagesResult
      : never;

type AnyRequest = LoadRequest | EmbedRequest | EmbedImagesRequest;

/** A request without its id; the RPC assigns one. */
export type RequestBody =
  Omit<LoadRequest, "id"> | Omit<EmbedRequest, "id"> | Omit<EmbedImagesRequest, "id">;

export type CallOptions = Omit<RpcCallOptions<Progress>, "transfer">;

export class WorkerRpc {
  private readonly core: WorkerRpcCore<
    AnyRequest,
    Progress,
    LoadResult | EmbedResult | EmbedImagesResult,
    ErrorCode
  >;

  constructor(port: WorkerPort, onFatal: (error: Error) => void = () => {}) {
    this.core = new WorkerRpcCore(
      port,
      {
        workerName: "embedding",
        parseReply: parseWorkerReply,
        error: (code, message) => new EmbeddingError(code, message),
        cancelled: (signal) => signal.reason,
      },
      onFatal,
    );
  }

  /** Sends a request and resolves with its result, typed by the request's type. */
  async call<B extends RequestBody>(
    body: B,
    options: CallOptions = {},
  ): Promise<ResultOf<B["type"]>> {
    const request = { ...body, id: this.core.nextId() } as AnyRequest;
    // The core checked that the result's kind is the request's type.
    return (await this.core.send(request, options)) as ResultOf<B["type"]>;
  }

  /** Rejects everything in flight and stops the worker. */
  dispose(reason = new EmbeddingError("cancelled", "the embedding worker was stopped")): void {
    this.core.dispose(reason);
  }
}
