// DWARF expression evaluator (DWARF 5 section 2.5 and 2.6): the stack machine
// with literal, register, memory, arithmetic and control-flow operations, and
// the location descriptions it yields (memory, register, stack value,
// implicit value, pieces). Values are address-sized (RV32: 32-bit).
import { ByteReader, SymbolsError } from './reader';

export type SimpleLocation =
  | { kind: 'memory'; address: number }
  | { kind: 'register'; reg: number }
  | { kind: 'value'; value: bigint }
  | { kind: 'implicit'; bytes: Uint8Array }
  | { kind: 'optimizedOut' }
  | { kind: 'implicitPointer'; die: number; offset: number };

export interface Piece {
  location: SimpleLocation;
  sizeBits: number;
  /** DW_OP_bit_piece offset within the source location. */
  offsetBits: number;
}

export type Location = SimpleLocation | { kind: 'pieces'; pieces: Piece[] };

export interface BaseTypeInfo {
  size: number;
  signed: boolean;
}

export interface ExprContext {
  addrSize: number;
  /** Value of DWARF register `reg` (RISC-V: 0-31 = x0-x31) in this frame, or undefined when not recoverable. */
  readRegister(reg: number): number | undefined;
  readMemory(address: number, size: number): Uint8Array | undefined;
  frameBase?(): number | undefined;
  cfa?(): number | undefined;
  /** Value the DWARF expression `expr` had on entry to the current function (DW_OP_entry_value). */
  entryValue?(expr: Uint8Array): bigint | undefined;
  addrIndex?(index: number): number;
  /** Base type DIE at a unit-relative offset, for the typed-stack operations. */
  baseType?(unitOffset: number): BaseTypeInfo | undefined;
}

/** Raised when an expression needs something the frame cannot provide: the variable is `<optimized out>`. */
export class UnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnavailableError';
  }
}

const MAX_STEPS = 10000;

function readLE(bytes: Uint8Array, size: number): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i] ?? 0);
  return v;
}

