// Test harness for the hart: a real GuestRam behind a small PhysicalBus
// with two test devices, a settable TimeSource, and helpers to load a
// program (a list of encoded instructions, 16-bit ones recognised by their
// low bits) and run it to its end.
//
// Test memory map: RAM at 0x8000_0000; a byte sink at 0x1000_0000 (like a
// UART THR: writes are collected); a 32-bit register at 0x1000_1000 that
// reads back what was written and whose writes raise `attention`; a 32-bit
// register at 0x0010_0000 like QEMU's finisher (writes recorded, raise
// `attention`).
// Everything else is a bus error.
import { strict as assert } from 'assert';
import type { AccessSize, GuestRam, PhysicalBus, TimeSource } from '../../emulator/contracts';
import { Hart } from '../../emulator/cpu/hart';
import * as E from './encode';

export const RAM_BASE = 0x80000000;
export const SINK = 0x10000000;
export const ATTENTION_REG = 0x10001000;
/** Where QEMU's virt board has its sifive_test finisher (hw/riscv/virt.c: VIRT_TEST). */
export const FINISHER = 0x00100000;

export function makeRam(size = 1 << 20, base = RAM_BASE): GuestRam {
  return { base, size, bytes: new Uint8Array(size), dirtyPages: new Uint8Array(Math.ceil(size / 4096)) };
}

export class TestBus implements PhysicalBus {
  fault = false;
  attention = false;
  readonly sink: number[] = [];
  register = 0;
  /** Last value written to the finisher, or null. */
  finished: number | null = null;
  readonly log: string[] = [];
  constructor(readonly ram: GuestRam) {}

  read(paddr: number, size: AccessSize): number {
    this.log.push(`r${size}@${paddr.toString(16)}`);
    if (paddr >= ATTENTION_REG && paddr + size <= ATTENTION_REG + 4) {
      return (this.register >>> (8 * (paddr - ATTENTION_REG))) & (size === 4 ? -1 : (1 << (8 * size)) - 1);
    }
    if (paddr === SINK + 5) return 0x60; // like a 16550's LSR: transmitter empty
    if (paddr >= SINK && paddr < SINK + 8) return 0;
    this.fault = true;
    return 0;
  }

  write(paddr: number, size: AccessSize, value: number): void {
    this.log.push(`w${size}@${paddr.toString(16)}=${(value >>> 0).toString(16)}`);
    if (paddr === SINK) { this.sink.push(value & 0xff); return; }
    if (paddr >= SINK && paddr < SINK + 8) return;
    if (paddr === ATTENTION_REG && size === 4) { this.register = value; this.attention = true; return; }
    if (paddr === FINISHER && size === 4) { this.finished = value; this.attention = true; return; }
    this.fault = true;
  }
}

export class TestTime implements TimeSource {
  value = 0;
  mtime(): number { return this.value; }
}

export interface Machine {
  hart: Hart;
  bus: TestBus;
  ram: GuestRam;
  time: TestTime;
}

export function machine(ramSize = 1 << 20): Machine {
  const ram = makeRam(ramSize);
  const bus = new TestBus(ram);
  const time = new TestTime();
  const hart = new Hart(bus, time);
  hart.reset(RAM_BASE, 0, 0);
  return { hart, bus, ram, time };
}

/** Flattens a program (instructions and li pairs) into encodings. */
export function flat(program: readonly (number | readonly number[])[]): number[] {
  return program.flatMap((p) => (typeof p === 'number' ? [p] : [...p]));
}

/** Size in bytes of an encoded instruction (16-bit when the low bits are not 11). */
export function sizeOf(insn: number): number {
  return (insn & 3) === 3 ? 4 : 2;
}

/** Writes the program at physical `addr`; returns the address just past it. */
export function load(m: Machine, program: readonly (number | readonly number[])[], addr = RAM_BASE): number {
  let a = addr;
  for (const insn of flat(program)) {
    const off = a - m.ram.base;
    m.ram.bytes[off] = insn & 0xff;
    m.ram.bytes[off + 1] = (insn >>> 8) & 0xff;
    if (sizeOf(insn) === 4) {
      m.ram.bytes[off + 2] = (insn >>> 16) & 0xff;
      m.ram.bytes[off + 3] = (insn >>> 24) & 0xff;
    }
    a += sizeOf(insn);
  }
  m.hart.invalidateCode(addr, a - addr);
  return a;
}

