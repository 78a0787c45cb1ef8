// Call frame information from .debug_frame (DWARF 5 section 6.4): CIEs and
// FDEs, and the CFA program executed up to a pc to give the rule for the
// canonical frame address and for each register. (GCC for bare-metal RISC-V
// emits .debug_frame, not .eh_frame.)
import { ByteReader, SymbolsError } from './reader';

export type CfaRule = { kind: 'regOffset'; reg: number; offset: number } | { kind: 'expression'; expr: Uint8Array };

export type RegRule =
  | { kind: 'undefined' }
  | { kind: 'sameValue' }
  | { kind: 'offset'; offset: number }
  | { kind: 'valOffset'; offset: number }
  | { kind: 'register'; reg: number }
  | { kind: 'expression'; expr: Uint8Array }
  | { kind: 'valExpression'; expr: Uint8Array };

export interface FrameRules {
  cfa: CfaRule;
  regs: Map<number, RegRule>;
  returnAddressRegister: number;
}

interface Cie {
  codeAlign: number;
  dataAlign: number;
  returnAddressRegister: number;
  initial: Uint8Array;
  addrSize: number;
}

export interface Fde {
  start: number;
  end: number;
  cie: Cie;
  instructions: Uint8Array;
}

/** Parses every FDE of .debug_frame; a malformed entry is reported and skipped. */
export function readDebugFrame(section: Uint8Array, defaultAddrSize: number, warn: (m: string) => void): Fde[] {
  const r = new ByteReader(section);
  const cies = new Map<number, Cie>();
  const fdes: Fde[] = [];
  const readCie = (offset: number): Cie => {
    const hit = cies.get(offset);
    if (hit) return hit;
    const c = new ByteReader(section);
    c.seek(offset);
    let len = c.u32();
    let is64 = false;
    if (len === 0xffffffff) {
      len = c.u64();
      is64 = true;
    }
    const end = c.pos + len;
    if (end > c.end) throw new SymbolsError(`CIE at 0x${offset.toString(16)} runs past the end`);
    const id = is64 ? c.u64() : c.u32();
    if (is64 ? id < 2 ** 52 : id !== 0xffffffff) throw new SymbolsError(`entry at 0x${offset.toString(16)} is not a CIE`);
    const version = c.u8();
    const aug = c.cstring();
    let addrSize = defaultAddrSize;
    if (version >= 4) {
      addrSize = c.u8();
      c.u8();
    }
    const codeAlign = c.uleb();
    const dataAlign = c.sleb();
    const returnAddressRegister = version === 1 ? c.u8() : c.uleb();
    if (aug.startsWith('z')) c.skip(c.uleb());
    else if (aug !== '') throw new SymbolsError(`CIE at 0x${offset.toString(16)}: unknown augmentation '${aug}'`);
    const cie: Cie = { codeAlign, dataAlign, returnAddressRegister, initial: section.subarray(c.pos, end), addrSize };
    cies.set(offset, cie);
    return cie;
  };
  while (r.pos + 4 <= r.end) {
    const offset = r.pos;
    let len = r.u32();
    let is64 = false;
    if (len === 0) continue;
    if (len === 0xffffffff) {
      len = r.u64();
      is64 = true;
    }
    const end = r.pos + len;
    if (end > r.end || len < 4) {
      warn(`.debug_frame entry at 0x${offset.toString(16)}: bad length; remaining entries skipped`);
      break;
    }
    try {
      const id = is64 ? r.u64() : r.u32();
      const isCie = is64 ? id > 2 ** 52 : id === 0xffffffff;
      if (!isCie) {
        const cie = readCie(id);
        const start = r.unsigned(cie.addrSize);
        const range = r.unsigned(cie.addrSize);
        fdes.push({ start, end: start + range, cie, instructions: section.subarray(r.pos, end) });
      }
    } catch (e) {
      warn(`.debug_frame entry at 0x${offset.toString(16)}: ${(e as Error).message}; entry skipped`);
    }
    r.seek(end);
  }
  fdes.sort((a, b) => a.start - b.start);
  return fdes;
}

export function findFde(fdes: readonly Fde[], pc: number): Fde | undefined {
  let lo = 0;
  let hi = fdes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const f = fdes[mid];
    if (pc < f.start) hi = mid - 1;
    else if (pc >= f.end) lo = mid + 1;
    else return f;
  }
  return undefined;
}

const MAX_INSTRUCTIONS = 100000;

