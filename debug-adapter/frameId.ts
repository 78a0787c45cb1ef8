// Frame identity for stepping: which activation an instruction boundary
// belongs to, from (pc, sp) alone, as stepping predicates are called at
// every boundary. A frame is named by its canonical frame address (DWARF 5
// section 6.4): CFA = sp + the frame's size at that pc, read from the
// function's call frame information. Where the CFA rule is s0-based (frame
// pointer), the sp offset is the last sp-based offset before it, since sp
// does not move in the body of a function that keeps a frame pointer.
// Functions without CFI (hand-written assembly, leaf code) get CFA = sp.
import { Fde, findFde, rulesAt } from './symbols/cfi';
import { Symbols } from './symbols/index';

const SP = 2;

export interface FrameId {
  /** Canonical frame address: the caller's sp at the call. */
  readonly cfa: number;
  /** Entry address of the function (outermost, not inlined) holding pc; undefined without debug info or symbols. */
  readonly function: number | undefined;
}

export class FrameLocator {
  private readonly spOffsets = new Map<number, number>();
  private readonly functionStarts = new Map<number, number | undefined>();

  constructor(private readonly symbols: Symbols) {}

  frameAt(pc: number, sp: number): FrameId {
    return { cfa: (sp + this.spOffset(pc)) >>> 0, function: this.functionStart(pc) };
  }

  /** Entry address of the function containing pc. */
  functionStart(pc: number): number | undefined {
    if (this.functionStarts.has(pc)) return this.functionStarts.get(pc);
    const program = this.symbols.program;
    const fn = program.functionAt(pc);
    let start = fn?.ranges[0]?.start;
    if (start === undefined) {
      const sym = program.symbolAt(pc, ['function', 'notype']);
      start = sym ? sym.symbol.value : undefined;
    }
    this.functionStarts.set(pc, start);
    return start;
  }

  /** CFA - sp at pc. */
  spOffset(pc: number): number {
    const hit = this.spOffsets.get(pc);
    if (hit !== undefined) return hit;
    const fde = findFde(this.symbols.fdes, pc);
    const offset = fde ? this.offsetIn(fde, pc) : 0;
    this.spOffsets.set(pc, offset);
    return offset;
  }

  private offsetIn(fde: Fde, pc: number): number {
    try {
      const rule = rulesAt(fde, pc).cfa;
      if (rule.kind === 'regOffset' && rule.reg === SP) return rule.offset;
      // Frame-pointer based: find the sp-based offset in force just before the switch.
      for (let p = pc - 2; p >= fde.start; p -= 2) {
        const earlier = rulesAt(fde, p).cfa;
        if (earlier.kind === 'regOffset' && earlier.reg === SP) return earlier.offset;
      }
    } catch {
      // Unreadable CFI: treat the function as frameless.
    }
    return 0;
  }
}

/** How the frame at a boundary relates to a reference frame. */
export function compareFrames(here: FrameId, reference: FrameId): 'same' | 'inner' | 'outer' {
  if (here.cfa < reference.cfa) return 'inner';
  if (here.cfa > reference.cfa) return 'outer';
  // Equal CFAs in different functions: a frameless callee (its CFA is the caller's sp, not the caller's CFA) or a tail call.
  return here.function === reference.function ? 'same' : 'inner';
}
