import http from "node:http";

/** What a request log line carries: never the query string, cookies or authorization headers. */
export interface RequestLogLine {
  method: string;
  path: string;
  status: number;
  durationMs: number;
}

export interface GracefulServerOptions {
  port: number;
  hostname?: string;
  /** How long in-flight requests may take to finish after a shutdown begins. */
  graceMs: number;
  onRequestDone?: (line: RequestLogLine) => void;
}

export interface GracefulServer {
  server: http.Server;
  /** Requests being answered right now. */
  inFlight(): number;
  /**
   * Stops accepting connections and waits for in-flight requests (a decision being saved, an
   * upload) up to the grace period, then drops what is left; resolves true when all finished.
   */
  shutdown(): Promise<boolean>;
}

/**
 * An HTTP server that a container platform can stop without losing work: on shutdown it refuses
 * new connections, closes idle keep-alive ones, and lets running requests finish within a bound.
 */
export async function startGracefulServer(
  handler: (request: http.IncomingMessage, response: http.ServerResponse) => unknown,
  options: GracefulServerOptions,
): Promise<GracefulServer> {
  let active = 0;
  let drained: (() => void) | null = null;
  let stopping: Promise<boolean> | null = null;
  const server = http.createServer((request, response) => {
    active += 1;
    const started = performance.now();
    // Answers sent while stopping tell the client to open a new connection elsewhere.
    if (stopping) response.setHeader("Connection", "close");
    response.once("close", () => {
      active -= 1;
      options.onRequestDone?.({
        method: request.method ?? "GET",
        path: (request.url ?? "/").split("?")[0] ?? "/",
        status: response.statusCode,
        durationMs: Math.round(performance.now() - started),
      });
      if (active === 0) drained?.();
    });
    void Promise.resolve(handler(request, response)).catch(() => {
      if (!response.headersSent) response.statusCode = 500;
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const shutdown = (): Promise<boolean> => {
    stopping ??= new Promise<boolean>((resolve) => {
      server.close();
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        server.closeAllConnections();
        resolve(false);
      }, options.graceMs);
      timer.unref();
      drained = () => {
        clearTimeout(timer);
        server.closeAllConnections();
        resolve(true);
      };
      if (active === 0) drained();
    });
    return stopping;
  };
  return { server, inFlight: () => active, shutdown };
}
