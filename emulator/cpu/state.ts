// The hart's saved state: a named, versioned object (kind 'hart', version 1)
// holding every architectural register by name, the interrupt line levels
// (so loading recomputes nothing from devices), the LR reservation, the
// WFI state and the counters. Caches (TLBs, decoded code) are not state.
import type { SavedState } from '../contracts';
import type { CounterState } from './counters';
import type { Hart } from './hart';

export const HART_STATE_KIND = 'hart';
export const HART_STATE_VERSION = 1;

export interface HartCsrState {
  readonly mstatus: number;
  readonly medeleg: number;
  readonly mideleg: number;
  readonly mie: number;
  readonly mip: number;
  readonly mtvec: number;
  readonly mepc: number;
  readonly mcause: number;
  readonly mtval: number;
  readonly mscratch: number;
  readonly mcounteren: number;
  readonly menvcfg: number;
  readonly mcountinhibit: number;
  readonly mhartid: number;
  readonly stvec: number;
  readonly sepc: number;
  readonly scause: number;
  readonly stval: number;
  readonly sscratch: number;
  readonly scounteren: number;
  readonly senvcfg: number;
  readonly satp: number;
  readonly pmpcfg: readonly number[];
  readonly pmpaddr: readonly number[];
}

export interface HartState extends SavedState {
  readonly kind: typeof HART_STATE_KIND;
  readonly version: typeof HART_STATE_VERSION;
  /** x0..x31 as int32. */
  readonly x: readonly number[];
  readonly pc: number;
  readonly privilege: number;
  readonly waiting: boolean;
  readonly icount: number;
  readonly csr: HartCsrState;
  /** mip.SEIP is the OR of these two; the other mip bits are in csr.mip. */
  readonly seipLine: boolean;
  readonly seipSoftware: boolean;
  readonly counters: { readonly cycle: CounterState; readonly instret: CounterState };
  readonly reservation: { readonly address: number; readonly value: number } | null;
}

const u32 = (v: number): number => v >>> 0;

export function saveHartState(h: Hart): HartState {
  return {
    kind: HART_STATE_KIND,
    version: HART_STATE_VERSION,
    x: Array.from(h.regs),
    pc: u32(h.pcValue),
    privilege: h.privilege,
    waiting: h.waiting,
    icount: h.icount,
    csr: {
      mstatus: u32(h.mstatus),
      medeleg: u32(h.medeleg),
      mideleg: u32(h.mideleg),
      mie: u32(h.mie),
      mip: u32(h.mip),
      mtvec: u32(h.mtvec),
      mepc: u32(h.mepc),
      mcause: u32(h.mcause),
      mtval: u32(h.mtval),
      mscratch: u32(h.mscratch),
      mcounteren: u32(h.mcounteren),
      menvcfg: u32(h.menvcfg),
      mcountinhibit: u32(h.mcountinhibit),
      mhartid: u32(h.hartId),
      stvec: u32(h.stvec),
      sepc: u32(h.sepc),
      scause: u32(h.scause),
      stval: u32(h.stval),
      sscratch: u32(h.sscratch),
      scounteren: u32(h.scounteren),
      senvcfg: u32(h.senvcfg),
      satp: u32(h.satp),
      pmpcfg: Array.from(h.pmp.cfg),
      pmpaddr: Array.from(h.pmp.addr),
    },
    seipLine: h.seipLine,
    seipSoftware: h.seipSoftware,
    counters: { cycle: h.cycle.save(), instret: h.instret.save() },
    reservation: h.reservationValid ? { address: u32(h.reservationAddress), value: u32(h.reservationValue) } : null,
  };
}

function fail(what: string): never {
  throw new Error(`hart state: ${what}`);
}