export function poke32(m: Machine, addr: number, value: number): void {
  new DataView(m.ram.bytes.buffer).setUint32(addr - m.ram.base, value >>> 0, true);
  m.hart.invalidateCode(addr, 4);
}

export function peek32(m: Machine, addr: number): number {
  return new DataView(m.ram.bytes.buffer).getUint32(addr - m.ram.base, true);
}

/**
 * Loads `program` at RAM_BASE and runs it until pc reaches its end (a
 * breakpoint there), failing if that takes more than `maxSteps`.
 */
export function runProgram(program: readonly (number | readonly number[])[], m: Machine = machine(), maxSteps = 10000): Machine {
  const end = load(m, program);
  m.hart.breakpoints.add(end);
  let steps = 0;
  while (steps < maxSteps) {
    steps += m.hart.run(maxSteps - steps);
    const stop = m.hart.lastStop;
    if (stop.kind === 'breakpoint' && stop.pc === end) break;
    if (stop.kind === 'budget') break;
    m.bus.attention = false;
  }
  m.hart.breakpoints.delete(end);
  assert.equal(m.hart.pc, end >>> 0, `program did not reach its end (pc=0x${m.hart.pc.toString(16)}, stop=${JSON.stringify(m.hart.lastStop)})`);
  return m;
}

/** Register value as signed int32. */
export function reg(m: Machine, r: number): number {
  return m.hart.regs[r];
}

/** Register value as unsigned. */
export function ureg(m: Machine, r: number): number {
  return m.hart.regs[r] >>> 0;
}

/** CSR numbers used by tests (privileged spec v1.12, tables 2.2-2.5). */
export const CSR = {
  sstatus: 0x100, sie: 0x104, stvec: 0x105, scounteren: 0x106, sscratch: 0x140, sepc: 0x141, scause: 0x142,
  stval: 0x143, sip: 0x144, satp: 0x180,
  mstatus: 0x300, misa: 0x301, medeleg: 0x302, mideleg: 0x303, mie: 0x304, mtvec: 0x305, mcounteren: 0x306,
  menvcfg: 0x30a, mstatush: 0x310, mcountinhibit: 0x320, mscratch: 0x340, mepc: 0x341, mcause: 0x342, mtval: 0x343,
  mip: 0x344, pmpcfg0: 0x3a0, pmpcfg1: 0x3a1, pmpaddr0: 0x3b0, pmpaddr1: 0x3b1, pmpaddr2: 0x3b2,
  mcycle: 0xb00, minstret: 0xb02, mcycleh: 0xb80, minstreth: 0xb82,
  cycle: 0xc00, time: 0xc01, instret: 0xc02, cycleh: 0xc80, timeh: 0xc81, instreth: 0xc82,
  mvendorid: 0xf11, marchid: 0xf12, mimpid: 0xf13, mhartid: 0xf14,
} as const;

/**
 * Instructions that give S and U mode access to all memory (one NAPOT PMP
 * entry over everything: with no entry, QEMU and the hart deny S/U).
 * Clobbers t6.
 */
export function pmpAllowAll(): number[] {
  return [...E.li(E.t6, -1), E.csrw(CSR.pmpaddr0, E.t6), E.addi(E.t6, E.zero, 0x1f), E.csrw(CSR.pmpcfg0, E.t6)];
}

/**
 * Instructions that drop from M mode to `mode` (0 = U, 1 = S) and continue
 * with the next instruction, via mstatus.MPP and mret. Clobbers t6.
 */
export function enterMode(mode: number): number[] {
  return [
    ...E.li(E.t6, 0x1800), E.csrrc(E.zero, CSR.mstatus, E.t6), // clear MPP
    ...E.li(E.t6, mode << 11), E.csrrs(E.zero, CSR.mstatus, E.t6), // MPP = mode
    E.auipc(E.t6, 0), E.addi(E.t6, E.t6, 16), E.csrw(CSR.mepc, E.t6), E.mret(),
  ];
}

/** Runs until the hart stops for any reason other than the budget, or `maxSteps`. */
export function runUntilStop(m: Machine, maxSteps = 10000): number {
  let steps = 0;
  while (steps < maxSteps) {
    steps += m.hart.run(maxSteps - steps);
    if (m.hart.lastStop.kind !== 'budget') break;
  }
  return steps;
}
