// Evaluates parsed C expressions against a stopped program: variables in
// scope, $registers, memory through pointers, C's usual arithmetic
// conversions on RV32 (int/long 32-bit, long long 64-bit), pointer
// arithmetic, comparisons, casts. Errors read like gdb's.
import { CExpr, CExprError, TypeSpec } from './cexpr';
import { CType, resolved, sizeOf } from './types';
import { MAX_VALUE_SIZE, MemoryError, Value, bytesToBigInt, floatOf, isPartlyMissing, isSignedType, scalarOf, subValue, valueFromBigInt, valueFromFloat } from './values';

export interface EvalEnv {
  variable(name: string): Value | undefined;
  /** A function's entry address and type. */
  func(name: string): { address: number; type: CType } | undefined;
  enumerator(name: string): { type: CType; value: number } | undefined;
  register(name: string): Value | undefined;
  /** A named type: "int", "unsigned char", "struct shape", a typedef name. */
  typeNamed(name: string): CType | undefined;
  readMemory(address: number, size: number): Uint8Array | undefined;
}

const base = (name: string, size: number, encoding: 'signed' | 'unsigned' | 'float' | 'signed_char' | 'unsigned_char' | 'bool'): CType => ({ kind: 'base', name, size, encoding });

/** C's builtin types on RV32 ILP32, used when the program's DWARF does not name them. */
export const BUILTIN: Record<string, CType> = {
  int: base('int', 4, 'signed'),
  'unsigned int': base('unsigned int', 4, 'unsigned'),
  char: base('char', 1, 'unsigned_char'),
  'signed char': base('signed char', 1, 'signed_char'),
  'unsigned char': base('unsigned char', 1, 'unsigned_char'),
  short: base('short', 2, 'signed'),
  'unsigned short': base('unsigned short', 2, 'unsigned'),
  long: base('long', 4, 'signed'),
  'unsigned long': base('unsigned long', 4, 'unsigned'),
  'long long': base('long long', 8, 'signed'),
  'unsigned long long': base('unsigned long long', 8, 'unsigned'),
  float: base('float', 4, 'float'),
  double: base('double', 8, 'float'),
  'long double': base('long double', 16, 'float'),
  _Bool: base('_Bool', 1, 'bool'),
  void: { kind: 'void' },
};

const ALIASES: Record<string, string> = {
  'signed int': 'int', signed: 'int', unsigned: 'unsigned int', 'short int': 'short', 'signed short': 'short', 'short unsigned int': 'unsigned short',
  'unsigned short int': 'unsigned short', 'long int': 'long', 'signed long': 'long', 'long unsigned int': 'unsigned long', 'unsigned long int': 'unsigned long',
  'long long int': 'long long', 'signed long long': 'long long', 'long long unsigned int': 'unsigned long long', 'unsigned long long int': 'unsigned long long',
};

export class CEvaluator {
  constructor(private readonly env: EvalEnv) {}

  typeOfName(name: string): CType {
    const canonical = ALIASES[name] ?? name;
    const t = this.env.typeNamed(canonical) ?? BUILTIN[canonical];
    if (!t) throw new CExprError(`No symbol "${name.replace(/^(struct|union|enum) /, '')}" in current context.`);
    return t;
  }

  specType(spec: TypeSpec): CType {
    let t = this.typeOfName(spec.base);
    for (let i = 0; i < spec.pointers; i++) t = { kind: 'pointer', size: 4, target: t };
    for (let i = spec.arrays.length - 1; i >= 0; i--) t = { kind: 'array', element: t, count: spec.arrays[i] };
    return t;
  }

  private int(): CType {
    return this.typeOfName('int');
  }

  private at(type: CType, address: number): Value {
    const size = sizeOf(type);
    if (!(size >= 0 && size <= MAX_VALUE_SIZE)) throw new CExprError(`object of ${size} bytes is too large to read`);
    const b = this.env.readMemory(address >>> 0, size);
    if (!b || b.length < size) throw new MemoryError(address);
    return { type, bytes: b.slice(0, size), address: address >>> 0 };
  }

