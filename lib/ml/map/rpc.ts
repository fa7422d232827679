import {
  MapError,
  parseMapReply,
  type ComputeResult,
  type MapProgress,
  type MapRequest,
  type TransformResult,
} from "./protocol";

/**
 * Request/reply over the map worker's port: numbers requests, routes progress to its callback,
 * settles each promise with the one result or error, and drops replies nobody waits for any more
 * (a cancelled or superseded request). Apart from `client.ts` so it runs in tests with a fake
 * port.
 */

/** The part of `Worker` the RPC uses. */
export interface MapWorkerPort {
  postMessage(message: MapRequest, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: "error" | "messageerror", listener: (event: Event) => void): void;
  terminate(): void;
}

type Kind = "compute" | "transform";
type AnyResult = ComputeResult | TransformResult;
type Body<K extends Kind> = Omit<Extract<MapRequest, { type: K }>, "id">;

export interface MapCallOptions {
  onProgress?: (progress: MapProgress) => void;
  /** Aborting sends `cancel` to the worker and rejects at once with a `cancelled` MapError. */
  signal?: AbortSignal;
  /** Buffers to transfer instead of copy (the caller's arrays become unusable). */
  transfer?: Transferable[];
}

interface Pending {
  kind: Kind;
  resolve: (result: AnyResult) => void;
  reject: (error: unknown) => void;
  onProgress?: (progress: MapProgress) => void;
}

export class MapWorkerRpc {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failed: Error | null = null;

  constructor(
    private readonly port: MapWorkerPort,
    /** Called once when the worker dies, so its owner can forget it. */
    private readonly onFatal: (error: Error) => void = () => {},
  ) {
    port.addEventListener("message", (event) => this.receive(event.data));
    port.addEventListener("error", (event) => {
      const detail = event instanceof ErrorEvent && event.message ? `: ${event.message}` : "";
      this.fail(new MapError("internal", `the map worker failed${detail}`));
    });
    port.addEventListener("messageerror", () =>
      this.fail(new MapError("internal", "a message from the map worker was unreadable")),
    );
  }

  /** Lays out vectors; resolves with the final coordinates. */
  async compute(body: Body<"compute">, options: MapCallOptions = {}): Promise<ComputeResult> {
    const result = await this.send({ ...body, id: this.nextId++ }, options);
    if (result.kind !== "compute") throw new MapError("internal", "compute got another result");
    return result;
  }

  /** Places new vectors into a fitted map. */
  async transform(body: Body<"transform">, options: MapCallOptions = {}): Promise<TransformResult> {
    const result = await this.send({ ...body, id: this.nextId++ }, options);
    if (result.kind !== "transform") throw new MapError("internal", "transform got another result");
    return result;
  }

  private send(
    request: Extract<MapRequest, { type: Kind }>,
    options: MapCallOptions,
  ): Promise<AnyResult> {
    if (this.failed) return Promise.reject(this.failed);
    const { id } = request;
    return new Promise<AnyResult>((resolve, reject) => {
      const { signal } = options;
      const cancelled = () => new MapError("cancelled", "the map computation was cancelled");
      if (signal?.aborted) {
        reject(cancelled());
        return;
      }
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        this.port.postMessage({ type: "cancel", id: this.nextId++, target: id });
        reject(cancelled());
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const cleanUp = () => signal?.removeEventListener("abort", onAbort);
      this.pending.set(id, {
        kind: request.type,
        onProgress: options.onProgress,
        resolve: (result) => {
          cleanUp();
          resolve(result);
        },
        reject: (error) => {
          cleanUp();
          reject(error);
        },
      });
      this.port.postMessage(request, options.transfer ?? []);
    });
  }

  /** Rejects everything in flight and stops the worker. */
  dispose(reason = new MapError("cancelled", "the map worker was stopped")): void {
    this.fail(reason);
    this.port.terminate();
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = error;
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
    this.onFatal(error);
  }

  private receive(data: unknown): void {
    const parsed = parseMapReply(data);
    if (!parsed.ok) {
      this.fail(new MapError("internal", `unreadable map worker reply (${parsed.reason})`));
      return;
    }
    const reply = parsed.value;
    const entry = this.pending.get(reply.id);
    if (!entry) return; // stale: cancelled or superseded
    switch (reply.type) {
      case "progress":
        entry.onProgress?.(reply.progress);
        return;
      case "result":
        this.pending.delete(reply.id);
        if (reply.result.kind !== entry.kind) {
          entry.reject(
            new MapError("internal", `a ${entry.kind} request got a ${reply.result.kind} result`),
          );
        } else {
          entry.resolve(reply.result);
        }
        return;
      case "error":
        this.pending.delete(reply.id);
        entry.reject(new MapError(reply.code, reply.message));
        return;
    }
  }
}
