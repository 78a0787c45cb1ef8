// Source-level frames and variables: expands each unwound (physical) frame
// into its inline chain as gdb shows it, finds the variables in scope at a
// frame's pc, and evaluates their locations (frame base, CFA, location lists,
// DW_OP_entry_value through the caller's call-site parameters).
import { DW_AT as DW_AT_, DW_TAG as DW_TAG_ } from './constants';
import { evaluateLocation, evaluateValue, ExprContext, Location, UnavailableError } from './expr';
import { Die, attrAddress, attrBlock, attrConst, attrRef, attrString, isLocList, loclistOffset } from './info';
import { locationAt, readLoclist } from './loc';
import { Program } from './program';
import { Scope, dieName, fileName, inheritedAttr, originOf, scopeChain } from './scopes';
import { CType, TypeReader, resolved, sizeOf } from './types';
import { MemoryReader, PhysicalFrame } from './unwind';
import { MAX_VALUE_SIZE, MemoryError, Value, ValueTooLargeError, readValue, valueFromBigInt } from './values';

// Local aliases keep constant lookups off the module-export accessors in hot loops.
const DW_AT = DW_AT_;
const DW_TAG = DW_TAG_;

export interface StackFrame {
  /** Index as gdb numbers frames (inline frames count). */
  index: number;
  physical: PhysicalFrame;
  /** The pc shown for the frame (the return address for callers). */
  pc: number;
  /** pc used for lookups: pc - 1 in caller frames, so a call at a function's end still maps inside it. */
  lookupPc: number;
  functionName: string | undefined;
  file: string | undefined;
  line: number | undefined;
  column: number | undefined;
  /** The function or inlined-subroutine scope, when DWARF describes the code. */
  scope: Scope | undefined;
  /** Lexical blocks between pc and `scope`, innermost first. */
  blocks: Scope[];
  /** True when this frame is an inlined call inside the next outer frame. */
  inlined: boolean;
}

export type VariableKind = 'local' | 'parameter' | 'static' | 'global';

export interface Variable {
  name: string;
  kind: VariableKind;
  die: Die;
  type: CType;
  /** For locals: 0 for the innermost block at pc, 1 for the block around it, ... */
  blockDepth?: number;
}

export class FrameEvaluator {
  constructor(
    readonly program: Program,
    readonly types: TypeReader,
    readonly mem: MemoryReader,
    readonly frames: StackFrame[],
  ) {}

  /** Expands physical frames into gdb-style frames (inline chains innermost first). */
  static expand(program: Program, physical: PhysicalFrame[]): StackFrame[] {
    const out: StackFrame[] = [];
    for (const p of physical) {
      const lookupPc = p.index === 0 ? p.pc : p.pc - 1;
      const fn = program.functionAt(lookupPc);
      const pos = program.lines.positionAt(lookupPc);
      if (!fn) {
        out.push({ index: out.length, physical: p, pc: p.pc, lookupPc, functionName: program.symbolAt(lookupPc, ['function', 'notype'])?.symbol.name, file: pos?.file, line: pos?.line, column: pos?.column, scope: undefined, blocks: [], inlined: false });
        continue;
      }
      const chain = scopeChain(fn, lookupPc);
      let file = pos?.file;
      let line = pos?.line;
      let column = pos?.column;
      let blocks: Scope[] = [];
      for (const s of chain) {
        if (s.kind === 'block') {
          blocks.push(s);
          continue;
        }
        out.push({ index: out.length, physical: p, pc: p.pc, lookupPc, functionName: s.name, file, line, column, scope: s, blocks, inlined: s.kind === 'inlined' });
        blocks = [];
        file = s.callFile;
        line = s.callLine;
        column = s.callColumn;
      }
    }
    return out;
  }

  /** Parameters of the frame's function, in declaration order. */
  parameters(frame: StackFrame): Variable[] {
    if (!frame.scope) return [];
    return frame.scope.variables.filter((d) => d.tag === DW_TAG.formal_parameter).map((d) => this.variable(d, 'parameter'));
  }

  /** Locals visible at the frame's pc: innermost block first, as gdb's `info locals` lists them. */
  locals(frame: StackFrame): Variable[] {
    if (!frame.scope) return [];
    const out: Variable[] = [];
    [...frame.blocks, frame.scope].forEach((s, depth) => {
      for (const d of s.variables) {
        if (d.tag !== DW_TAG.variable) continue;
        out.push({ ...this.variable(d, this.isStatic(d) ? 'static' : 'local'), blockDepth: depth });
      }
    });
    return out;
  }

  private isStatic(d: Die): boolean {
    const loc = inheritedAttr(this.program, d, DW_AT.location);
    const block = loc && attrBlock(loc.attr);
    return !!block && block.length > 0 && (block[0] === 0x03 || block[0] === 0xa1);
  }

