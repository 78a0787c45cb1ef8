// A read-only view of the machine at the cursor (api.ts: MachineView) for
// the debugger's registers, variables, memory and devices. CSRs come from
// the hart's saved state by number (privileged spec v1.12, table 2.2-2.5);
// virtual addresses are translated with an Sv32 walk (privileged spec 4.3).
import { Machine } from '../machine/machine';
import { MachineView } from './api';

interface CounterFields {
  readonly offsetHi: number;
  readonly offsetLo: number;
  readonly frozenHi: number;
  readonly frozenLo: number;
  readonly inhibited: boolean;
}

interface HartFields {
  readonly csr: Readonly<Record<string, number | readonly number[]>>;
  readonly counters: { readonly cycle: CounterFields; readonly instret: CounterFields };
}

/** misa for RV32IMAC with S and U modes: MXL=1, extensions A, C, I, M, S, U. */
const MISA = (0x40000000 | (1 << 0) | (1 << 2) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20)) >>> 0;
/** The mstatus bits sstatus shows (SIE, SPIE, UBE, SPP, VS, FS, XS, SUM, MXR, SD). */
const SSTATUS_MASK = 0x800de762;

/** CSR numbers that read a field of the hart's saved csr record. */
const CSR_FIELDS: Readonly<Record<number, string>> = {
  0x300: 'mstatus', 0x302: 'medeleg', 0x303: 'mideleg', 0x304: 'mie', 0x305: 'mtvec', 0x306: 'mcounteren',
  0x30a: 'menvcfg', 0x320: 'mcountinhibit', 0x340: 'mscratch', 0x341: 'mepc', 0x342: 'mcause', 0x343: 'mtval',
  0x344: 'mip', 0xf14: 'mhartid', 0x105: 'stvec', 0x106: 'scounteren', 0x10a: 'senvcfg', 0x140: 'sscratch',
  0x141: 'sepc', 0x142: 'scause', 0x143: 'stval', 0x180: 'satp',
};

const TWO32 = 2 ** 32;

function counter(c: CounterFields, icount: number, high: boolean): number {
  if (c.inhibited) return (high ? c.frozenHi : c.frozenLo) >>> 0;
  const lo = (icount % TWO32) + c.offsetLo;
  if (!high) return lo % TWO32;
  return (Math.floor(icount / TWO32) + c.offsetHi + (lo >= TWO32 ? 1 : 0)) % TWO32;
}

function flatten(value: unknown): number | string | boolean {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return JSON.stringify(value) ?? 'null';
}

export function machineView(machine: Machine): MachineView {
  const hart = machine.hart;
  const state = machine.saveState();
  const hartState = state.hart as unknown as HartFields;
  const csrs = hartState.csr;
  const field = (name: string): number => (csrs[name] as number) >>> 0;

  const csr = (number: number): number | undefined => {
    const name = CSR_FIELDS[number];
    if (name !== undefined) return field(name);
    const icount = machine.icount;
    const { cycle, instret } = hartState.counters;
    switch (number) {
      case 0x301: return MISA;
      case 0xf11: case 0xf12: case 0xf13: case 0xf15: return 0;
      case 0x100: return (field('mstatus') & SSTATUS_MASK) >>> 0;
      case 0x104: return (field('mie') & field('mideleg')) >>> 0;
      case 0x144: return (field('mip') & field('mideleg')) >>> 0;
      case 0xb00: case 0xc00: return counter(cycle, icount, false);
      case 0xb80: case 0xc80: return counter(cycle, icount, true);
      case 0xb02: case 0xc02: return counter(instret, icount, false);
      case 0xb82: case 0xc82: return counter(instret, icount, true);
      case 0xc01: return machine.devices.clint.mtime() % TWO32;
      case 0xc81: return Math.floor(machine.devices.clint.mtime() / TWO32) % TWO32;
      default:
        break;
    }
    if (number >= 0x3a0 && number <= 0x3a3) {
      const cfg = csrs.pmpcfg as readonly number[];
      const i = (number - 0x3a0) * 4;
      return ((cfg[i] & 0xff) | ((cfg[i + 1] & 0xff) << 8) | ((cfg[i + 2] & 0xff) << 16) | ((cfg[i + 3] & 0xff) << 24)) >>> 0;
    }
    if (number >= 0x3b0 && number <= 0x3bf) return (csrs.pmpaddr as readonly number[])[number - 0x3b0] >>> 0;
    return undefined;
  };

  const read32 = (paddr: number): number | undefined => {
    try {
      const b = machine.readMemory(paddr, 4);
      return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
    } catch {
      return undefined;
    }
  };

  const translate = (vaddr: number, access: 'read' | 'write' | 'execute'): number | undefined => {
    vaddr >>>= 0;
    const satp = field('satp');
    const mstatus = field('mstatus');
    let mode = hart.privilege;
    // MPRV: loads and stores in M mode use MPP's privilege (privileged spec 3.1.6.3).
    if (access !== 'execute' && mode === 3 && (mstatus & (1 << 17)) !== 0) mode = (mstatus >>> 11) & 3;
    if (mode === 3 || (satp & 0x80000000) === 0) return vaddr;
    let table = (satp & 0x3fffff) * 4096;
    for (let level = 1; level >= 0; level--) {
      const vpn = level === 1 ? vaddr >>> 22 : (vaddr >>> 12) & 0x3ff;
      const pte = read32(table + vpn * 4);
      if (pte === undefined || (pte & 1) === 0 || ((pte & 2) === 0 && (pte & 4) !== 0)) return undefined;
      const r = (pte & 2) !== 0;
      const w = (pte & 4) !== 0;
      const x = (pte & 8) !== 0;
      const ppn = pte >>> 10;
      if (!r && !x) {
        table = ppn * 4096;
        continue;
      }
      const user = (pte & 16) !== 0;
      if (mode === 0 && !user) return undefined;
      if (mode === 1 && user && (access === 'execute' || (mstatus & (1 << 18)) === 0)) return undefined;
      const mxr = (mstatus & (1 << 19)) !== 0;
      if (access === 'read' ? !(r || (mxr && x)) : access === 'write' ? !w : !x) return undefined;
      if (level === 1) {
        if ((ppn & 0x3ff) !== 0) return undefined;
        return (ppn >>> 10) * 2 ** 22 + (vaddr & 0x3fffff);
      }
      return ppn * 4096 + (vaddr & 0xfff);
    }
    return undefined;
  };

  return {
    pc: hart.pc >>> 0,
    regs: Array.from(hart.regs, (r) => r >>> 0),
    privilege: hart.privilege,
    csr,
    readMemory: (paddr, length) => machine.readMemory(paddr, length),
    translate,
    devices: () => {
      const out: Record<string, Record<string, number | string | boolean>> = {};
      for (const [name, saved] of Object.entries(state.devices)) {
        const fields: Record<string, number | string | boolean> = {};
        for (const [key, value] of Object.entries(saved)) if (key !== 'kind' && key !== 'version') fields[key] = flatten(value);
        out[name] = fields;
      }
      return out;
    },
    virtualNs: machine.virtualNs(),
  };
}
