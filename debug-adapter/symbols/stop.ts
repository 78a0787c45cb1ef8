// What the debugger asks at one stop: the frames (inline frames included),
// each frame's arguments and locals, globals, and C expressions, types and
// breakpoint conditions evaluated in a frame, all formatted as gdb prints them.
import { CExprError, parseCExpr, parseTypeName } from './cexpr';
import { CEvaluator } from './ceval';
import { DW_AT as DW_AT_ } from './constants';
import { FormatEnv, formatTopLevel, formatValue } from './format';
import { FrameEvaluator, StackFrame, Variable } from './frames';
import type { Symbols } from './index';
import { SymbolsError } from './reader';
import { Scope, dieName } from './scopes';
import { ptype, typeName } from './typename';
import { CType, resolved, sizeOf } from './types';
import { MemoryReader } from './unwind';
import { MAX_VALUE_SIZE, MemoryError, Value, bytesToBigInt, floatOf, isFullyMissing, isPartlyMissing, subValue, valueFromBigInt } from './values';

const DW_AT = DW_AT_;

export interface DisplayedVariable {
  name: string;
  kind: Variable['kind'];
  /** The C type as gdb's `whatis` spells it. */
  type: string;
  /** The value as gdb's `info locals` prints it. */
  value: string;
  raw: Value;
  /** For locals: 0 for the innermost block at pc, counting outwards. */
  blockDepth?: number;
}

/** One child of a value for an expandable variables view. */
export interface ValueChild {
  name: string;
  type: string;
  value: string;
  raw: Value;
}

const MAX_CHILDREN = 1000;

export type EvalResult = { ok: true; value: Value; text: string; type: string } | { ok: false; error: string };

/** ABI names of x0..x31, as gdb accepts them after `$`. */
export const REG_NAMES = ['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6'];

/** Everything known at one stop: frames, their variables, expression evaluation. */
export class StopContext {
  readonly frames: StackFrame[];
  private readonly evaluator: FrameEvaluator;
  readonly formatEnv: FormatEnv;

  constructor(readonly symbols: Symbols, readonly mem: MemoryReader, frames: StackFrame[]) {
    this.frames = frames;
    this.evaluator = new FrameEvaluator(symbols.program, symbols.types, mem, frames);
    this.formatEnv = { symbolize: (a) => symbols.symbolize(a), readMemory: (a, s) => mem.read(a, s) };
  }

  private display(frame: StackFrame | undefined, v: Variable): DisplayedVariable {
    const raw = this.evaluator.read(frame, v);
    return { name: v.name, kind: v.kind, type: typeName(v.type), value: formatValue(raw, this.formatEnv), raw, blockDepth: v.blockDepth };
  }

  /** `info args` of frame `index`. */
  args(index = 0): DisplayedVariable[] {
    const f = this.frames[index];
    if (!f) return [];
    return this.evaluator.parameters(f).map((v) => this.display(f, v));
  }

  /**
   * Arguments as gdb's backtrace shows them: aggregates as "...", and with
   * `name@entry` values when the entry value is known (gdb's default
   * `print entry-values`).
   */
  frameArgs(index = 0): string[] {
    const f = this.frames[index];
    if (!f) return [];
    const out: string[] = [];
    for (const v of this.evaluator.parameters(f)) {
      const raw = this.evaluator.read(f, v);
      const kind = resolved(v.type).kind;
      const scalar = kind !== 'struct' && kind !== 'union' && kind !== 'array';
      const text = (x: Value): string => (scalar ? formatValue(x, this.formatEnv) : '...');
      const entry = this.evaluator.parameterEntryValue(f, v);
      if (!entry) out.push(`${v.name}=${text(raw)}`);
      else if (!raw.missing && !raw.error && sameValueBytes(raw, entry)) out.push(`${v.name}=${v.name}@entry=${text(raw)}`);
      else out.push(`${v.name}=${text(raw)}`, `${v.name}@entry=${text(entry)}`);
    }
    return out;
  }

  /** `info locals` of frame `index` (innermost block first, statics included). */
  locals(index = 0): DisplayedVariable[] {
    const f = this.frames[index];
    if (!f) return [];
    return this.evaluator.locals(f).map((v) => this.display(f, v));
  }

  /** File-scope variables of the unit holding the frame's pc (or of every unit when `all`). */
  globals(index = 0, all = false): DisplayedVariable[] {
    const f = this.frames[index];
    const unit = f?.scope?.die.unit;
    return this.symbols.program
      .globalVariables()
      .filter((d) => all || !unit || d.unit === unit)
      .map((d) => this.display(undefined, this.evaluator.variable(d, d.attrs.has(DW_AT.external) ? 'global' : 'static')));
  }

  /** The innermost variable called `name` visible from frame `index`. */
  lookup(name: string, index = 0): Variable | undefined {
    const f = this.frames[index];
    if (f) {
      const local = this.evaluator.locals(f).find((v) => v.name === name) ?? this.evaluator.parameters(f).find((v) => v.name === name);
      if (local) return local;
    }
    const globals = this.symbols.program.globalVariables().filter((d) => dieName(this.symbols.program, d) === name);
    const unit = f?.scope?.die.unit;
    const pick = globals.find((d) => d.unit === unit) ?? globals.find((d) => d.attrs.has(DW_AT.external)) ?? globals[0];
    return pick ? this.evaluator.variable(pick, pick.attrs.has(DW_AT.external) ? 'global' : 'static') : undefined;
  }

