/**
 * A minimal protocol-buffers *writer*: just the wire types ONNX model files use (varint,
 * length-delimited, 32-bit float). No schema and no runtime dependency: onnx.proto is
 * not available offline, and the few messages we write are spelled out in onnx-model.ts with
 * their field numbers. Nested messages are encoded to bytes first, then written with a length.
 */

const wireVarint = 0;
const wireLengthDelimited = 2;
const wireFixed32 = 5;

const textEncoder = new TextEncoder();

export class ProtoWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }

  private byte(value: number): void {
    this.ensure(1);
    this.buffer[this.length++] = value;
  }

  /**
   * Writes a varint. Negative numbers are written as 64-bit two's complement (10 bytes), as
   * protobuf does for int64/int32 fields.
   */
  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    if (v < BigInt(0x80) && typeof value === "number" && value >= 0) {
      this.byte(Number(v));
      return this;
    }
    while (v >= BigInt(0x80)) {
      this.byte(Number(v & BigInt(0x7f)) | 0x80);
      v >>= BigInt(7);
    }
    this.byte(Number(v));
    return this;
  }

  private tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  /** An int32/int64/enum/bool field. */
  int(field: number, value: number | bigint): this {
    this.tag(field, wireVarint);
    return this.varint(value);
  }

  /** A float field (fixed 32-bit, little-endian). */
  float(field: number, value: number): this {
    this.tag(field, wireFixed32);
    this.ensure(4);
    new DataView(this.buffer.buffer).setFloat32(this.length, value, true);
    this.length += 4;
    return this;
  }

  /** A bytes field, or an embedded message already encoded to bytes. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, wireLengthDelimited);
    this.varint(value.length);
    this.ensure(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  /** A UTF-8 string field. */
  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value));
  }

  /** An embedded message built by `write` on a fresh writer. */
  message(field: number, write: (writer: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    write(inner);
    return this.bytes(field, inner.finish());
  }

  /** The bytes written so far (a copy that owns exactly its length). */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
