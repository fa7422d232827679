import { describe, expect, it } from "vitest";
import { ocrRequestIdOf, parseOcrReply, parseOcrRequest } from "./protocol";

const assets = { modelBaseUrl: "/ocr/", wasmBaseUrl: "/ort/" };

describe("OCR worker protocol", () => {
  it("accepts a recognise request and refuses one without images, naming the field", () => {
    const request = {
      type: "recognise",
      id: 2,
      assets,
      numThreads: 1,
      images: [{ key: "7", url: "/a.webp" }],
    };
    expect(parseOcrRequest(request)).toEqual({ ok: true, value: request });
    expect(parseOcrRequest({ ...request, images: [] })).toEqual({
      ok: false,
      reason: expect.stringMatching(/^images: /),
    });
    expect(ocrRequestIdOf({ type: "nope", id: 5 })).toBe(5);
  });

  it("reads per-image outcomes, a failed image included", () => {
    const reply = {
      type: "progress",
      id: 2,
      progress: {
        kind: "image",
        done: 1,
        total: 2,
        image: { ok: false, key: "7", error: "not an image" },
      },
    };
    expect(parseOcrReply(reply).ok).toBe(true);
    expect(parseOcrReply({ ...reply, progress: { kind: "image", done: 1 } }).ok).toBe(false);
  });
});
