// Values of typed objects: the bytes a location description designates
// (memory, registers, stack values, implicit values, pieces), with a mask of
// bytes that are optimized out, and scalar conversions used by the formatter
// and the expression evaluator.
import { ExprContext, Location, SimpleLocation } from './expr';
import { CType, resolved, sizeOf } from './types';

export interface Value {
  type: CType;
  bytes: Uint8Array;
  /** 1 for each byte that is optimized out; absent when every byte is known. */
  missing?: Uint8Array;
  /** Target address when the object lives in memory (it is an lvalue). */
  address?: number;
  /** Set when the object could not be read: the reason, printed as `<error: ...>`. */
  error?: string;
  /** An implicit pointer (DW_OP_implicit_pointer): gdb prints `<synthetic pointer>`. */
  synthetic?: boolean;
  /** Bitfield member read out of a larger object: width in bits (value already shifted into bytes). */
  bitSize?: number;
}

export class MemoryError extends Error {
  constructor(readonly address: number) {
    // Unreadable memory is an ordinary answer (a wild pointer), not a bug:
    // skip the costly stack capture.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`Cannot access memory at address 0x${(address >>> 0).toString(16)}`);
    Error.stackTraceLimit = limit;
    this.name = 'MemoryError';
  }
}

function le(v: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = BigInt.asUintN(Math.max(size, 1) * 8, v);
  for (let i = 0; i < size; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

function simpleBits(loc: SimpleLocation, sizeBytes: number, ctx: ExprContext): { bytes: Uint8Array; missing: boolean; address?: number } {
  switch (loc.kind) {
    case 'memory': {
      const b = ctx.readMemory(loc.address >>> 0, sizeBytes);
      if (!b || b.length < sizeBytes) throw new MemoryError(loc.address);
      return { bytes: b.slice(0, sizeBytes), missing: false, address: loc.address >>> 0 };
    }
    case 'register': {
      const out = new Uint8Array(sizeBytes);
      // Wider objects continue in the following registers (as gdb reads them).
      for (let i = 0; i * 4 < sizeBytes; i++) {
        const v = loc.reg + i === 0 ? 0 : ctx.readRegister(loc.reg + i);
        if (v === undefined) return { bytes: out, missing: true };
        out.set(le(BigInt(v >>> 0), 4).subarray(0, Math.min(4, sizeBytes - i * 4)), i * 4);
      }
      return { bytes: out, missing: false };
    }
    case 'value': return { bytes: le(loc.value, sizeBytes), missing: false };
    case 'implicit': {
      const out = new Uint8Array(sizeBytes);
      out.set(loc.bytes.subarray(0, sizeBytes));
      return { bytes: out, missing: false };
    }
    default:
      return { bytes: new Uint8Array(sizeBytes), missing: true };
  }
}

/** Objects larger than this are not read (a corrupt array bound must not exhaust memory). */
export const MAX_VALUE_SIZE = 1 << 24;

export class ValueTooLargeError extends Error {
  constructor(size: number) {
    super(`object of ${size} bytes is too large to read`);
    this.name = 'ValueTooLargeError';
  }
}

/** Reads an object of `type` from `loc`. Throws MemoryError for unreadable memory. */
export function readValue(loc: Location, type: CType, ctx: ExprContext): Value {
  const size = sizeOf(type);
  if (!(size >= 0 && size <= MAX_VALUE_SIZE)) throw new ValueTooLargeError(size);
  if (loc.kind === 'optimizedOut') return { type, bytes: new Uint8Array(size), missing: new Uint8Array(size).fill(1) };
  if (loc.kind === 'implicitPointer') return { type, bytes: new Uint8Array(size), synthetic: true };
  if (loc.kind !== 'pieces') {
    const r = simpleBits(loc, size, ctx);
    return { type, bytes: r.bytes, missing: r.missing ? new Uint8Array(size).fill(1) : undefined, address: r.address };
  }
  const bytes = new Uint8Array(size);
  const missing = new Uint8Array(size).fill(1);
  let bitPos = 0;
  for (const p of loc.pieces) {
    if (bitPos >= size * 8) break;
    const srcBytes = Math.ceil((p.sizeBits + p.offsetBits) / 8);
    let src: { bytes: Uint8Array; missing: boolean };
    try {
      src = simpleBits(p.location, Math.max(srcBytes, p.location.kind === 'register' ? 4 : srcBytes), ctx);
    } catch {
      src = { bytes: new Uint8Array(srcBytes), missing: true };
    }
    for (let b = 0; b < p.sizeBits && bitPos + b < size * 8; b++) {
      const sb = p.offsetBits + b;
      const bit = (src.bytes[sb >> 3] >> (sb & 7)) & 1;
      const db = bitPos + b;
      if (bit) bytes[db >> 3] |= 1 << (db & 7);
      if (!src.missing) missing[db >> 3] = 0;
    }
    bitPos += p.sizeBits;
  }
  return { type, bytes, missing: missing.some((m) => m) ? missing : undefined };
}

export function isFullyMissing(v: Value): boolean {
  return !!v.missing && v.missing.every((m) => m === 1);
}

export function isPartlyMissing(v: Value, offset = 0, size = v.bytes.length): boolean {
  if (!v.missing) return false;
  for (let i = offset; i < offset + size && i < v.missing.length; i++) if (v.missing[i]) return true;
  return false;
}

export function bytesToBigInt(bytes: Uint8Array, signed: boolean): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  return signed && bytes.length ? BigInt.asIntN(bytes.length * 8, v) : v;
}

export function isSignedType(t: CType): boolean {
  const r = resolved(t);
  if (r.kind === 'base') return r.encoding === 'signed' || r.encoding === 'signed_char';
  if (r.kind === 'enum') return r.signed;
  return false;
}

/** The integer held by a scalar value (pointers and enums included). */
export function scalarOf(v: Value): bigint {
  const r = resolved(v.type);
  if (v.bitSize !== undefined) return bytesToBigInt(v.bytes, isSignedType(r));
  if (r.kind === 'base' && r.encoding === 'float') return BigInt(Math.trunc(floatOf(v)));
  return bytesToBigInt(v.bytes, isSignedType(r));
}

export function floatOf(v: Value): number {
  const r = resolved(v.type);
  if (r.kind === 'base' && r.encoding === 'float') {
    const dv = new DataView(v.bytes.buffer, v.bytes.byteOffset, v.bytes.byteLength);
    if (v.bytes.length === 4) return dv.getFloat32(0, true);
    if (v.bytes.length === 8) return dv.getFloat64(0, true);
  }
  return Number(scalarOf(v));
}

export function valueFromBigInt(type: CType, x: bigint): Value {
  return { type, bytes: le(x, sizeOf(type)) };
}

export function valueFromFloat(type: CType, x: number): Value {
  const size = sizeOf(type);
  const bytes = new Uint8Array(size);
  const dv = new DataView(bytes.buffer);
  if (size === 4) dv.setFloat32(0, x, true);
  else if (size === 8) dv.setFloat64(0, x, true);
  return { type, bytes };
}

/** A member or element of an aggregate value: a slice of its bytes (bitfields shifted down). */
export function subValue(parent: Value, type: CType, byteOffset: number, bitSize?: number, bitOffset?: number): Value {
  const missingOf = (off: number, size: number): Uint8Array | undefined =>
    parent.missing && isPartlyMissing(parent, off, size) ? parent.missing.slice(off, off + size) : undefined;
  if (bitSize === undefined) {
    const size = sizeOf(type);
    if (!(size >= 0 && size <= MAX_VALUE_SIZE)) return { type, bytes: new Uint8Array(0), error: new ValueTooLargeError(size).message };
    const bytes = new Uint8Array(size);
    bytes.set(parent.bytes.subarray(byteOffset, byteOffset + size));
    const missing = missingOf(byteOffset, size);
    return { type, bytes, missing: missing && missing.length === size ? missing : missing ? new Uint8Array(size).fill(1) : undefined, address: parent.address === undefined ? undefined : parent.address + byteOffset };
  }
  const start = byteOffset * 8 + (bitOffset ?? 0);
  let x = 0n;
  let anyMissing = false;
  for (let b = bitSize - 1; b >= 0; b--) {
    const pos = start + b;
    x = (x << 1n) | BigInt((parent.bytes[pos >> 3] >> (pos & 7)) & 1);
    if (parent.missing?.[pos >> 3]) anyMissing = true;
  }
  const size = Math.min(sizeOf(type) || Math.ceil(bitSize / 8), 16);
  const val = isSignedType(type) ? BigInt.asIntN(bitSize, x) : x;
  return { type, bytes: le(val, size), missing: anyMissing ? new Uint8Array(size).fill(1) : undefined, bitSize };
}
