// Little-endian byte writing and bounds-checked reading for the replay log
// and the snapshot file, including unsigned LEB128 varints for numbers up
// to 2^53 - 1 (the exact range of a JS number). The reader never reads past
// its end and reports every failure through the caller's error type, naming
// the byte offset.

/** Builds the error a reader throws: the byte offset and what was wrong there. */
export type DecodeErrorFactory = (offset: number, detail: string) => Error;

/** Longest varint accepted: 8 bytes carry 56 bits, enough for 2^53 - 1. */
export const MAX_VARINT_BYTES = 8;

/** A growable byte buffer. */
export class ByteWriter {
  private buf: Uint8Array;
  private len = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
  }

  get length(): number {
    return this.len;
  }

  private reserve(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  u8(value: number): void {
    this.reserve(1);
    this.buf[this.len++] = value & 0xff;
  }

  u16(value: number): void {
    this.reserve(2);
    this.buf[this.len++] = value & 0xff;
    this.buf[this.len++] = (value >>> 8) & 0xff;
  }

  u32(value: number): void {
    this.reserve(4);
    this.buf[this.len++] = value & 0xff;
    this.buf[this.len++] = (value >>> 8) & 0xff;
    this.buf[this.len++] = (value >>> 16) & 0xff;
    this.buf[this.len++] = (value >>> 24) & 0xff;
  }

  /** An unsigned 64-bit value (0 <= value < 2^64), little-endian. */
  u64(value: bigint): void {
    this.u32(Number(value & 0xffffffffn));
    this.u32(Number((value >> 32n) & 0xffffffffn));
  }

  /** Unsigned LEB128 of a safe non-negative integer, minimal length. */
  varint(value: number): void {
    this.reserve(MAX_VARINT_BYTES);
    let n = value;
    while (n >= 0x80) {
      this.buf[this.len++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.len++] = n;
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
  }

  /** Overwrites 4 bytes at `at` (already written) with a little-endian u32. */
  patchU32(at: number, value: number): void {
    this.buf[at] = value & 0xff;
    this.buf[at + 1] = (value >>> 8) & 0xff;
    this.buf[at + 2] = (value >>> 16) & 0xff;
    this.buf[at + 3] = (value >>> 24) & 0xff;
  }

  /** The bytes written so far, as a view (valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  /**
   * The bytes written, for a writer that is done: the buffer itself when
   * little of it is unused (no copy of a large file), else a trimmed copy.
   */
  finish(): Uint8Array {
    return this.buf.length - this.len <= this.buf.length / 8 ? this.buf.subarray(0, this.len) : this.toBytes();
  }

  clear(): void {
    this.len = 0;
  }
}

/** True when `n` can be written as a varint. */
export function isVarintValue(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** Bytes a varint of `n` takes. */
export function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    len++;
  }
  return len;
}

/**
 * Reads bytes[pos, end) of a larger buffer. Positions are absolute in that
 * buffer, so errors name the offset in the file. Every failure throws the
 * error `makeError` builds.
 */
export class ByteReader {
  constructor(
    readonly bytes: Uint8Array,
    public pos: number,
    readonly end: number,
    private readonly makeError: DecodeErrorFactory,
  ) {}

  get remaining(): number {
    return this.end - this.pos;
  }

  fail(detail: string, at = this.pos): never {
    throw this.makeError(at, detail);
  }

  need(count: number, what: string): void {
    if (count > this.end - this.pos) this.fail(`${what} needs ${count} bytes, ${this.end - this.pos} remain`);
  }

  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.pos++];
  }

  u16(what: string): number {
    this.need(2, what);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 2;
    return b[p] | (b[p + 1] << 8);
  }

  u32(what: string): number {
    this.need(4, what);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
  }

  u64(what: string): bigint {
    this.need(8, what);
    const low = this.u32(what);
    const high = this.u32(what);
    return (BigInt(high) << 32n) | BigInt(low);
  }

  /** Unsigned LEB128; rejects overlong (non-minimal) encodings and values above 2^53 - 1. */
  varint(what: string): number {
    const start = this.pos;
    let result = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (this.pos >= this.end) this.fail(`${what}: varint runs past the end`, start);
      const b = this.bytes[this.pos++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (b === 0 && i > 0) this.fail(`${what}: overlong varint`, start);
        break;
      }
      if (i === MAX_VARINT_BYTES - 1) this.fail(`${what}: varint longer than ${MAX_VARINT_BYTES} bytes`, start);
      scale *= 0x80;
    }
    if (result > Number.MAX_SAFE_INTEGER) this.fail(`${what}: varint above 2^53 - 1`, start);
    return result;
  }

  /** A view of the next `count` bytes (no copy). */
  view(count: number, what: string): Uint8Array {
    this.need(count, what);
    const v = this.bytes.subarray(this.pos, this.pos + count);
    this.pos += count;
    return v;
  }
}
