// Public surface of the symbols layer: load an RV32 ELF once, then answer
// the debug adapter's questions (source positions, breakpoint addresses,
// stepping ranges, function addresses) and, at a stop, unwind the stack and
// read/format variables and C expressions like gdb does.
import { readDebugFrame, Fde } from './cfi';
import { DW_AT as DW_AT_, DW_TAG as DW_TAG_ } from './constants';
import { Die, attrAddress, attrConst, attrString, isLocList } from './info';
import { Program } from './program';
import { Scope, scopeChain } from './scopes';
import { CType, TypeReader, baseTypeName, resolved } from './types';
import { FrameEvaluator } from './frames';
import { MemoryReader, RegisterValues, unwindStack } from './unwind';
import { StopContext } from './stop';
import { inRanges } from './ranges';

// Local aliases keep constant lookups off the module-export accessors in hot loops.
const DW_AT = DW_AT_;
const DW_TAG = DW_TAG_;

export type { StackFrame, Variable } from './frames';
export { StopContext };
export type { DisplayedVariable, EvalResult } from './stop';
export type { MemoryReader, RegisterValues } from './unwind';
export type { Value } from './values';
export type { CType } from './types';
export { SymbolsError } from './reader';

export interface InlineLevel {
  function: string;
  file: string | undefined;
  line: number | undefined;
  column: number | undefined;
}

export interface SourceInfo {
  file: string | undefined;
  line: number | undefined;
  column: number | undefined;
  function: string | undefined;
  /** Innermost first: inlined calls, then the containing function (as `addr2line -i`). */
  inlineChain: InlineLevel[];
}

export const NO_DEBUG_INFO_MESSAGE = 'No DWARF debug information in this ELF (stripped, or built without -g): source-level debugging is unavailable; disassembly, registers and memory still work.';

/** Loads symbols from an ELF image. Throws SymbolsError only when the bytes are not an RV32 ELF at all. */
export function loadSymbols(bytes: Uint8Array): Symbols {
  return new Symbols(new Program(bytes));
}

export class Symbols {
  readonly types: TypeReader;
  readonly fdes: Fde[];
  /** Set when the ELF has no line or debug info: one clear message for the user. */
  readonly noDebugInfoMessage: string | undefined;
  private typeIndex: Map<string, CType> | undefined;

  constructor(readonly program: Program) {
    const warn = (m: string): void => {
      if (program.warnings.length < 1000) program.warnings.push(m);
    };
    this.types = new TypeReader(program, warn);
    this.fdes = readDebugFrame(program.sections.frame, 4, warn);
    this.noDebugInfoMessage = program.units.length === 0 && program.lines.spans.length === 0 ? NO_DEBUG_INFO_MESSAGE : undefined;
  }

  get warnings(): readonly string[] {
    return this.program.warnings;
  }

  get entry(): number {
    return this.program.elf.entry;
  }

  /**
   * Source position, function and inline chain for `pc`. The position follows
   * gdb (an is_stmt row wins among rows at one address); with `lastRow` it is
   * the last row at that address, which is what addr2line reports.
   */
  sourceAt(pc: number, opts: { lastRow?: boolean } = {}): SourceInfo {
    const span = this.program.lines.spanAt(pc);
    const pos = span && (opts.lastRow ? span.lastRow : span);
    const fn = this.program.functionAt(pc);
    const chain: InlineLevel[] = [];
    if (fn) {
      let file = pos?.file;
      let line = pos?.line;
      let column = pos?.column;
      for (const s of scopeChain(fn, pc)) {
        if (s.kind === 'block') continue;
        chain.push({ function: s.name, file, line, column });
        file = s.callFile;
        line = s.callLine;
        column = s.callColumn;
      }
    } else {
      const sym = this.program.symbolAt(pc, ['function', 'notype']);
      if (sym) chain.push({ function: sym.symbol.name, file: pos?.file, line: pos?.line, column: pos?.column });
    }
    return { file: pos?.file, line: pos?.line, column: pos?.column, function: chain[0]?.function, inlineChain: chain };
  }

  /** Address range [start, end) of the source line containing `pc`, for stepping. */
  lineRange(pc: number): { start: number; end: number } | undefined {
    return this.program.lines.lineRangeAt(pc);
  }