  /** Arrays decay to pointers, functions to function pointers. */
  private rvalue(v: Value): Value {
    const r = resolved(v.type);
    if (r.kind === 'array' && v.address !== undefined) return valueFromBigInt({ kind: 'pointer', size: 4, target: r.element }, BigInt(v.address));
    if (r.kind === 'function' && v.address !== undefined) return valueFromBigInt({ kind: 'pointer', size: 4, target: v.type }, BigInt(v.address));
    if (isPartlyMissing(v)) throw new CExprError('value has been optimized out');
    if (v.error) throw new CExprError(v.error);
    return v;
  }

  private isFloat(t: CType): boolean {
    const r = resolved(t);
    return r.kind === 'base' && r.encoding === 'float';
  }

  private isInteger(t: CType): boolean {
    const r = resolved(t);
    return (r.kind === 'base' && r.encoding !== 'float') || r.kind === 'enum';
  }

  /** Integer promotion then the usual arithmetic conversions. */
  private common(a: CType, b: CType): CType {
    if (this.isFloat(a) || this.isFloat(b)) {
      const sa = this.isFloat(a) ? sizeOf(a) : 0;
      const sb = this.isFloat(b) ? sizeOf(b) : 0;
      return this.typeOfName(Math.max(sa, sb) >= 8 ? 'double' : 'float');
    }
    const rank = (t: CType): { size: number; unsigned: boolean } => {
      const size = sizeOf(t);
      if (size < 4) return { size: 4, unsigned: false };
      return { size, unsigned: !isSignedType(t) };
    };
    const ra = rank(a);
    const rb = rank(b);
    const size = Math.max(ra.size, rb.size);
    const unsigned = (ra.size === size && ra.unsigned) || (rb.size === size && rb.unsigned);
    if (size >= 8) return this.typeOfName(unsigned ? 'unsigned long long' : 'long long');
    return this.typeOfName(unsigned ? 'unsigned int' : 'int');
  }

  private convert(v: Value, to: CType): Value {
    const r = resolved(to);
    if (this.isFloat(to)) return valueFromFloat(to, this.isFloat(v.type) ? floatOf(v) : Number(scalarOf(v)));
    if (r.kind === 'struct' || r.kind === 'union' || r.kind === 'array') {
      if (sizeOf(to) !== sizeOf(v.type)) throw new CExprError('Invalid cast.');
      return { ...v, type: to };
    }
    if (r.kind === 'void') return { type: to, bytes: new Uint8Array(0) };
    const x = this.isFloat(v.type) ? BigInt(Math.trunc(floatOf(v))) : scalarOf(this.rvalue(v));
    if (r.kind === 'base' && r.encoding === 'bool') return valueFromBigInt(to, x !== 0n ? 1n : 0n);
    return valueFromBigInt(to, x);
  }

  private truth(v: Value): boolean {
    const rv = this.rvalue(v);
    return this.isFloat(rv.type) ? floatOf(rv) !== 0 : scalarOf(rv) !== 0n;
  }