  variable(die: Die, kind: VariableKind): Variable {
    const typeHolder = inheritedAttr(this.program, die, DW_AT.type);
    return { name: dieName(this.program, die) ?? '<anonymous>', kind, die, type: typeHolder ? this.types.typeOf(typeHolder.die) : { kind: 'unknown', name: '<unknown type>' } };
  }

  /** Register/memory context of a frame for DWARF expressions. */
  exprContext(frame: StackFrame, depth = 0): ExprContext {
    const p = frame.physical;
    const ctx: ExprContext = {
      addrSize: 4,
      readRegister: (n) => (n === 0 ? 0 : n < 32 ? p.regs[n] : undefined),
      readMemory: (a, s) => this.mem.read(a, s),
      cfa: () => p.cfa,
      frameBase: () => this.frameBase(frame, ctx),
      entryValue: (expr) => (depth > 4 ? undefined : this.entryValue(frame, expr, depth)),
      addrIndex: (i) => {
        const unit = frame.scope?.die.unit;
        if (!unit) throw new UnavailableError('no unit for DW_OP_addrx');
        return attrAddress(unit, { form: 0x1b, raw: i }) ?? 0;
      },
      baseType: (off) => {
        const unit = frame.scope?.die.unit;
        if (!unit) return undefined;
        const t = resolved(this.types.typeAt(unit.offset + off));
        if (t.kind !== 'base') return undefined;
        return { size: t.size, signed: t.encoding === 'signed' || t.encoding === 'signed_char' };
      },
    };
    return ctx;
  }

  private frameBase(frame: StackFrame, ctx: ExprContext): number | undefined {
    let s = frame.scope;
    while (s && s.kind !== 'function') s = s.parent;
    if (!s) return undefined;
    const fb = s.die.attrs.get(DW_AT.frame_base);
    if (!fb) return undefined;
    let expr = attrBlock(fb);
    if (!expr && isLocList(fb)) {
      const off = loclistOffset(s.die.unit, fb);
      expr = off === undefined ? undefined : locationAt(readLoclist(s.die.unit, off), frame.lookupPc);
    }
    if (!expr) return undefined;
    return Number(BigInt.asUintN(32, evaluateValue(expr, { ...ctx, frameBase: undefined })));
  }

