import { WorkerRpcCore, type RpcCallOptions, type RpcPort } from "../rpc";
import {
  MapError,
  parseMapReply,
  type ComputeResult,
  type MapErrorCode,
  type MapProgress,
  type MapRequest,
  type RestoreResult,
  type TransformResult,
} from "./protocol";

/**
 * The map worker's side of the shared request/reply core (`lib/ml/rpc.ts`): compute, transform
 * and restore calls, errors as MapError, and an aborted call rejects with a `cancelled` MapError.
 */

/** The part of `Worker` the RPC uses. */
export type MapWorkerPort = RpcPort<MapRequest>;

type Kind = "compute" | "transform" | "restore";
type Body<K extends Kind> = Omit<Extract<MapRequest, { type: K }>, "id">;

export type MapCallOptions = RpcCallOptions<MapProgress>;

export class MapWorkerRpc {
  private readonly core: WorkerRpcCore<
    Extract<MapRequest, { type: Kind }>,
    MapProgress,
    ComputeResult | TransformResult | RestoreResult,
    MapErrorCode
  >;

  constructor(port: MapWorkerPort, onFatal: (error: Error) => void = () => {}) {
    this.core = new WorkerRpcCore(
      port,
      {
        workerName: "map",
        parseReply: parseMapReply,
        error: (code, message) => new MapError(code, message),
        cancelled: () => new MapError("cancelled", "the map computation was cancelled"),
      },
      onFatal,
    );
  }

  /** Lays out vectors; resolves with the final coordinates. */
  async compute(body: Body<"compute">, options: MapCallOptions = {}): Promise<ComputeResult> {
    const result = await this.core.send({ ...body, id: this.core.nextId() }, options);
    if (result.kind !== "compute") throw new MapError("internal", "compute got another result");
    return result;
  }

  /** Places new vectors into a fitted map. */
  async transform(body: Body<"transform">, options: MapCallOptions = {}): Promise<TransformResult> {
    const result = await this.core.send({ ...body, id: this.core.nextId() }, options);
    if (result.kind !== "transform") throw new MapError("internal", "transform got another result");
    return result;
  }

  /** Rebuilds a stored map in the worker; resolves with its `mapId` for `transform`. */
  async restore(body: Body<"restore">, options: MapCallOptions = {}): Promise<RestoreResult> {
    const result = await this.core.send({ ...body, id: this.core.nextId() }, options);
    if (result.kind !== "restore") throw new MapError("internal", "restore got another result");
    return result;
  }

  /** Rejects everything in flight and stops the worker. */
  dispose(reason = new MapError("cancelled", "the map worker was stopped")): void {
    this.core.dispose(reason);
  }
}
