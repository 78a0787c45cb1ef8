// Stack unwinder: from the registers of the stopped hart, recovers each
// caller's registers with the .debug_frame rules (exact at every
// instruction, prologues and epilogues included). Where a pc has no CFI it
// falls back to ra (innermost frame) or the s0 frame-pointer chain that
// GCC's -fno-omit-frame-pointer prologues build (saved ra at fp-4, saved
// fp at fp-8).
import { evaluateValue, ExprContext } from './expr';
import { Fde, findFde, rulesAt } from './cfi';

export interface MemoryReader {
  /** `size` bytes at `address`, or undefined when unmapped/unknown. */
  read(address: number, size: number): Uint8Array | undefined;
}

/** x0..x31 by index; undefined where a register's value is not known in this frame. */
export type RegisterValues = Array<number | undefined>;

export interface PhysicalFrame {
  /** Index from the innermost frame (0). */
  index: number;
  pc: number;
  regs: RegisterValues;
  /** Canonical frame address (the caller's sp at the call), when CFI gave one. */
  cfa: number | undefined;
  /** How this frame's caller was found. */
  unwoundBy: 'cfi' | 'ra' | 'framePointer' | 'none';
}

const RA = 1;
const SP = 2;
const FP = 8;

function u32(mem: MemoryReader, addr: number): number | undefined {
  const b = mem.read(addr >>> 0, 4);
  if (!b || b.length < 4) return undefined;
  return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
}

export function exprContextFor(regs: RegisterValues, mem: MemoryReader): ExprContext {
  return {
    addrSize: 4,
    readRegister: (n) => (n === 0 ? 0 : n < 32 ? regs[n] : undefined),
    readMemory: (a, s) => mem.read(a, s),
  };
}

export interface CallerResult {
  cfa: number | undefined;
  regs: RegisterValues;
  pc: number | undefined;
  by: PhysicalFrame['unwoundBy'];
}

/** Registers of the caller of a frame at `pc` with `regs`; `lookupPc` is pc-1 for frames that are mid-call. */
export function unwindOne(fdes: readonly Fde[], pc: number, lookupPc: number, regs: RegisterValues, mem: MemoryReader, innermost: boolean): CallerResult {
  const fde = findFde(fdes, lookupPc);
  if (fde) {
    try {
      const rules = rulesAt(fde, lookupPc);
      const ctx = exprContextFor(regs, mem);
      let cfa: number | undefined;
      if (rules.cfa.kind === 'regOffset') {
        const base = rules.cfa.reg === 0 ? 0 : regs[rules.cfa.reg];
        cfa = base === undefined ? undefined : (base + rules.cfa.offset) >>> 0;
      } else cfa = Number(evaluateValue(rules.cfa.expr, ctx));
      if (cfa === undefined) return { cfa, regs: [], pc: undefined, by: 'none' };
      const caller: RegisterValues = regs.slice();
      for (const [reg, rule] of rules.regs) {
        if (reg >= 32) continue;
        switch (rule.kind) {
          case 'undefined': caller[reg] = undefined; break;
          case 'sameValue': break;
          case 'offset': caller[reg] = u32(mem, cfa + rule.offset); break;
          case 'valOffset': caller[reg] = (cfa + rule.offset) >>> 0; break;
          case 'register': caller[reg] = regs[rule.reg]; break;
          case 'expression': {
            const addr = Number(evaluateValue(rule.expr, ctx, [BigInt(cfa)]));
            caller[reg] = u32(mem, addr);
            break;
          }
          case 'valExpression': caller[reg] = Number(BigInt.asUintN(32, evaluateValue(rule.expr, ctx, [BigInt(cfa)]))); break;
        }
      }
      caller[SP] = cfa;
      const ra = rules.returnAddressRegister;
      const callerPc = caller[ra] ?? (ra === RA ? undefined : regs[RA]);
      return { cfa, regs: caller, pc: callerPc, by: 'cfi' };
    } catch {
      // fall through to the heuristics below
    }
  }
  if (innermost && regs[RA] !== undefined) {
    // No CFI: assume a leaf that has not touched sp or ra.
    return { cfa: regs[SP], regs: regs.slice(), pc: regs[RA], by: 'ra' };
  }
  const fp = regs[FP];
  const sp = regs[SP];
  if (fp !== undefined && sp !== undefined && fp > sp && (fp & 3) === 0) {
    const savedRa = u32(mem, fp - 4);
    const savedFp = u32(mem, fp - 8);
    if (savedRa !== undefined) {
      const caller = regs.slice();
      caller[SP] = fp;
      caller[FP] = savedFp;
      caller[RA] = savedRa;
      return { cfa: fp, regs: caller, pc: savedRa, by: 'framePointer' };
    }
  }
  void pc;
  return { cfa: undefined, regs: [], pc: undefined, by: 'none' };
}

export interface UnwindOptions {
  maxFrames?: number;
  /** Stop after the frame for which this returns true (gdb stops at main). */
  isOutermost?: (pc: number, lookupPc: number) => boolean;
  /** pc lies in known code (stops unwinding into garbage). */
  isCode?: (pc: number) => boolean;
  /** Both pcs are in the same function (a heuristic unwind that lands in its own function is a loop). */
  sameFunction?: (a: number, b: number) => boolean;
}

export function unwindStack(fdes: readonly Fde[], pc: number, regs: RegisterValues, mem: MemoryReader, opts: UnwindOptions = {}): PhysicalFrame[] {
  const max = opts.maxFrames ?? 256;
  const frames: PhysicalFrame[] = [];
  let curPc = pc >>> 0;
  let curRegs = regs.slice(0, 32);
  curRegs[0] = 0;
  for (let i = 0; i < max; i++) {
    const lookupPc = i === 0 ? curPc : curPc - 1;
    const next = unwindOne(fdes, curPc, lookupPc, curRegs, mem, i === 0);
    frames.push({ index: i, pc: curPc, regs: curRegs, cfa: next.cfa, unwoundBy: next.by });
    if (opts.isOutermost?.(curPc, lookupPc)) break;
    if (next.pc === undefined || next.pc === 0 || next.by === 'none') break;
    if (opts.isCode && !opts.isCode(next.pc)) break;
    const oldSp = curRegs[SP] ?? 0;
    const newSp = next.regs[SP] ?? 0;
    // The stack grows down: a caller's sp below ours, or no progress at all, means a loop.
    if (newSp < oldSp || (newSp === oldSp && next.pc === curPc)) break;
    if (i > 0 && newSp === oldSp && next.by !== 'cfi') break;
    if (next.by !== 'cfi' && opts.sameFunction?.(curPc, next.pc)) break;
    curPc = next.pc >>> 0;
    curRegs = next.regs;
  }
  return frames;
}
