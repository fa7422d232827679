import { describe, expect, it } from "vitest";
import { ProtoWriter } from "./protobuf";

const bytes = (write: (w: ProtoWriter) => void): number[] => {
  const w = new ProtoWriter();
  write(w);
  return Array.from(w.finish());
};

describe("ProtoWriter", () => {
  it("writes varints as protobuf does", () => {
    expect(bytes((w) => w.varint(1))).toEqual([0x01]);
    expect(bytes((w) => w.varint(300))).toEqual([0xac, 0x02]);
    expect(bytes((w) => w.varint(2 ** 40))).toEqual([0x80, 0x80, 0x80, 0x80, 0x80, 0x20]);
    expect(bytes((w) => w.varint(-1))).toEqual([...Array(9).fill(0xff), 0x01]);
  });

  it("writes tagged fields: varint, string, float, nested message", () => {
    expect(bytes((w) => w.int(1, 150))).toEqual([0x08, 0x96, 0x01]);
    expect(bytes((w) => w.string(2, "testing"))).toEqual([
      0x12,
      0x07,
      ...new TextEncoder().encode("testing"),
    ]);
    expect(bytes((w) => w.float(2, 1))).toEqual([0x15, 0x00, 0x00, 0x80, 0x3f]);
    expect(bytes((w) => w.message(3, (m) => m.int(1, 150)))).toEqual([
      0x1a, 0x03, 0x08, 0x96, 0x01,
    ]);
  });

  it("grows its buffer for large payloads", () => {
    const payload = new Uint8Array(100_000).fill(7);
    const out = bytes((w) => w.bytes(9, payload));
    expect(out.slice(0, 4)).toEqual([0x4a, 0xa0, 0x8d, 0x06]);
    expect(out).toHaveLength(100_004);
  });
});
