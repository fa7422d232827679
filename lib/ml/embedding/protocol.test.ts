import { describe, expect, it } from "vitest";
import { embeddingUploadSchema } from "@/lib/core/embeddingPayload";
import { defaultModel, localModelSpec } from "@/lib/core/models/registry";
import { imageSourceOf } from "./embeddingJob";
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

  it("carries images as same-origin paths only, and answers them with their own result kind", () => {
    const clip = localModelSpec({ id: "tiny-clip-fixture", modality: "text+image" });
    const request = {
      type: "embed-images",
      id: 5,
      model: clip,
      runtime,
      images: ["/api/images/12", "/api/images/13"],
      batchSize: 8,
    };
    expect(parseWorkerRequest(request)).toEqual({ ok: true, value: request });
    for (const elsewhere of ["https://example.com/a.png", "//example.com/a.png", "a.png"]) {
      expect(parseWorkerRequest({ ...request, images: [elsewhere] })).toEqual({
        ok: false,
        reason: expect.stringMatching(/^images\.0: must be a same-origin path/),
      });
    }
    const vectors = new Float32Array(4);
    const reply = {
      type: "result",
      id: 5,
      result: {
        kind: "embed-images",
        modelId: clip.id,
        dim: 2,
        count: 2,
        vectors,
        deviceInfo: { device: "wasm", reason: "test", numThreads: 1, crossOriginIsolated: false },
        embedMs: 1,
      },
    };
    expect(parseWorkerReply(reply).ok).toBe(true);
  });

  it("stores image vectors under their own owner type, fetched from the image route", () => {
    expect(
      imageSourceOf({
        ownerType: "creative_image",
        ownerId: 42,
        contentHash: "abc",
        text: null,
        path: null,
      }),
    ).toBe("/api/images/42");
    expect(() =>
      imageSourceOf({ ownerType: "label", ownerId: 1, contentHash: "x", text: null, path: ["A"] }),
    ).toThrow(/not an image/);
    const upload = {
      modelId: "tiny-clip-fixture",
      modelVersion: "local-1+fp32+leafFirst",
      dim: 2,
      items: [
        { ownerType: "creative_image", ownerId: 42, contentHash: "abc", vector: "AAAAAAAAAAA=" },
      ],
    };
    expect(embeddingUploadSchema.safeParse(upload).success).toBe(true);
    const wrongOwner = { ...upload, items: [{ ...upload.items[0], ownerType: "image" }] };
    expect(embeddingUploadSchema.safeParse(wrongOwner).error?.issues[0]?.path).toEqual([
      "items",
      0,
      "ownerType",
    ]);
  });
});
