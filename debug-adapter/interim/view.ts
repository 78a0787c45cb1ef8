// MachineView (emulator/timetravel/api.ts) over a Machine, for the interim
// engine: registers from the hart, CSRs from the hart's saved state (named
// fields, privileged spec 1.12 numbering), memory through the machine's
// debugger accessors, Sv32 translation (privileged spec 4.3.2) and the
// devices' saved fields. Replaced by the time-travel engine's own view.
import { Machine } from '../../emulator/index';
import { MachineView } from '../../emulator/timetravel/api';

type Fields = Readonly<Record<string, unknown>>;

/** CSR number -> field of the hart's saved `csr` object. */
const CSR_FIELDS: ReadonlyMap<number, string> = new Map([
  [0x300, 'mstatus'], [0x302, 'medeleg'], [0x303, 'mideleg'], [0x304, 'mie'], [0x305, 'mtvec'],
  [0x306, 'mcounteren'], [0x30a, 'menvcfg'], [0x320, 'mcountinhibit'], [0x340, 'mscratch'],
  [0x341, 'mepc'], [0x342, 'mcause'], [0x343, 'mtval'], [0x344, 'mip'], [0xf14, 'mhartid'],
  [0x105, 'stvec'], [0x106, 'scounteren'], [0x10a, 'senvcfg'], [0x140, 'sscratch'], [0x141, 'sepc'],
  [0x142, 'scause'], [0x143, 'stval'], [0x180, 'satp'],
]);
/** misa of the RV32IMAC hart: MXL=1, extensions A C I M S U. */
const MISA = 0x40141105;
/** sstatus is the S-mode window onto mstatus (SIE SPIE UBE SPP VS FS XS SUM MXR SD). */
const SSTATUS_MASK = 0x800de762;
const TWO32 = 2 ** 32;

function num(fields: Fields, name: string): number {
  const v = fields[name];
  return typeof v === 'number' ? v >>> 0 : 0;
}

/** A Zicntr counter from its saved offset: icount + offset (64-bit), or the frozen value when inhibited. */
function counter(state: Fields | undefined, icount: number, high: boolean): number {
  if (!state) return 0;
  if (state.inhibited === true) return num(state, high ? 'frozenHi' : 'frozenLo');
  const sumLo = (icount % TWO32) + num(state, 'offsetLo');
  if (!high) return sumLo % TWO32;
  return (Math.floor(icount / TWO32) + num(state, 'offsetHi') + (sumLo >= TWO32 ? 1 : 0)) % TWO32;
}

export function machineView(machine: Machine): MachineView {
  const hart = machine.hart;
  const saved = hart.saveState() as unknown as Fields;
  const csrs = (saved.csr ?? {}) as Fields;
  const counters = (saved.counters ?? {}) as Readonly<Record<string, Fields>>;
  const icount = machine.icount;
  const regs = Array.from(hart.regs, (x) => x >>> 0);
  const csr = (n: number): number | undefined => {
    const field = CSR_FIELDS.get(n);
    if (field !== undefined) return num(csrs, field);
    if (n === 0x301) return MISA;
    if (n === 0x100) return num(csrs, 'mstatus') & SSTATUS_MASK;
    if (n === 0x104) return num(csrs, 'mie') & num(csrs, 'mideleg');
    if (n === 0x144) return num(csrs, 'mip') & num(csrs, 'mideleg');
    if (n >= 0x3a0 && n <= 0x3a3) {
      const cfg = (csrs.pmpcfg ?? []) as number[];
      const i = (n - 0x3a0) * 4;
      return ((cfg[i] & 0xff) | ((cfg[i + 1] & 0xff) << 8) | ((cfg[i + 2] & 0xff) << 16) | ((cfg[i + 3] & 0xff) << 24)) >>> 0;
    }
    if (n >= 0x3b0 && n <= 0x3bf) return (((csrs.pmpaddr ?? []) as number[])[n - 0x3b0] ?? 0) >>> 0;
    if (n === 0xf11 || n === 0xf12 || n === 0xf13 || n === 0xf15) return 0;
    const high = (n & 0x80) !== 0;
    const base = n & ~0x80;
    if (base === 0xc00 || base === 0xb00) return counter(counters.cycle, icount, high);
    if (base === 0xc02 || base === 0xb02) return counter(counters.instret, icount, high);
    if (base === 0xc01) {
      const mtime = BigInt(Math.floor(machine.virtualNs() / 100));
      return Number(high ? (mtime >> 32n) & 0xffffffffn : mtime & 0xffffffffn);
    }
    return undefined;
  };
  const privilege = hart.privilege;
  const translate = (vaddr: number, access: 'read' | 'write' | 'execute'): number | undefined => {
    vaddr >>>= 0;
    const mstatus = num(csrs, 'mstatus');
    const mprv = access !== 'execute' && (mstatus & (1 << 17)) !== 0;
    const effective = mprv ? (mstatus >>> 11) & 3 : privilege;
    const satp = num(csrs, 'satp');
    if (effective === 3 || satp >>> 31 === 0) return vaddr;
    return sv32Walk(machine, satp, vaddr);
  };
  return {
    pc: hart.pc >>> 0,
    regs,
    privilege,
    csr,
    readMemory: (paddr, length) => machine.readMemory(paddr, length),
    translate,
    devices: () => deviceFields(machine),
    virtualNs: machine.virtualNs(),
  };
}

/** Sv32 two-level walk (privileged spec 4.3.2); undefined for an invalid or unreadable entry. */
function sv32Walk(machine: Machine, satp: number, vaddr: number): number | undefined {
  let table = (satp & 0x3fffff) * 4096;
  for (let level = 1; level >= 0; level--) {
    const vpn = level === 1 ? vaddr >>> 22 : (vaddr >>> 12) & 0x3ff;
    let pte: number;
    try {
      const b = machine.readMemory(table + vpn * 4, 4);
      pte = (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
    } catch {
      return undefined;
    }
    if ((pte & 1) === 0 || ((pte & 2) === 0 && (pte & 4) !== 0)) return undefined;
    const ppn = pte >>> 10;
    if ((pte & 0xa) !== 0) {
      // A leaf: a megapage at level 1 keeps the low 22 bits of the address.
      const base = level === 1 ? (ppn >>> 10) * 2 ** 22 : ppn * 4096;
      const offset = level === 1 ? vaddr & 0x3fffff : vaddr & 0xfff;
      return (base + offset) % TWO32;
    }
    table = ppn * 4096;
  }
  return undefined;
}

/** The devices' saved fields, flattened to what the Devices scope can show. */
function deviceFields(machine: Machine): Record<string, Record<string, number | string | boolean>> {
  const out: Record<string, Record<string, number | string | boolean>> = {};
  const devices = machine.devices;
  const named: Array<[string, { saveState(): object }]> = [
    ['UART', devices.uart],
    ['CLINT', devices.clint],
    ['PLIC', devices.plic],
    ['RTC', devices.rtc],
    ['Test finisher', devices.test],
  ];
  for (const [name, device] of named) {
    const fields: Record<string, number | string | boolean> = {};
    for (const [key, value] of Object.entries(device.saveState())) {
      if (key === 'kind' || key === 'version') continue;
      if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') fields[key] = value;
      else if (value === null) fields[key] = 'none';
      else fields[key] = JSON.stringify(value);
    }
    out[name] = fields;
  }
  return out;
}