  /** All source files named by the line tables. */
  sourceFiles(): string[] {
    return this.program.lines.files();
  }

  /**
   * Breakpoint addresses for `file:line` as gdb places them: the is_stmt
   * addresses of that line (or of the next line with code), one per block.
   * `line` in the result is the line actually used.
   */
  breakpointAddresses(file: string, line: number): { file: string; line: number; addresses: number[] } | undefined {
    const lines = this.program.lines;
    const resolvedFile = lines.resolveFile(file);
    if (!resolvedFile) return undefined;
    let useLine = line;
    let addrs = lines.stmtAddresses(resolvedFile, line);
    if (addrs.length === 0) {
      const next = lines.nextLineWithCode(resolvedFile, line);
      if (next === undefined) return undefined;
      useLine = next;
      addrs = lines.stmtAddresses(resolvedFile, next);
    }
    // One location per innermost block (gdb drops later addresses of a line within the same block).
    const seen = new Set<Scope | undefined>();
    const out: number[] = [];
    for (const a of addrs) {
      const fn = this.program.functionAt(a);
      const block = fn ? scopeChain(fn, a)[0] : undefined;
      if (block && seen.has(block)) continue;
      seen.add(block);
      // A breakpoint at a function's first address goes after its prologue, as gdb does.
      out.push(fn && fn.ranges[0].start === a ? this.afterPrologue(fn) : a);
    }
    return { file: resolvedFile, line: useLine, addresses: [...new Set(out)] };
  }

  private readonly locationsValid = new Map<Die['unit'], boolean>();

  /**
   * gdb trusts variable locations at a function's first instruction (and so
   * does not skip the prologue) in units from GCC >= 4.5 that use location
   * lists: optimized code, where the "prologue" is scheduled code.
   */
  private unitLocationsValid(unit: Die['unit']): boolean {
    const hit = this.locationsValid.get(unit);
    if (hit !== undefined) return hit;
    const producer = attrString(unit, unit.root.attrs.get(DW_AT.producer)) ?? '';
    const m = /^GNU \S+ (\d+)\.(\d+)/.exec(producer);
    const gccOk = !!m && (Number(m[1]) > 4 || (Number(m[1]) === 4 && Number(m[2]) >= 5));
    let hasLoclist = false;
    const stack: Die[] = [unit.root];
    while (gccOk && !hasLoclist && stack.length) {
      const d = stack.pop() as Die;
      if (d.tag === DW_TAG.variable || d.tag === DW_TAG.formal_parameter) {
        const loc = d.attrs.get(DW_AT.location);
        if (loc && isLocList(loc)) hasLoclist = true;
      }
      for (const c of d.children) stack.push(c);
    }
    this.locationsValid.set(unit, gccOk && hasLoclist);
    return gccOk && hasLoclist;
  }

  private afterPrologue(fn: Scope): number {
    const start = fn.ranges[0].start;
    if (this.unitLocationsValid(fn.die.unit)) return start;
    const end = fn.ranges[0].end;
    const lines = this.program.lines;
    const first = lines.spanAt(start);
    if (!first) return start;
    // Two line entries at the function's first address mean "no prologue" (gdb's rule).
    if (lines.stmtRowsAt(start) > 1) return start;
    let prologue = first;
    if (prologue.end >= end) return start;
    while (prologue.end < end) {
      const sal = lines.spanAt(prologue.end);
      if (!sal) break;
      if (sal.line >= prologue.line && sal.end <= end) break;
      const chain = scopeChain(fn, prologue.end);
      if (chain.some((s) => s.kind === 'inlined')) break;
      prologue = sal;
    }
    return prologue.end < end ? prologue.end : prologue.start;
  }

  /** Address of a function's entry, and where `break NAME` would stop (after the prologue). */
  functionAddress(name: string): { entry: number; breakpoint: number } | undefined {
    const fn = this.program.functions.find((f) => f.name === name && f.kind === 'function');
    if (fn) return { entry: fn.ranges[0].start, breakpoint: this.afterPrologue(fn) };
    const sym = this.program.symbolNamed(name);
    if (sym && sym.kind === 'function') return { entry: sym.value, breakpoint: sym.value };
    return undefined;
  }

  /** `sym+off` for an address, as gdb prints it after a pointer. */
  symbolize(address: number): string | undefined {
    return this.program.symbolize(address);
  }

