import { describe, expect, it } from "vitest";
import { defaultModel } from "@/lib/core/models/registry";
import { LoaderCache } from "./loaderCache";
import {
  EmbeddingError,
  type EmbedRequest,
  type WorkerReply,
  type WorkerRequest,
} from "./protocol";
import { WorkerRpc, type WorkerPort } from "./rpc";

/** A worker port the test answers by hand. */
function fakePort() {
  const listeners = new Map<string, ((event: never) => void)[]>();
  const sent: WorkerRequest[] = [];
  const port: WorkerPort & { terminated: boolean } = {
    terminated: false,
    postMessage: (message) => sent.push(message),
    addEventListener: (type: string, listener: (event: never) => void) =>
      listeners.set(type, [...(listeners.get(type) ?? []), listener]),
    terminate: () => {
      port.terminated = true;
    },
  };
  const emit = (type: string, event: unknown) =>
    listeners.get(type)?.forEach((listener) => listener(event as never));
  return { port, sent, reply: (data: WorkerReply | unknown) => emit("message", { data }), emit };
}

const runtime = { device: "wasm", numThreads: 1 } as const;
const deviceInfo = {
  device: "wasm",
  reason: "r",
  numThreads: 1,
  crossOriginIsolated: false,
} as const;
const embedBody: Omit<EmbedRequest, "id"> = {
  type: "embed",
  model: defaultModel(),
  runtime,
  texts: ["a"],
  batchSize: 4,
};

describe("WorkerRpc", () => {
  it("routes progress and the result to the request with the same id", async () => {
    const { port, sent, reply } = fakePort();
    const rpc = new WorkerRpc(port);
    const seen: unknown[] = [];
    const first = rpc.call(embedBody, { onProgress: (p) => seen.push(p) });
    const second = rpc.call({ type: "load", model: defaultModel(), runtime });
    const [a, b] = sent;
    reply({
      type: "result",
      id: b!.id,
      result: { kind: "load", modelId: "m", dim: 2, deviceInfo, loadMs: 1 },
    });
    reply({ type: "progress", id: a!.id, progress: { kind: "embed", done: 1, total: 1 } });
    const vectors = new Float32Array([1, 0]);
    reply({
      type: "result",
      id: a!.id,
      result: { kind: "embed", modelId: "m", dim: 2, count: 1, vectors, deviceInfo, embedMs: 1 },
    });
    expect((await second).dim).toBe(2);
    expect((await first).vectors).toBe(vectors);
    expect(seen).toEqual([{ kind: "embed", done: 1, total: 1 }]);
  });

  it("turns a worker error into a rejected EmbeddingError with its code", async () => {
    const { port, sent, reply } = fakePort();
    const rpc = new WorkerRpc(port);
    const call = rpc.call(embedBody);
    reply({ type: "error", id: sent[0]!.id, code: "model_files", message: "missing config.json" });
    await expect(call).rejects.toMatchObject({
      code: "model_files",
      message: "missing config.json",
    });
  });

  it("cancels on abort, rejects at once and drops the late result", async () => {
    const { port, sent, reply } = fakePort();
    const rpc = new WorkerRpc(port);
    const controller = new AbortController();
    const call = rpc.call(embedBody, { signal: controller.signal });
    controller.abort(new EmbeddingError("cancelled", "stopped"));
    await expect(call).rejects.toMatchObject({ code: "cancelled" });
    expect(sent[1]).toMatchObject({ type: "cancel", target: sent[0]!.id });
    expect(() =>
      reply({ type: "error", id: sent[0]!.id, code: "cancelled", message: "late" }),
    ).not.toThrow();
  });

  it("fails everything in flight and later calls when the worker dies, and tells its owner", async () => {
    const { port, emit } = fakePort();
    let fatal: Error | null = null;
    const rpc = new WorkerRpc(port, (error) => (fatal = error));
    const call = rpc.call(embedBody);
    emit("error", new Event("error"));
    await expect(call).rejects.toThrow(/failed to start/);
    await expect(rpc.call(embedBody)).rejects.toThrow(/failed to start/);
    expect(fatal).not.toBeNull();
  });

  it("treats an unreadable reply as fatal rather than reading wrong fields", async () => {
    const { port, reply } = fakePort();
    const rpc = new WorkerRpc(port);
    const call = rpc.call(embedBody);
    reply({ type: "result", id: 1, result: { kind: "embed", vectors: [1, 2] } });
    await expect(call).rejects.toThrow(/unreadable worker reply/);
  });
});

describe("LoaderCache", () => {
  it("memoises a load per key", async () => {
    const cache = new LoaderCache<number>();
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get("a", load)).toBe(1);
    expect(await cache.get("a", load)).toBe(1);
    expect(await cache.get("b", load)).toBe(2);
  });

  it("evicts a failed load so the next request retries", async () => {
    const cache = new LoaderCache<string>();
    await expect(cache.get("m", () => Promise.reject(new Error("404")))).rejects.toThrow("404");
    expect(cache.has("m")).toBe(false);
    expect(await cache.get("m", async () => "ok")).toBe("ok");
  });

  it("runs loads one after another", async () => {
    const cache = new LoaderCache<number>();
    const order: string[] = [];
    let release = () => {};
    const first = cache.get(
      "a",
      () =>
        new Promise<number>((resolve) => {
          order.push("a start");
          release = () => resolve(1);
        }),
    );
    const second = cache.get("b", async () => {
      order.push("b start");
      return 2;
    });
    await Promise.resolve();
    expect(order).toEqual(["a start"]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(["a start", "b start"]);
  });
});
