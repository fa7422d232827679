/**
 * Request/reply over a worker port, shared by every worker of the product: numbers requests,
 * routes progress to its callback, settles each promise with the one result or error, checks the
 * result answers the request's type, and drops replies nobody waits for any more (a cancelled or
 * superseded request). A worker that dies or sends something unreadable fails every call in
 * flight and every later one, so its owner can start a new worker. Kept apart from the clients so
 * it runs in tests with a fake port.
 */

import type { Parsed } from "./messages";

/** The replies every worker protocol shares (each protocol validates them with its own schema). */
export type RpcReply<Progress, Result, Code extends string> =
  | { type: "progress"; id: number; progress: Progress }
  | { type: "result"; id: number; result: Result }
  | { type: "error"; id: number; code: Code; message: string };

/** The part of `Worker` the RPC uses. */
export interface RpcPort<Request> {
  postMessage(message: Request, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: "error" | "messageerror", listener: (event: Event) => void): void;
  terminate(): void;
}

/** What differs between workers: how replies are read and what errors look like. */
export interface RpcSpec<Progress, Result, Code extends string> {
  /** Used in messages: "the embedding worker failed". */
  workerName: string;
  parseReply(data: unknown): Parsed<RpcReply<Progress, Result, Code>>;
  error(code: Code | "internal" | "cancelled", message: string): Error;
  /** What a call rejects with when its signal aborts. */
  cancelled(signal: AbortSignal): unknown;
}

export interface RpcCallOptions<Progress> {
  onProgress?: (progress: Progress) => void;
  /** Aborting sends `cancel` to the worker and rejects at once. */
  signal?: AbortSignal;
  /** Buffers to transfer instead of copy (the caller's arrays become unusable). */
  transfer?: Transferable[];
}

type CancelMessage = { type: "cancel"; id: number; target: number };

interface Pending<Progress, Result> {
  kind: string;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
  onProgress?: (progress: Progress) => void;
}

export class WorkerRpcCore<
  Request extends { type: string; id: number },
  Progress,
  Result extends { kind: string },
  Code extends string,
> {
  private nextRequestId = 1;
  private readonly pending = new Map<number, Pending<Progress, Result>>();
  private failed: Error | null = null;

  constructor(
    private readonly port: RpcPort<Request | CancelMessage>,
    private readonly spec: RpcSpec<Progress, Result, Code>,
    /** Called once when the worker dies, so its owner can forget it. */
    private readonly onFatal: (error: Error) => void = () => {},
  ) {
    port.addEventListener("message", (event) => this.receive(event.data));
    port.addEventListener("error", (event) => {
      const message: unknown = "message" in event ? event.message : undefined;
      const detail = typeof message === "string" && message ? `: ${message}` : "";
      this.fail(
        spec.error("internal", `the ${spec.workerName} worker failed to start or crashed${detail}`),
      );
    });
    port.addEventListener("messageerror", () =>
      this.fail(
        spec.error("internal", `a message from the ${spec.workerName} worker was unreadable`),
      ),
    );
  }

  /** An id for the next request. */
  nextId(): number {
    return this.nextRequestId++;
  }

  /** Sends a request; resolves with the result of the request's own type. */
  send(request: Request, options: RpcCallOptions<Progress> = {}): Promise<Result> {
    if (this.failed) return Promise.reject(this.failed);
    const { id } = request;
    return new Promise<Result>((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) {
        reject(this.spec.cancelled(signal));
        return;
      }
      const onAbort = () => {
        if (!this.pending.delete(id) || !signal) return;
        this.port.postMessage({ type: "cancel", id: this.nextId(), target: id });
        reject(this.spec.cancelled(signal));
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
  dispose(reason: Error): void {
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
    const parsed = this.spec.parseReply(data);
    if (!parsed.ok) {
      this.fail(
        this.spec.error(
          "internal",
          `unreadable worker reply from the ${this.spec.workerName} worker (${parsed.reason})`,
        ),
      );
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
            this.spec.error(
              "internal",
              `a ${entry.kind} request got a ${reply.result.kind} result`,
            ),
          );
        } else {
          entry.resolve(reply.result);
        }
        return;
      case "error":
        this.pending.delete(reply.id);
        entry.reject(this.spec.error(reply.code, reply.message));
        return;
    }
  }
}
