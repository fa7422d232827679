import { WorkerRpcCore, type RpcCallOptions, type RpcSpec } from "./rpc";

/**
 * The connection to a worker whose every request is one synchronous computation (the detector
 * run, training), which therefore cannot read a `cancel` message until it is done: it connects
 * lazily, forgets a worker that died, and cancels by terminating the worker; the next call
 * starts a fresh one. The client module keeps `new Worker(new URL(...))` so the bundler sees it.
 */
export class TerminatingWorker<
  Request extends { type: string; id: number },
  Progress,
  Result extends { kind: string },
  Code extends string,
> {
  private connection: WorkerRpcCore<Request, Progress, Result, Code> | null = null;

  constructor(
    private readonly create: () => Worker,
    private readonly spec: RpcSpec<Progress, Result, Code>,
    /** What a cancelled call rejects with: "the detector run was cancelled". */
    private readonly cancelledMessage: string,
  ) {}

  private connect(): WorkerRpcCore<Request, Progress, Result, Code> {
    if (this.connection) return this.connection;
    const rpc: WorkerRpcCore<Request, Progress, Result, Code> = new WorkerRpcCore(
      this.create(),
      this.spec,
      () => {
        if (this.connection === rpc) this.connection = null;
      },
    );
    this.connection = rpc;
    return rpc;
  }

  /** Sends one request (its id is assigned here); aborting terminates the worker. */
  async send(
    request: Omit<Request, "id">,
    options: RpcCallOptions<Progress> = {},
  ): Promise<Result> {
    const rpc = this.connect();
    const onAbort = () => {
      if (this.connection === rpc) this.connection = null;
      rpc.dispose(this.spec.error("cancelled", this.cancelledMessage));
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await rpc.send({ ...request, id: rpc.nextId() } as Request, options);
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
    }
  }
}
