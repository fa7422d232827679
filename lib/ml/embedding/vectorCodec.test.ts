import { describe, expect, it } from "vitest";
import { vectorCacheKey } from "./vectorCache";
import { base64ToFloat32, float32ToBase64 } from "./vectorCodec";

describe("vector base64 codec", () => {
  it("writes little-endian float32 bytes, as Node's Buffer reads them", () => {
    const vector = new Float32Array([1, -0.5, 3.25e-8, 65504]);
    const encoded = float32ToBase64(vector);
    const bytes = Buffer.from(encoded, "base64");
    expect(bytes.length).toBe(16);
    for (let i = 0; i < vector.length; i++) expect(bytes.readFloatLE(i * 4)).toBe(vector[i]);
    expect(Array.from(base64ToFloat32(encoded))).toEqual(Array.from(vector));
  });

  it("handles vectors longer than one btoa chunk and empty ones", () => {
    const long = Float32Array.from({ length: 20_000 }, (_, i) => Math.sin(i));
    expect(base64ToFloat32(float32ToBase64(long))).toEqual(long);
    expect(float32ToBase64(new Float32Array(0))).toBe("");
  });

  it("refuses a byte count that is not a whole number of floats", () => {
    expect(() => base64ToFloat32(btoa("abc"))).toThrow(/multiple of 4/);
  });
});

describe("vector cache key", () => {
  it("keeps every part a vector depends on, so no two inputs collide", () => {
    const key = {
      modelId: "m",
      modelVersion: "1+fp32+leafFirst",
      ownerType: "label",
      ownerId: 7,
      contentHash: "abc",
    } as const;
    expect(vectorCacheKey(key)).toEqual(["m", "1+fp32+leafFirst", "label", 7, "abc"]);
    expect(vectorCacheKey({ ...key, ownerType: "creative_text" })).not.toEqual(vectorCacheKey(key));
    expect(vectorCacheKey({ ...key, contentHash: "abd" })).not.toEqual(vectorCacheKey(key));
  });
});