  /** Unwinds the stack of a hart stopped at `pc` with integer registers `regs` (x0..x31). */
  stop(pc: number, regs: RegisterValues, mem: MemoryReader, opts: { pastMain?: boolean; maxFrames?: number } = {}): StopContext {
    // Like gdb (`set backtrace past-main off`), the stack ends at main unless asked otherwise.
    const isMain = (lookupPc: number): boolean => !opts.pastMain && this.program.functionAt(lookupPc)?.name === 'main';
    const physical = unwindStack(this.fdes, pc, regs, mem, {
      maxFrames: opts.maxFrames,
      isOutermost: (_pc, lookupPc) => isMain(lookupPc),
      // A caller's pc is a return address: its call is the code before it (after a call that never
      // returns, the return address may be past the caller's end, as after _start's call of board_exit).
      isCode: (p) => [p, p - 1].some((q) => this.program.lines.spanAt(q) !== undefined || this.program.symbolAt(q, ['function']) !== undefined),
      sameFunction: (a, b) => {
        const fa = this.program.functionAt(a) ?? this.program.symbolAt(a, ['function', 'notype'])?.symbol;
        const fb = this.program.functionAt(b) ?? this.program.symbolAt(b, ['function', 'notype'])?.symbol;
        return fa !== undefined && fa === fb;
      },
    });
    const frames = FrameEvaluator.expand(this.program, physical);
    return new StopContext(this, mem, frames);
  }

  /** Index of type names (base, typedef, struct/union/enum tags) for casts in expressions. */
  typeNamed(name: string): CType | undefined {
    if (!this.typeIndex) {
      this.typeIndex = new Map();
      for (const u of this.program.units) {
        const stack: Die[] = [u.root];
        while (stack.length) {
          const d = stack.pop() as Die;
          for (const c of d.children) {
            const n = attrString(c.unit, c.attrs.get(DW_AT.name));
            let key: string | undefined;
            if (c.tag === DW_TAG.base_type) key = n && baseTypeName(n);
            else if (c.tag === DW_TAG.typedef) key = n;
            else if (c.tag === DW_TAG.structure_type && n) key = `struct ${n}`;
            else if (c.tag === DW_TAG.union_type && n) key = `union ${n}`;
            else if (c.tag === DW_TAG.enumeration_type && n) key = `enum ${n}`;
            if (key && (!this.typeIndex.has(key) || !c.attrs.has(DW_AT.declaration))) {
              if (!this.typeIndex.has(key) || resolvedIncomplete(this.typeIndex.get(key) as CType)) this.typeIndex.set(key, this.types.typeAt(c.offset));
            }
            if (c.tag === DW_TAG.subprogram || c.tag === DW_TAG.lexical_block) stack.push(c);
          }
        }
      }
    }
    return this.typeIndex.get(name);
  }

  /** Enumerator constant by name (any unit). */
  enumerator(name: string): { type: CType; value: number } | undefined {
    for (const u of this.program.units) {
      const stack: Die[] = [u.root];
      while (stack.length) {
        const d = stack.pop() as Die;
        for (const c of d.children) {
          if (c.tag === DW_TAG.enumeration_type) {
            for (const e of c.children) {
              if (e.tag === DW_TAG.enumerator && attrString(e.unit, e.attrs.get(DW_AT.name)) === name) {
                const t = this.types.typeAt(c.offset);
                const r = resolved(t);
                const v = r.kind === 'enum' ? r.enumerators.find((x) => x.name === name)?.value : attrConst(e.attrs.get(DW_AT.const_value));
                return { type: t, value: v ?? 0 };
              }
            }
          } else if (c.children.length && c.tag !== DW_TAG.structure_type && c.tag !== DW_TAG.union_type) stack.push(c);
        }
      }
    }
    return undefined;
  }
}

function resolvedIncomplete(t: CType): boolean {
  const r = resolved(t);
  return (r.kind === 'struct' || r.kind === 'union') && r.incomplete;
}

/** Entry address (DW_AT_low_pc) of a subprogram DIE. */
export function subprogramEntry(die: Die): number | undefined {
  return attrAddress(die.unit, die.attrs.get(DW_AT.low_pc));
}

export { inRanges };