function num(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${what} must be a number`);
  return v;
}

function bool(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') fail(`${what} must be a boolean`);
  return v;
}

function numbers(v: unknown, length: number, what: string): number[] {
  if (!Array.isArray(v) || v.length !== length) fail(`${what} must be an array of ${length} numbers`);
  return v.map((e, i) => num(e, `${what}[${i}]`));
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null) fail(`${what} must be an object`);
  return v as Record<string, unknown>;
}

function counter(v: unknown, what: string): CounterState {
  const c = record(v, what);
  return {
    offsetHi: num(c.offsetHi, `${what}.offsetHi`),
    offsetLo: num(c.offsetLo, `${what}.offsetLo`),
    frozenHi: num(c.frozenHi, `${what}.frozenHi`),
    frozenLo: num(c.frozenLo, `${what}.frozenLo`),
    inhibited: bool(c.inhibited, `${what}.inhibited`),
  };
}

/** Restores a saved hart; validates everything first so a bad object changes nothing. */
export function loadHartState(h: Hart, state: SavedState): void {
  if (state.kind !== HART_STATE_KIND) fail(`expected kind '${HART_STATE_KIND}', got '${String(state.kind)}'`);
  if (state.version !== HART_STATE_VERSION) fail(`unsupported version ${String(state.version)} (this build reads ${HART_STATE_VERSION})`);
  const s = record(state, 'state');
  const x = numbers(s.x, 32, 'x');
  const pc = num(s.pc, 'pc');
  const privilege = num(s.privilege, 'privilege');
  if (privilege !== 0 && privilege !== 1 && privilege !== 3) fail(`privilege ${privilege} is not 0, 1 or 3`);
  const waiting = bool(s.waiting, 'waiting');
  const icount = num(s.icount, 'icount');
  const c = record(s.csr, 'csr');
  const reg = (name: string): number => num(c[name], `csr.${name}`) | 0;
  const names = ['mstatus', 'medeleg', 'mideleg', 'mie', 'mip', 'mtvec', 'mepc', 'mcause', 'mtval', 'mscratch',
    'mcounteren', 'menvcfg', 'mcountinhibit', 'mhartid', 'stvec', 'sepc', 'scause', 'stval', 'sscratch',
    'scounteren', 'senvcfg', 'satp'];
  const v: Record<string, number> = {};
  for (const n of names) v[n] = reg(n);
  const pmpcfg = numbers(c.pmpcfg, 16, 'csr.pmpcfg');
  const pmpaddr = numbers(c.pmpaddr, 16, 'csr.pmpaddr');
  const seipLine = bool(s.seipLine, 'seipLine');
  const seipSoftware = bool(s.seipSoftware, 'seipSoftware');
  const counters = record(s.counters, 'counters');
  const cycle = counter(counters.cycle, 'counters.cycle');
  const instret = counter(counters.instret, 'counters.instret');
  let reservation: { address: number; value: number } | null = null;
  if (s.reservation !== null) {
    const r = record(s.reservation, 'reservation');
    reservation = { address: num(r.address, 'reservation.address'), value: num(r.value, 'reservation.value') };
  }

  for (let i = 0; i < 32; i++) h.regs[i] = i === 0 ? 0 : x[i];
  h.pcValue = pc | 0;
  h.privilege = privilege;
  h.waiting = waiting;
  h.icount = icount;
  h.mstatus = v.mstatus;
  h.medeleg = v.medeleg;
  h.mideleg = v.mideleg;
  h.mie = v.mie;
  h.mip = v.mip;
  h.mtvec = v.mtvec;
  h.mepc = v.mepc;
  h.mcause = v.mcause;
  h.mtval = v.mtval;
  h.mscratch = v.mscratch;
  h.mcounteren = v.mcounteren;
  h.menvcfg = v.menvcfg;
  h.mcountinhibit = v.mcountinhibit;
  h.hartId = v.mhartid;
  h.stvec = v.stvec;
  h.sepc = v.sepc;
  h.scause = v.scause;
  h.stval = v.stval;
  h.sscratch = v.sscratch;
  h.scounteren = v.scounteren;
  h.senvcfg = v.senvcfg;
  h.satp = v.satp;
  h.pmp.restore(pmpcfg, pmpaddr);
  h.seipLine = seipLine;
  h.seipSoftware = seipSoftware;
  h.cycle.load(cycle);
  h.instret.load(instret);
  h.reservationValid = reservation !== null;
  h.reservationAddress = reservation === null ? 0 : reservation.address | 0;
  h.reservationValue = reservation === null ? 0 : reservation.value | 0;
}
