import { describe, expect, it } from "vitest";
import { defaultModel } from "@/lib/core/models/registry";
import {
  isCancelled,
  EmbeddingError,
  parseWorkerReply,
  parseWorkerRequest,
  requestIdOf,
} from "./protocol";

const runtime = { device: "auto", numThreads: 2 } as const;

describe("embedding worker protocol", () => {
  it("accepts well-formed requests", () => {
    const embed = {
      type: "embed",
      id: 3,
      model: defaultModel(),
      runtime,
      texts: ["a"],
      batchSize: 8,
    };
    expect(parseWorkerRequest(embed)).toEqual({ ok: true, value: embed });
    expect(parseWorkerRequest({ type: "cancel", id: 4, target: 3 }).ok).toBe(true);
  });

  it("refuses malformed requests with the field that is wrong", () => {
    const bad = parseWorkerRequest({
      type: "embed",
      id: 1,
      model: defaultModel(),
      runtime,
      texts: [1],
      batchSize: 8,
    });
    expect(bad).toEqual({ ok: false, reason: expect.stringMatching(/^texts\.0: /) });
    expect(parseWorkerRequest({ type: "train", id: 1 }).ok).toBe(false);
    expect(parseWorkerRequest(null).ok).toBe(false);
    expect(requestIdOf({ type: "nope", id: 9 })).toBe(9);
    expect(requestIdOf("x")).toBeUndefined();
  });

  it("keeps a result's vectors as the same Float32Array (no copy)", () => {
    const vectors = new Float32Array([1, 0]);
    const parsed = parseWorkerReply({
      type: "result",
      id: 1,
      result: {
        kind: "embed",
        modelId: "m",
        dim: 2,
        count: 1,
        vectors,
        deviceInfo: { device: "wasm", reason: "r", numThreads: 1, crossOriginIsolated: true },
        embedMs: 1,
      },
    });
    expect(
      parsed.ok && parsed.value.type === "result" && parsed.value.result.kind === "embed"
        ? parsed.value.result.vectors
        : null,
    ).toBe(vectors);
  });

  it("refuses vectors that are not a Float32Array and unknown error codes", () => {
    const reply = parseWorkerReply({ type: "error", id: 1, code: "oops", message: "m" });
    expect(reply.ok).toBe(false);
    expect(
      parseWorkerReply({ type: "progress", id: 1, progress: { kind: "embed", done: 1, total: 2 } })
        .ok,
    ).toBe(true);
  });

  it("tells a cancellation from a failure", () => {
    expect(isCancelled(new EmbeddingError("cancelled", "x"))).toBe(true);
    expect(isCancelled(new DOMException("stop", "AbortError"))).toBe(true);
    expect(isCancelled(new EmbeddingError("model_files", "x"))).toBe(false);
  });
});