export function evaluateLocation(expr: Uint8Array, ctx: ExprContext, initialStack: bigint[] = []): Location {
  if (expr.length === 0) return { kind: 'optimizedOut' };
  const bits = BigInt(ctx.addrSize * 8);
  const mask = (v: bigint): bigint => BigInt.asUintN(Number(bits), v);
  const signed = (v: bigint): bigint => BigInt.asIntN(Number(bits), v);
  const stack: bigint[] = initialStack.map(mask);
  const pieces: Piece[] = [];
  let pending: SimpleLocation | undefined;
  const r = new ByteReader(expr);
  const pop = (): bigint => {
    const v = stack.pop();
    if (v === undefined) throw new SymbolsError('DWARF expression pops an empty stack');
    return v;
  };
  const push = (v: bigint): void => {
    if (stack.length > 1000) throw new SymbolsError('DWARF expression stack overflow');
    stack.push(mask(v));
  };
  const reg = (n: number): bigint => {
    const v = ctx.readRegister(n);
    if (v === undefined) throw new UnavailableError(`register ${n} not available in this frame`);
    return BigInt(v >>> 0);
  };
  const mem = (addr: bigint, size: number): bigint => {
    const b = ctx.readMemory(Number(mask(addr)), size);
    if (!b || b.length < size) throw new UnavailableError(`cannot read memory at 0x${mask(addr).toString(16)}`);
    return readLE(b, size);
  };
  const typed = (off: number): BaseTypeInfo => {
    const t = ctx.baseType?.(off);
    if (!t) throw new SymbolsError(`typed DWARF operation refers to an unknown base type at 0x${off.toString(16)}`);
    return t;
  };
  const convert = (v: bigint, t: BaseTypeInfo): bigint => (t.signed ? BigInt.asIntN(t.size * 8, v) : BigInt.asUintN(t.size * 8, v));
  const finishPiece = (sizeBits: number, offsetBits: number): void => {
    const loc: SimpleLocation = pending ?? (stack.length ? { kind: 'memory', address: Number(pop()) } : { kind: 'optimizedOut' });
    pieces.push({ location: loc, sizeBits, offsetBits });
    pending = undefined;
    stack.length = 0;
  };

  for (let steps = 0; r.pos < r.end; steps++) {
    if (steps > MAX_STEPS) throw new SymbolsError('DWARF expression does not terminate');
    const op = r.u8();
    if (pending && op !== 0x93 && op !== 0x9d) throw new SymbolsError(`DWARF operation 0x${op.toString(16)} after a final location`);
    if (op >= 0x30 && op <= 0x4f) { push(BigInt(op - 0x30)); continue; }
    if (op >= 0x50 && op <= 0x6f) { pending = { kind: 'register', reg: op - 0x50 }; continue; }
    if (op >= 0x70 && op <= 0x8f) { push(reg(op - 0x70) + BigInt(r.sleb())); continue; }
    switch (op) {
      case 0x03: push(BigInt(r.unsigned(ctx.addrSize))); break; // addr
      case 0x06: push(mem(pop(), ctx.addrSize)); break; // deref
      case 0x08: push(BigInt(r.u8())); break;
      case 0x09: push(BigInt(r.i8())); break;
      case 0x0a: push(BigInt(r.u16())); break;
      case 0x0b: push(BigInt(r.i16())); break;
      case 0x0c: push(BigInt(r.u32())); break;
      case 0x0d: push(BigInt(r.i32())); break;
      case 0x0e: push(r.u64big()); break;
      case 0x0f: push(r.i64big()); break;
      case 0x10: push(r.ulebBig()); break;
      case 0x11: push(r.slebBig()); break;
      case 0x12: { const v = pop(); push(v); push(v); break; } // dup
      case 0x13: pop(); break; // drop
      case 0x14: { if (stack.length < 2) throw new SymbolsError('DW_OP_over needs two entries'); push(stack[stack.length - 2]); break; }
      case 0x15: { const i = r.u8(); if (i >= stack.length) throw new SymbolsError('DW_OP_pick out of range'); push(stack[stack.length - 1 - i]); break; }
      case 0x16: { const a = pop(); const b = pop(); push(a); push(b); break; } // swap
      case 0x17: { const a = pop(); const b = pop(); const c = pop(); push(a); push(c); push(b); break; } // rot
      case 0x19: { const v = signed(pop()); push(v < 0n ? -v : v); break; } // abs
      case 0x1a: { const b = pop(); push(pop() & b); break; }
      case 0x1b: { const b = signed(pop()); const a = signed(pop()); if (b === 0n) throw new SymbolsError('DWARF division by zero'); push(a / b); break; }
      case 0x1c: { const b = pop(); push(pop() - b); break; }
      case 0x1d: { const b = pop(); const a = pop(); if (b === 0n) throw new SymbolsError('DWARF modulo by zero'); push(a % b); break; }
      case 0x1e: { const b = pop(); push(pop() * b); break; }
      case 0x1f: push(-signed(pop())); break;
      case 0x20: push(~pop()); break;
      case 0x21: { const b = pop(); push(pop() | b); break; }
      case 0x22: { const b = pop(); push(pop() + b); break; }
      case 0x23: push(pop() + r.ulebBig()); break; // plus_uconst
      case 0x24: { const b = pop(); const a = pop(); push(b >= bits ? 0n : a << b); break; }
      case 0x25: { const b = pop(); const a = pop(); push(b >= bits ? 0n : a >> b); break; }
      case 0x26: { const b = pop(); const a = signed(pop()); push(a >> (b >= bits ? bits - 1n : b)); break; }
      case 0x27: { const b = pop(); push(pop() ^ b); break; }
      case 0x28: { const off = r.i16(); if (pop() !== 0n) r.seek(r.pos + off); break; } // bra
      case 0x29: case 0x2a: case 0x2b: case 0x2c: case 0x2d: case 0x2e: {
        const b = signed(pop());
        const a = signed(pop());
        const res = op === 0x29 ? a === b : op === 0x2a ? a >= b : op === 0x2b ? a > b : op === 0x2c ? a <= b : op === 0x2d ? a < b : a !== b;
        push(res ? 1n : 0n);
        break;
      }
      case 0x2f: { const off = r.i16(); r.seek(r.pos + off); break; } // skip
      case 0x90: pending = { kind: 'register', reg: r.uleb() }; break; // regx
      case 0x91: { // fbreg
        const off = r.sleb();
        const fb = ctx.frameBase?.();
        if (fb === undefined) throw new UnavailableError('frame base not available');
        push(BigInt(fb >>> 0) + BigInt(off));
        break;
      }
      case 0x92: { const n = r.uleb(); push(reg(n) + BigInt(r.sleb())); break; } // bregx
      case 0x93: finishPiece(r.uleb() * 8, 0); break; // piece
      case 0x94: { const n = r.u8(); if (n < 1 || n > 8) throw new SymbolsError(`DW_OP_deref_size ${n}`); push(mem(pop(), n)); break; }
      case 0x96: break; // nop
      case 0x9c: { // call_frame_cfa
        const cfa = ctx.cfa?.();
        if (cfa === undefined) throw new UnavailableError('CFA not available');
        push(BigInt(cfa >>> 0));
        break;
      }
      case 0x9d: { const size = r.uleb(); const off = r.uleb(); finishPiece(size, off); break; } // bit_piece
      case 0x9e: { const n = r.uleb(); pending = { kind: 'implicit', bytes: r.bytesN(n) }; break; } // implicit_value
      case 0x9f: pending = { kind: 'value', value: pop() }; break; // stack_value
      case 0xa0: case 0xf2: { // implicit_pointer
        const die = r.unsigned(4);
        pending = { kind: 'implicitPointer', die, offset: r.sleb() };
        break;
      }
      case 0xa1: case 0xfb: { const i = r.uleb(); if (!ctx.addrIndex) throw new SymbolsError('DW_OP_addrx without .debug_addr'); push(BigInt(ctx.addrIndex(i))); break; }
      case 0xa2: case 0xfc: { const i = r.uleb(); if (!ctx.addrIndex) throw new SymbolsError('DW_OP_constx without .debug_addr'); push(BigInt(ctx.addrIndex(i))); break; }
      case 0xa3: case 0xf3: { // entry_value
        const sub = r.bytesN(r.uleb());
        const v = ctx.entryValue?.(sub);
        if (v === undefined) throw new UnavailableError('entry value not recoverable');
        push(v);
        break;
      }
      case 0xa4: case 0xf4: { // const_type
        const t = typed(r.uleb());
        const n = r.u8();
        push(convert(readLE(r.bytesN(n), n), t));
        break;
      }
      case 0xa5: case 0xf5: { const n = r.uleb(); const t = typed(r.uleb()); push(convert(reg(n), t)); break; } // regval_type
      case 0xa6: case 0xf6: { const n = r.u8(); const t = typed(r.uleb()); push(convert(mem(pop(), n), t)); break; } // deref_type
      case 0xa8: case 0xf7: case 0xa9: case 0xf9: { // convert / reinterpret
        const off = r.uleb();
        const v = pop();
        push(off === 0 ? v : convert(v, typed(off)));
        break;
      }
      case 0xfa: r.u32(); throw new UnavailableError('DW_OP_GNU_parameter_ref not supported');
      case 0xf0: break; // GNU_uninit
      default:
        throw new SymbolsError(`unsupported DWARF operation 0x${op.toString(16)}`);
    }
  }
  if (pieces.length) return { kind: 'pieces', pieces };
  if (pending) return pending;
  if (stack.length === 0) throw new SymbolsError('DWARF expression leaves an empty stack');
  return { kind: 'memory', address: Number(stack[stack.length - 1]) };
}

/** Evaluates an expression for its value (DW_AT_frame_base, call_value, CFA expressions). */
export function evaluateValue(expr: Uint8Array, ctx: ExprContext, initialStack: bigint[] = []): bigint {
  const loc = evaluateLocation(expr, ctx, initialStack);
  switch (loc.kind) {
    case 'memory': return BigInt(loc.address);
    case 'value': return loc.value;
    case 'register': {
      const v = ctx.readRegister(loc.reg);
      if (v === undefined) throw new UnavailableError(`register ${loc.reg} not available`);
      return BigInt(v >>> 0);
    }
    case 'implicit': return readLE(loc.bytes, loc.bytes.length);
    default: throw new UnavailableError('expression has no value');
  }
}
