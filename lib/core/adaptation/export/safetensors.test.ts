import { describe, expect, it } from "vitest";
import { decodeSafetensors, encodeSafetensors } from "./safetensors";

function header(bytes: Uint8Array): { length: number; json: Record<string, unknown> } {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Record<
    string,
    unknown
  >;
  return { length, json };
}

describe("safetensors", () => {
  const a = {
    name: "embedding.weight",
    shape: [3, 2],
    data: Float32Array.of(1, -2, 3.5, 0, 1e-7, -0),
  };
  const b = { name: "linear.weight", shape: [1, 3], data: Float32Array.of(0.25, 0.5, -0.75) };

  it("round-trips tensors and metadata", () => {
    const bytes = encodeSafetensors([a, b], { format: "pt" });
    const read = decodeSafetensors(bytes);
    expect(read.metadata).toEqual({ format: "pt" });
    expect(read.tensors.get("embedding.weight")).toEqual({ shape: [3, 2], data: a.data });
    expect(read.tensors.get("linear.weight")).toEqual({ shape: [1, 3], data: b.data });
  });

  it("pads the header so data starts on 8 bytes and lays tensors back to back", () => {
    for (const name of ["w", "ww", "www", "wwww", "wwwww", "é"]) {
      const bytes = encodeSafetensors([{ ...a, name }, b]);
      const { length, json } = header(bytes);
      expect((8 + length) % 8).toBe(0);
      expect(json[name]).toEqual({ dtype: "F32", shape: [3, 2], data_offsets: [0, 24] });
      expect(json["linear.weight"]).toEqual({
        dtype: "F32",
        shape: [1, 3],
        data_offsets: [24, 36],
      });
      expect(bytes.length).toBe(8 + length + 36);
      // Little-endian float32 at the data start.
      expect(new DataView(bytes.buffer).getFloat32(8 + length + 8, true)).toBe(3.5);
    }
  });

  it("refuses bad tensors and bad files", () => {
    expect(() => encodeSafetensors([a, a])).toThrow(/not unique/);
    expect(() => encodeSafetensors([{ ...a, name: "constructor" }])).not.toThrow();
    expect(() => encodeSafetensors([{ ...a, shape: [4, 2] }])).toThrow(/values for shape/);
    const bytes = encodeSafetensors([a]);
    expect(() => decodeSafetensors(bytes.subarray(0, bytes.length - 4))).toThrow(/covered/);
    expect(() => decodeSafetensors(bytes.subarray(0, 4))).toThrow(/shorter/);
  });
});
