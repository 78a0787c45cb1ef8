// Bounds-checked little-endian cursor over a section's bytes: fixed-size
// integers, LEB128 (DWARF 5 section 7.6) and NUL-terminated strings. Every
// read past the end throws SymbolsError, which the readers above catch per
// unit so bad input costs that unit only.

export class SymbolsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SymbolsError';
  }
}

const utf8 = new TextDecoder('utf-8');

export class ByteReader {
  private readonly view: DataView;
  pos: number;
  readonly end: number;

  constructor(readonly bytes: Uint8Array, start = 0, end = bytes.length) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
    this.end = Math.min(end, bytes.length);
  }

  /** A reader over [start, end) of the same bytes, sharing nothing mutable. */
  sub(start: number, end: number): ByteReader {
    if (start < 0 || end > this.end || start > end) {
      throw new SymbolsError(`range 0x${start.toString(16)}..0x${end.toString(16)} outside section (size 0x${this.end.toString(16)})`);
    }
    return new ByteReader(this.bytes, start, end);
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  private need(n: number): number {
    const p = this.pos;
    if (p < 0 || p + n > this.end) {
      throw new SymbolsError(`read of ${n} byte(s) at offset 0x${p.toString(16)} runs past the end (0x${this.end.toString(16)})`);
    }
    this.pos = p + n;
    return p;
  }

  seek(pos: number): void {
    if (pos < 0 || pos > this.end) throw new SymbolsError(`offset 0x${pos.toString(16)} outside section`);
    this.pos = pos;
  }

  skip(n: number): void {
    this.need(n);
  }

  u8(): number {
    return this.view.getUint8(this.need(1));
  }
  i8(): number {
    return this.view.getInt8(this.need(1));
  }
  u16(): number {
    return this.view.getUint16(this.need(2), true);
  }
  i16(): number {
    return this.view.getInt16(this.need(2), true);
  }
  u24(): number {
    const p = this.need(3);
    return this.bytes[p] | (this.bytes[p + 1] << 8) | (this.bytes[p + 2] << 16);
  }
  u32(): number {
    return this.view.getUint32(this.need(4), true);
  }
  i32(): number {
    return this.view.getInt32(this.need(4), true);
  }
  /** 64-bit value as a JS number; exact up to 2^53, which covers RV32 data. */
  u64(): number {
    const p = this.need(8);
    return this.view.getUint32(p, true) + this.view.getUint32(p + 4, true) * 0x100000000;
  }
  u64big(): bigint {
    return this.view.getBigUint64(this.need(8), true);
  }
  i64big(): bigint {
    return this.view.getBigInt64(this.need(8), true);
  }

  /** Unsigned of `size` bytes (1, 2, 4 or 8). */
  unsigned(size: number): number {
    switch (size) {
      case 1: return this.u8();
      case 2: return this.u16();
      case 3: return this.u24();
      case 4: return this.u32();
      case 8: return this.u64();
      default: throw new SymbolsError(`unsupported integer size ${size}`);
    }
  }

  uleb(): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      const b = this.u8();
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result;
      mul *= 128;
      if (mul > 2 ** 70) {
        // keep consuming, the value saturates: only the length matters now
        mul = 2 ** 70;
      }
    }
  }

  sleb(): number {
    let result = 0;
    let mul = 1;
    let b: number;
    do {
      b = this.u8();
      result += (b & 0x7f) * mul;
      mul *= 128;
      if (mul > 2 ** 70) mul = 2 ** 70;
    } while (b & 0x80);
    if (b & 0x40) result -= mul;
    return result;
  }

  /** LEB128 as bigint, for DW_OP_const*, implicit values wider than 53 bits. */
  ulebBig(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.u8();
      if (shift < 128n) result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) return result;
    }
  }

  slebBig(): bigint {
    let result = 0n;
    let shift = 0n;
    let b: number;
    do {
      b = this.u8();
      if (shift < 128n) result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
    } while (b & 0x80);
    if (b & 0x40 && shift < 128n) result -= 1n << shift;
    return result;
  }

  cstring(): string {
    const start = this.pos;
    let p = start;
    while (p < this.end && this.bytes[p] !== 0) p++;
    if (p >= this.end) throw new SymbolsError(`unterminated string at offset 0x${start.toString(16)}`);
    this.pos = p + 1;
    return utf8.decode(this.bytes.subarray(start, p));
  }

  skipCString(): void {
    const start = this.pos;
    let p = start;
    while (p < this.end && this.bytes[p] !== 0) p++;
    if (p >= this.end) throw new SymbolsError(`unterminated string at offset 0x${start.toString(16)}`);
    this.pos = p + 1;
  }

  bytesN(n: number): Uint8Array {
    const p = this.need(n);
    return this.bytes.subarray(p, p + n);
  }
}

/** NUL-terminated string at `offset` in a string section ('' and a warning-worthy error if out of range). */
export function stringAt(section: Uint8Array, offset: number): string {
  if (offset < 0 || offset >= section.length) throw new SymbolsError(`string offset 0x${offset.toString(16)} outside string section`);
  let p = offset;
  while (p < section.length && section[p] !== 0) p++;
  return utf8.decode(section.subarray(offset, p));
}