  /**
   * DW_OP_entry_value: the value `expr` (a register location) had when the
   * physical function of `frame` was entered, from the caller's
   * DW_TAG_call_site_parameter evaluated in the caller (as gdb resolves it).
   */
  private entryValue(frame: StackFrame, expr: Uint8Array, depth: number): bigint | undefined {
    const callee = this.frames.find((f) => f.physical === frame.physical && !f.inlined);
    const caller = this.frames.find((f) => f.physical.index === frame.physical.index + 1);
    const calleeFn = this.program.functionAt(frame.lookupPc);
    if (!callee || !caller || !calleeFn) return undefined;
    const callerFn = this.program.functionAt(caller.lookupPc);
    if (!callerFn) return undefined;
    const site = findCallSite(callerFn.die, caller.pc);
    if (!site) return undefined;
    // The call must target the function this frame is in (gdb checks the same).
    const originRef = attrRef(site.attrs.get(DW_AT.call_origin)) ?? attrRef(site.attrs.get(DW_AT.abstract_origin));
    const targetExpr = attrBlock(site.attrs.get(DW_AT.call_target)) ?? attrBlock(site.attrs.get(DW_AT.GNU_call_site_target));
    if (originRef !== undefined) {
      const target = this.program.dieAt(originRef);
      // Another unit's declaration of the callee is matched by name, as gdb matches it by symbol.
      if (!target) return undefined;
      const same = originOf(this.program, target) === originOf(this.program, calleeFn.die) || dieName(this.program, target) === calleeFn.name;
      if (!same) return undefined;
    } else if (targetExpr) {
      try {
        const addr = evaluateValue(targetExpr, this.exprContext(caller, depth + 1));
        if (Number(addr) !== calleeFn.ranges[0].start) return undefined;
      } catch {
        return undefined;
      }
    } else return undefined;
    for (const p of site.children) {
      if (p.tag !== DW_TAG.call_site_parameter && p.tag !== DW_TAG.GNU_call_site_parameter) continue;
      const loc = attrBlock(p.attrs.get(DW_AT.location));
      if (!loc || !sameBytes(loc, expr)) continue;
      const value = attrBlock(p.attrs.get(DW_AT.call_value)) ?? attrBlock(p.attrs.get(DW_AT.GNU_call_site_value));
      if (!value) return undefined;
      try {
        return evaluateValue(value, this.exprContext(caller, depth + 1));
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  /**
   * A parameter's value on entry (gdb's `name@entry`): known when its location
   * at the function's entry is a single register and the caller's call site
   * says what was passed there.
   */
  parameterEntryValue(frame: StackFrame, v: Variable): Value | undefined {
    const scope = frame.scope;
    if (!scope || scope.ranges.length === 0) return undefined;
    const entryPc = attrAddress(scope.die.unit, scope.die.attrs.get(DW_AT.entry_pc)) ?? attrAddress(scope.die.unit, scope.die.attrs.get(DW_AT.low_pc)) ?? scope.ranges[0].start;
    const locAttr = inheritedAttr(this.program, v.die, DW_AT.location);
    if (!locAttr) return undefined;
    let expr = attrBlock(locAttr.attr);
    if (!expr && isLocList(locAttr.attr)) {
      try {
        const off = loclistOffset(locAttr.die.unit, locAttr.attr);
        expr = off === undefined ? undefined : locationAt(readLoclist(locAttr.die.unit, off), entryPc);
      } catch {
        return undefined;
      }
    }
    if (!expr) return undefined;
    const isReg = (expr.length === 1 && expr[0] >= 0x50 && expr[0] <= 0x6f) || (expr.length >= 2 && expr[0] === 0x90);
    if (!isReg) return undefined;
    const x = this.entryValue(frame, expr, 0);
    if (x === undefined) return undefined;
    return valueFromBigInt(v.type, x);
  }

  /** Location of a variable at the frame's pc (optimizedOut when nothing describes it there). */
  location(frame: StackFrame, v: Variable): Location {
    const locAttr = inheritedAttr(this.program, v.die, DW_AT.location);
    if (!locAttr) return { kind: 'optimizedOut' };
    const unit = locAttr.die.unit;
    let expr = attrBlock(locAttr.attr);
    if (!expr && isLocList(locAttr.attr)) {
      const off = loclistOffset(unit, locAttr.attr);
      expr = off === undefined ? undefined : locationAt(readLoclist(unit, off), frame.lookupPc);
    }
    if (!expr) return { kind: 'optimizedOut' };
    return evaluateLocation(expr, this.exprContext(frame));
  }

  /** The variable's value at this frame (errors and optimized-out parts are recorded in the Value). */
  read(frame: StackFrame | undefined, v: Variable): Value {
    const size = sizeOf(v.type);
    if (!(size >= 0 && size <= MAX_VALUE_SIZE)) return { type: v.type, bytes: new Uint8Array(0), error: new ValueTooLargeError(size).message };
    const constAttr = inheritedAttr(this.program, v.die, DW_AT.const_value);
    if (constAttr) {
      const block = attrBlock(constAttr.attr);
      if (block) {
        const bytes = new Uint8Array(sizeOf(v.type));
        bytes.set(block.subarray(0, bytes.length));
        return { type: v.type, bytes };
      }
      const str = attrString(constAttr.die.unit, constAttr.attr);
      if (str !== undefined) {
        const bytes = new Uint8Array(sizeOf(v.type));
        bytes.set(new TextEncoder().encode(str).subarray(0, bytes.length));
        return { type: v.type, bytes };
      }
      return valueFromBigInt(v.type, BigInt(attrConst(constAttr.attr) ?? 0));
    }
    try {
      const loc = frame ? this.location(frame, v) : this.staticLocation(v);
      return readValue(loc, v.type, frame ? this.exprContext(frame) : { addrSize: 4, readRegister: () => undefined, readMemory: (a, s) => this.mem.read(a, s) });
    } catch (e) {
      if (e instanceof MemoryError) return { type: v.type, bytes: new Uint8Array(sizeOf(v.type)), error: e.message };
      if (e instanceof UnavailableError) {
        const size = sizeOf(v.type);
        return { type: v.type, bytes: new Uint8Array(size), missing: new Uint8Array(size).fill(1) };
      }
      if (this.program.warnings.length < 1000) this.program.warnings.push(`variable ${v.name}: ${(e as Error).message}`);
      return { type: v.type, bytes: new Uint8Array(sizeOf(v.type)), error: (e as Error).message };
    }
  }

  /** Location of a global or static without a frame (DW_OP_addr only). */
  private staticLocation(v: Variable): Location {
    const locAttr = inheritedAttr(this.program, v.die, DW_AT.location);
    const expr = locAttr && attrBlock(locAttr.attr);
    if (!expr) return { kind: 'optimizedOut' };
    return evaluateLocation(expr, { addrSize: 4, readRegister: () => undefined, readMemory: (a, s) => this.mem.read(a, s) });
  }

  /** Source name of the file a declaration is in. */
  declFile(die: Die): string | undefined {
    return fileName(this.program, die.unit, attrConst(die.attrs.get(DW_AT.decl_file)));
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The call-site DIE under `fnDie` whose return address is `returnPc`. */
export function findCallSite(fnDie: Die, returnPc: number): Die | undefined {
  const stack = [fnDie];
  while (stack.length) {
    const d = stack.pop() as Die;
    for (const c of d.children) {
      if (c.tag === DW_TAG.call_site || c.tag === DW_TAG.GNU_call_site) {
        const ret = attrAddress(c.unit, c.attrs.get(DW_AT.call_return_pc)) ?? attrAddress(c.unit, c.attrs.get(DW_AT.low_pc));
        if (ret === returnPc) return c;
      } else if (c.children.length) stack.push(c);
    }
  }
  return undefined;
}