  /** Evaluates a C expression in frame `index`; the text is what gdb's `print` shows after "$N = ". */
  evaluate(expression: string, index = 0): EvalResult {
    const evaluator = this.evaluatorFor(index);
    try {
      const ast = parseCExpr(expression, (n) => this.symbols.typeNamed(n) !== undefined);
      const value = evaluator.evaluate(ast);
      return { ok: true, value, text: formatTopLevel(value, this.formatEnv), type: typeName(value.type) };
    } catch (e) {
      if (e instanceof CExprError || e instanceof MemoryError || e instanceof SymbolsError) return { ok: false, error: e.message };
      return { ok: false, error: `internal error: ${(e as Error).message}` };
    }
  }

  private evaluatorFor(index: number): CEvaluator {
    const frame = this.frames[index];
    return new CEvaluator({
      variable: (name) => {
        const v = this.lookup(name, index);
        return v && this.evaluator.read(frame, v);
      },
      func: (name) => {
        const fn = this.symbols.program.functions.find((f) => f.name === name);
        if (!fn) return undefined;
        return { address: fn.ranges[0].start, type: this.symbols.types.typeAt(fn.die.offset) };
      },
      enumerator: (name) => this.symbols.enumerator(name),
      register: (name) => this.register(name, frame),
      typeNamed: (name) => this.symbols.typeNamed(name),
      readMemory: (a, s) => this.mem.read(a, s),
    });
  }

  /**
   * The children of a value, for expanding it in a variables view: struct
   * and union members, array elements (the first 1000), and the pointed-to
   * object of a non-void, non-function pointer (named `*name`).
   */
  children(v: Value, name = ''): ValueChild[] {
    const r = resolved(v.type);
    const child = (n: string, raw: Value): ValueChild => ({ name: n, type: typeName(raw.type), value: formatValue(raw, this.formatEnv), raw });
    if (v.error || isFullyMissing(v)) return [];
    if (r.kind === 'struct' || r.kind === 'union') {
      return r.members.map((m) => child(m.name ?? '', subValue(v, m.type, m.byteOffset, m.bitSize, m.bitOffset)));
    }
    if (r.kind === 'array') {
      const size = sizeOf(r.element);
      const n = Math.min(r.count ?? 0, MAX_CHILDREN);
      const out: ValueChild[] = [];
      for (let i = 0; i < n; i++) out.push(child(`[${i}]`, subValue(v, r.element, i * size)));
      return out;
    }
    if (r.kind === 'pointer') {
      const target = resolved(r.target);
      if (target.kind === 'void' || target.kind === 'function' || isPartlyMissing(v)) return [];
      const address = Number(bytesToBigInt(v.bytes, false));
      const size = sizeOf(r.target);
      const bytes = size > 0 && size <= MAX_VALUE_SIZE ? this.mem.read(address, size) : undefined;
      const raw: Value = bytes ? { type: r.target, bytes: bytes.slice(), address } : { type: r.target, bytes: new Uint8Array(0), error: new MemoryError(address).message };
      return [child(`*${name}`, raw)];
    }
    return [];
  }

  /**
   * A breakpoint condition: true/false by C truth of the expression, or the
   * error text (gdb stops and reports it when a condition cannot be evaluated).
   */
  condition(expression: string, index = 0): boolean | { error: string } {
    const r = this.evaluate(expression, index);
    if (!r.ok) return { error: r.error };
    const t = resolved(r.value.type);
    if (t.kind === 'struct' || t.kind === 'union' || t.kind === 'array' || t.kind === 'void') return { error: 'condition is not a scalar' };
    if (t.kind === 'base' && t.encoding === 'float') return floatOf(r.value) !== 0;
    return r.value.bytes.some((b) => b !== 0);
  }

  /** `ptype EXPR` text (after "type = "), or an error message. */
  ptype(expression: string, index = 0): EvalResult {
    const spec = parseTypeName(expression, (n) => this.symbols.typeNamed(n) !== undefined);
    if (spec) {
      try {
        const t = this.evaluatorFor(index).specType(spec);
        return { ok: true, value: { type: t, bytes: new Uint8Array(0) }, text: ptype(t), type: typeName(t) };
      } catch (e) {
        return { ok: false, error: (e as Error).message };
      }
    }
    const r = this.evaluate(expression, index);
    if (!r.ok) return r;
    return { ...r, text: ptype(r.value.type) };
  }

  private register(name: string, frame: StackFrame | undefined): Value | undefined {
    if (!frame) return undefined;
    const codePtr: CType = { kind: 'pointer', size: 4, target: { kind: 'function', returns: { kind: 'void' }, params: [], varargs: false, prototyped: false } };
    const dataPtr: CType = { kind: 'pointer', size: 4, target: { kind: 'void' } };
    const long: CType = { kind: 'base', name: 'long', size: 4, encoding: 'signed' };
    if (name === 'pc') return valueFromBigInt(codePtr, BigInt(frame.pc));
    let n = REG_NAMES.indexOf(name);
    if (name === 'fp') n = 8;
    if (n < 0 && /^x([0-9]|[12][0-9]|3[01])$/.test(name)) n = Number(name.slice(1));
    if (n < 0) return undefined;
    const v = n === 0 ? 0 : frame.physical.regs[n];
    const type = n === 1 ? codePtr : n === 2 || n === 3 || n === 4 || n === 8 ? dataPtr : long;
    if (v === undefined) return { type, bytes: new Uint8Array(4), missing: new Uint8Array(4).fill(1) };
    return valueFromBigInt(type, BigInt(v >>> 0));
  }

  /** The function scope containing a frame (for callers that need DWARF details). */
  frameFunction(index: number): Scope | undefined {
    let s = this.frames[index]?.scope;
    while (s && s.kind !== 'function') s = s.parent;
    return s;
  }
}

function sameValueBytes(a: Value, b: Value): boolean {
  if (a.bytes.length !== b.bytes.length) return false;
  for (let i = 0; i < a.bytes.length; i++) if (a.bytes[i] !== b.bytes[i]) return false;
  return true;
}

