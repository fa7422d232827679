import { describe, expect, it } from "vitest";
import { MapError, type MapReply, type MapRequest } from "./protocol";
import { MapWorkerRpc, type MapWorkerPort } from "./rpc";

/** A worker port whose replies the test sends by hand. */
class FakePort implements MapWorkerPort {
  sent: MapRequest[] = [];
  transferred: Transferable[][] = [];
  terminated = false;
  private listener: ((event: MessageEvent<unknown>) => void) | null = null;
  postMessage(message: MapRequest, transfer: Transferable[] = []): void {
    this.sent.push(message);
    this.transferred.push(transfer);
  }
  addEventListener(type: string, listener: (event: never) => void): void {
    if (type === "message") this.listener = listener as (event: MessageEvent<unknown>) => void;
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(data: MapReply | Record<string, unknown>): void {
    this.listener?.(new MessageEvent("message", { data }));
  }
}

const options = { engine: "fast", seed: 1, nNeighbors: 15, layoutEveryMs: 0 } as const;
const timings = { pcaMs: 1, neighboursMs: 1, graphMs: 1, epochsMs: 1, totalMs: 4 };

describe("MapWorkerRpc", () => {
  it("routes progress and resolves with the result, transferring the vectors", async () => {
    const port = new FakePort();
    const rpc = new MapWorkerRpc(port);
    const vectors = new Float32Array(6);
    const seen: string[] = [];
    const done = rpc.compute(
      { type: "compute", vectors, dim: 3, options },
      { onProgress: (p) => void seen.push(p.kind), transfer: [vectors.buffer] },
    );
    const id = port.sent[0]!.id;
    expect(port.transferred[0]).toEqual([vectors.buffer]);
    port.reply({
      type: "progress",
      id,
      progress: { kind: "phase", phase: "pca", done: 0, total: 1 },
    });
    port.reply({
      type: "progress",
      id,
      progress: { kind: "layout", epoch: 1, nEpochs: 2, coordinates: new Float32Array(4) },
    });
    const coordinates = new Float32Array([1, 2, 3, 4]);
    port.reply({
      type: "result",
      id,
      result: { kind: "compute", mapId: 1, coordinates, nEpochs: 2, knnMethod: "exact", timings },
    });
    const result = await done;
    expect(seen).toEqual(["phase", "layout"]);
    expect(Array.from(result.coordinates)).toEqual([1, 2, 3, 4]);
  });

  it("sends cancel on abort, rejects with a cancelled error and drops late replies", async () => {
    const port = new FakePort();
    const rpc = new MapWorkerRpc(port);
    const abort = new AbortController();
    const done = rpc.compute(
      { type: "compute", vectors: new Float32Array(3), dim: 3, options },
      { signal: abort.signal },
    );
    const id = port.sent[0]!.id;
    abort.abort();
    await expect(done).rejects.toMatchObject({ code: "cancelled" });
    expect(port.sent[1]).toMatchObject({ type: "cancel", target: id });
    port.reply({ type: "error", id, code: "cancelled", message: "late" });
  });

  it("turns worker errors into MapErrors and an unreadable reply into a failed worker", async () => {
    const port = new FakePort();
    let fatal: Error | null = null;
    const rpc = new MapWorkerRpc(port, (error) => (fatal = error));
    const first = rpc.transform({
      type: "transform",
      mapId: 9,
      vectors: new Float32Array(3),
      dim: 3,
    });
    port.reply({ type: "error", id: port.sent[0]!.id, code: "unknown_map", message: "gone" });
    await expect(first).rejects.toBeInstanceOf(MapError);
    const second = rpc.transform({
      type: "transform",
      mapId: 1,
      vectors: new Float32Array(3),
      dim: 3,
    });
    port.reply({ type: "result", id: port.sent[1]!.id, result: { kind: "nonsense" } });
    await expect(second).rejects.toMatchObject({ code: "internal" });
    expect(fatal).not.toBeNull();
  });

  it("restores a stored map and rejects a reply of another kind", async () => {
    const port = new FakePort();
    const rpc = new MapWorkerRpc(port);
    const body = {
      type: "restore" as const,
      vectors: new Float32Array(6),
      dim: 3,
      coordinates: new Float32Array(4),
      seed: 42,
      nNeighbors: 15,
    };
    const restored = rpc.restore(body, { transfer: [body.vectors.buffer] });
    expect(port.sent[0]).toMatchObject({ type: "restore", dim: 3, seed: 42 });
    port.reply({ type: "result", id: port.sent[0]!.id, result: { kind: "restore", mapId: 7 } });
    await expect(restored).resolves.toEqual({ kind: "restore", mapId: 7 });
    const wrong = rpc.restore({ ...body, vectors: new Float32Array(6) });
    port.reply({
      type: "result",
      id: port.sent[1]!.id,
      result: { kind: "transform", coordinates: new Float32Array(2) },
    });
    await expect(wrong).rejects.toMatchObject({ code: "internal" });
  });
});