  evaluate(e: CExpr): Value {
    switch (e.op) {
      case 'num': {
        const fitsInt = e.value <= 0x7fffffffn;
        const fitsUint = e.value <= 0xffffffffn;
        const name = e.long || !fitsUint ? (e.unsigned || e.value > 0x7fffffffffffffffn ? 'unsigned long long' : 'long long') : e.unsigned || !fitsInt ? 'unsigned int' : 'int';
        return valueFromBigInt(this.typeOfName(name), e.value);
      }
      case 'float': return valueFromFloat(this.typeOfName(e.single ? 'float' : 'double'), e.value);
      case 'char': return valueFromBigInt(this.typeOfName('char'), BigInt(e.value));
      case 'ident': {
        const v = this.env.variable(e.name);
        if (v) return v;
        const f = this.env.func(e.name);
        if (f) return { type: f.type, bytes: new Uint8Array(1), address: f.address };
        const en = this.env.enumerator(e.name);
        if (en) return valueFromBigInt(en.type, BigInt(en.value));
        throw new CExprError(`No symbol "${e.name}" in current context.`);
      }
      case 'reg': {
        const v = this.env.register(e.name);
        if (!v) throw new CExprError(`Invalid register \`${e.name}'`);
        return v;
      }
      case 'member': {
        let obj = this.evaluate(e.object);
        if (e.arrow) obj = this.deref(obj);
        const r = resolved(obj.type);
        if (r.kind !== 'struct' && r.kind !== 'union') {
          throw new CExprError(e.arrow ? `The -> operator must be applied to a pointer to a struct or union.` : `Attempt to extract a component of a value that is not a structure.`);
        }
        const m = r.members.find((x) => x.name === e.name);
        if (!m) throw new CExprError(`There is no member named ${e.name}.`);
        return subValue(obj, m.type, m.byteOffset, m.bitSize, m.bitOffset);
      }
      case 'index': {
        const obj = this.evaluate(e.object);
        const idx = this.rvalue(this.evaluate(e.index));
        if (!this.isInteger(idx.type)) throw new CExprError('Argument to arithmetic operation not a number or boolean.');
        const i = Number(scalarOf(idx));
        const r = resolved(obj.type);
        if (r.kind === 'array' && obj.address === undefined) {
          const size = sizeOf(r.element);
          if (i < 0 || r.count === undefined || i >= r.count) throw new CExprError(`no such vector element`);
          return subValue(obj, r.element, i * size);
        }
        const p = this.rvalue(obj);
        const pr = resolved(p.type);
        if (pr.kind !== 'pointer') throw new CExprError(`cannot subscript something of type \`${typeNameShort(obj.type)}'`);
        return this.deref(this.pointerAdd(p, BigInt(i)));
      }
      case 'unary': return this.unary(e.operator, e.operand);
      case 'binary': return this.binary(e.operator, e.left, e.right);
      case 'cond': return this.truth(this.evaluate(e.test)) ? this.evaluate(e.then) : this.evaluate(e.else);
      case 'cast': {
        const to = this.specType(e.type);
        const v = this.evaluate(e.operand);
        const r = resolved(v.type);
        if ((r.kind === 'struct' || r.kind === 'union') && resolved(to).kind !== r.kind) throw new CExprError('Invalid cast.');
        return this.convert(v, to);
      }
      case 'sizeofType': return valueFromBigInt(this.int(), BigInt(sizeOf(this.specType(e.type))));
      case 'call': throw new CExprError('Calling functions is not supported: the program is replayed, not run.');
    }
  }

  private deref(v: Value): Value {
    const p = this.rvalue(v);
    const r = resolved(p.type);
    // gdb lets `*` apply to an integer: it reads an int at that address.
    if (this.isInteger(p.type)) return this.at(this.int(), Number(BigInt.asUintN(32, scalarOf(p))));
    if (r.kind !== 'pointer') throw new CExprError('Attempt to take contents of a non-pointer value.');
    const target = r.target;
    const tr = resolved(target);
    if (tr.kind === 'void') throw new CExprError('Attempt to take contents of a non-pointer value.');
    const address = Number(scalarOf(p));
    if (tr.kind === 'function') return { type: target, bytes: new Uint8Array(1), address };
    return this.at(target, address);
  }

  private pointerAdd(p: Value, n: bigint): Value {
    const r = resolved(p.type) as Extract<CType, { kind: 'pointer' }>;
    const size = BigInt(sizeOf(r.target) || 1);
    return valueFromBigInt(p.type, BigInt.asUintN(32, scalarOf(p) + n * size));
  }

  private unary(op: string, operand: CExpr): Value {
    if (op === 'sizeof') {
      const v = this.evaluate(operand);
      return valueFromBigInt(this.int(), BigInt(sizeOf(v.type)));
    }
    const v = this.evaluate(operand);
    switch (op) {
      case '*': return this.deref(v);
      case '&': {
        if (v.address === undefined || v.bitSize !== undefined) throw new CExprError('Attempt to take address of value not located in memory.');
        return valueFromBigInt({ kind: 'pointer', size: 4, target: v.type }, BigInt(v.address));
      }
      case '!': return valueFromBigInt(this.int(), this.truth(v) ? 0n : 1n);
    }
    const rv = this.rvalue(v);
    if (!this.isInteger(rv.type) && !this.isFloat(rv.type)) throw new CExprError('Argument to arithmetic operation not a number or boolean.');
    const t = this.common(rv.type, rv.type);
    if (this.isFloat(t)) {
      const x = floatOf(rv);
      return valueFromFloat(t, op === '-' ? -x : x);
    }
    const x = scalarOf(rv);
    if (op === '-') return valueFromBigInt(t, -x);
    if (op === '~') return valueFromBigInt(t, ~x);
    return valueFromBigInt(t, x);
  }