/** Runs the CIE's initial instructions, then the FDE's up to (not past) `pc`. */
export function rulesAt(fde: Fde, pc: number): FrameRules {
  const cie = fde.cie;
  const state = { cfa: { kind: 'regOffset', reg: 2, offset: 0 } as CfaRule, regs: new Map<number, RegRule>() };
  let initialRegs = new Map<number, RegRule>();
  const stateStack: Array<{ cfa: CfaRule; regs: Map<number, RegRule> }> = [];
  let loc = fde.start;
  const run = (code: Uint8Array, stopAtPc: boolean): void => {
    const r = new ByteReader(code);
    for (let n = 0; r.pos < r.end; n++) {
      if (n > MAX_INSTRUCTIONS) throw new SymbolsError('CFA program too long');
      const byte = r.u8();
      const high = byte & 0xc0;
      const low = byte & 0x3f;
      let advance = -1;
      if (high === 0x40) advance = low * cie.codeAlign;
      else if (high === 0x80) {
        state.regs.set(low, { kind: 'offset', offset: r.uleb() * cie.dataAlign });
        continue;
      } else if (high === 0xc0) {
        restore(low);
        continue;
      } else {
        switch (byte) {
          case 0x00: break;
          case 0x01: {
            const newLoc = r.unsigned(cie.addrSize);
            if (stopAtPc && newLoc > pc) return;
            loc = newLoc;
            break;
          }
          case 0x02: advance = r.u8() * cie.codeAlign; break;
          case 0x03: advance = r.u16() * cie.codeAlign; break;
          case 0x04: advance = r.u32() * cie.codeAlign; break;
          case 0x05: { const reg = r.uleb(); state.regs.set(reg, { kind: 'offset', offset: r.uleb() * cie.dataAlign }); break; }
          case 0x06: restore(r.uleb()); break;
          case 0x07: state.regs.set(r.uleb(), { kind: 'undefined' }); break;
          case 0x08: state.regs.set(r.uleb(), { kind: 'sameValue' }); break;
          case 0x09: { const reg = r.uleb(); state.regs.set(reg, { kind: 'register', reg: r.uleb() }); break; }
          case 0x0a:
            if (stateStack.length > 1000) throw new SymbolsError('CFA remember_state too deep');
            stateStack.push({ cfa: state.cfa, regs: new Map(state.regs) });
            break;
          case 0x0b: {
            const s = stateStack.pop();
            if (s) {
              state.cfa = s.cfa;
              state.regs = s.regs;
            }
            break;
          }
          case 0x0c: { const reg = r.uleb(); state.cfa = { kind: 'regOffset', reg, offset: r.uleb() }; break; }
          case 0x0d: { const reg = r.uleb(); state.cfa = { kind: 'regOffset', reg, offset: state.cfa.kind === 'regOffset' ? state.cfa.offset : 0 }; break; }
          case 0x0e: { const off = r.uleb(); state.cfa = { kind: 'regOffset', reg: state.cfa.kind === 'regOffset' ? state.cfa.reg : 2, offset: off }; break; }
          case 0x0f: state.cfa = { kind: 'expression', expr: r.bytesN(r.uleb()) }; break;
          case 0x10: { const reg = r.uleb(); state.regs.set(reg, { kind: 'expression', expr: r.bytesN(r.uleb()) }); break; }
          case 0x11: { const reg = r.uleb(); state.regs.set(reg, { kind: 'offset', offset: r.sleb() * cie.dataAlign }); break; }
          case 0x12: { const reg = r.uleb(); state.cfa = { kind: 'regOffset', reg, offset: r.sleb() * cie.dataAlign }; break; }
          case 0x13: { const off = r.sleb() * cie.dataAlign; state.cfa = { kind: 'regOffset', reg: state.cfa.kind === 'regOffset' ? state.cfa.reg : 2, offset: off }; break; }
          case 0x14: { const reg = r.uleb(); state.regs.set(reg, { kind: 'valOffset', offset: r.uleb() * cie.dataAlign }); break; }
          case 0x15: { const reg = r.uleb(); state.regs.set(reg, { kind: 'valOffset', offset: r.sleb() * cie.dataAlign }); break; }
          case 0x16: { const reg = r.uleb(); state.regs.set(reg, { kind: 'valExpression', expr: r.bytesN(r.uleb()) }); break; }
          case 0x2e: r.uleb(); break; // GNU_args_size
          case 0x2f: { const reg = r.uleb(); state.regs.set(reg, { kind: 'offset', offset: -r.uleb() * cie.dataAlign }); break; }
          default: throw new SymbolsError(`unsupported CFA instruction 0x${byte.toString(16)}`);
        }
      }
      if (advance >= 0) {
        if (stopAtPc && loc + advance > pc) return;
        loc += advance;
      }
    }
  };
  const restore = (reg: number): void => {
    const init = initialRegs.get(reg);
    if (init) state.regs.set(reg, init);
    else state.regs.delete(reg);
  };
  run(cie.initial, false);
  initialRegs = new Map(state.regs);
  run(fde.instructions, true);
  return { cfa: state.cfa, regs: state.regs, returnAddressRegister: cie.returnAddressRegister };
}