  private binary(op: string, le: CExpr, re: CExpr): Value {
    if (op === ',') {
      this.evaluate(le);
      return this.evaluate(re);
    }
    if (op === '&&') return valueFromBigInt(this.int(), this.truth(this.evaluate(le)) && this.truth(this.evaluate(re)) ? 1n : 0n);
    if (op === '||') return valueFromBigInt(this.int(), this.truth(this.evaluate(le)) || this.truth(this.evaluate(re)) ? 1n : 0n);
    const a = this.rvalue(this.evaluate(le));
    const b = this.rvalue(this.evaluate(re));
    const ra = resolved(a.type);
    const rb = resolved(b.type);
    const cmp = ['<', '>', '<=', '>=', '==', '!='].includes(op);
    if (ra.kind === 'pointer' || rb.kind === 'pointer') {
      if (cmp) return this.compare(op, scalarOf(a), scalarOf(b));
      if (op === '+' && ra.kind === 'pointer' && this.isInteger(b.type)) return this.pointerAdd(a, scalarOf(b));
      if (op === '+' && rb.kind === 'pointer' && this.isInteger(a.type)) return this.pointerAdd(b, scalarOf(a));
      if (op === '-' && ra.kind === 'pointer' && this.isInteger(b.type)) return this.pointerAdd(a, -scalarOf(b));
      if (op === '-' && ra.kind === 'pointer' && rb.kind === 'pointer') {
        const size = BigInt(sizeOf(ra.target) || 1);
        return valueFromBigInt(this.typeOfName('long'), BigInt.asIntN(32, scalarOf(a) - scalarOf(b)) / size);
      }
      throw new CExprError('Argument to arithmetic operation not a number or boolean.');
    }
    if ((!this.isInteger(a.type) && !this.isFloat(a.type)) || (!this.isInteger(b.type) && !this.isFloat(b.type))) {
      throw new CExprError('Argument to arithmetic operation not a number or boolean.');
    }
    if (op === '<<' || op === '>>') {
      const t = this.common(a.type, a.type);
      const x = scalarOf(this.convert(a, t));
      const n = scalarOf(b);
      return valueFromBigInt(t, op === '<<' ? x << n : x >> n);
    }
    const t = this.common(a.type, b.type);
    if (this.isFloat(t)) {
      const x = this.isFloat(a.type) ? floatOf(a) : Number(scalarOf(a));
      const y = this.isFloat(b.type) ? floatOf(b) : Number(scalarOf(b));
      if (cmp) return valueFromBigInt(this.int(), cmpOp(op, x, y) ? 1n : 0n);
      switch (op) {
        case '+': return valueFromFloat(t, x + y);
        case '-': return valueFromFloat(t, x - y);
        case '*': return valueFromFloat(t, x * y);
        case '/': return valueFromFloat(t, x / y);
        default: throw new CExprError('Integer only operation.');
      }
    }
    const x = scalarOf(this.convert(a, t));
    const y = scalarOf(this.convert(b, t));
    if (cmp) return this.compare(op, x, y);
    switch (op) {
      case '+': return valueFromBigInt(t, x + y);
      case '-': return valueFromBigInt(t, x - y);
      case '*': return valueFromBigInt(t, x * y);
      case '/': if (y === 0n) throw new CExprError('Division by zero'); return valueFromBigInt(t, x / y);
      case '%': if (y === 0n) throw new CExprError('Division by zero'); return valueFromBigInt(t, x % y);
      case '&': return valueFromBigInt(t, x & y);
      case '|': return valueFromBigInt(t, x | y);
      case '^': return valueFromBigInt(t, x ^ y);
      default: throw new CExprError(`operator ${op} not supported`);
    }
  }

  private compare(op: string, x: bigint, y: bigint): Value {
    return valueFromBigInt(this.int(), cmpOp(op, x, y) ? 1n : 0n);
  }
}

function cmpOp<T extends number | bigint>(op: string, x: T, y: T): boolean {
  switch (op) {
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    case '>=': return x >= y;
    case '==': return x === y;
    default: return x !== y;
  }
}

function typeNameShort(t: CType): string {
  const r = resolved(t);
  return r.kind === 'base' ? r.name : r.kind;
}

export { bytesToBigInt };
