// CPU-bound benchmark for the hart alone: hand-encoded guest kernels run in
// run slices of 1M instructions (as the machine's run loop would), printing
// million instructions per second of this process's CPU time (so that other
// load on the machine skews it less). Hot code is compiled to JavaScript
// after a warm-up. Run: node --import tsx bench/cpu-loop.ts [instructions]
// Environment: ICOUNT_BASE starts the hart's icount there (e.g. 2**40, to
// check nothing slows down past 2^30 retired instructions); SHOW_REGIONS=1
// prints the compiled code; COMPILE_AFTER=0 measures the interpreter alone.
import { Hart } from '../emulator/cpu/hart';
import type { AccessSize, GuestRam, PhysicalBus, TimeSource } from '../emulator/contracts';
import * as E from '../test/cpu/encode';
import { a0, a1, a2, a3, a4, a5, s0, t0, t1, t2, t3, zero } from '../test/cpu/encode';

const RAM_BASE = 0x80000000;
const DATA = RAM_BASE + 0x10000;

class Bus implements PhysicalBus {
  fault = false;
  attention = false;
  constructor(readonly ram: GuestRam) {}
  read(_paddr: number, _size: AccessSize): number { this.fault = true; return 0; }
  write(_paddr: number, _size: AccessSize, _value: number): void { this.fault = true; }
}

const time: TimeSource = { mtime: () => 0 };

/** Bitwise CRC-32 over 4 KiB, forever (branchy inner loop, byte loads). */
const crc32 = [
  E.li(t3, 0xedb88320 | 0),
  // restart:
  E.li(a0, DATA), // 0x08
  E.li(a1, 4096),
  E.addi(a2, zero, -1),
  // outer: 0x1c
  E.lbu(t0, 0, a0),
  E.xor(a2, a2, t0),
  E.addi(t1, zero, 8),
  // inner: 0x28
  E.andi(t2, a2, 1),
  E.srli(a2, a2, 1),
  E.beq(t2, zero, 8),
  E.xor(a2, a2, t3),
  E.addi(t1, t1, -1), // skip: 0x38
  E.bne(t1, zero, -20),
  E.addi(a0, a0, 1),
  E.addi(a1, a1, -1),
  E.bne(a1, zero, -44),
  E.xori(a2, a2, -1),
  E.sw(a2, 0, s0),
  E.jal(zero, -76),
];

/** Insertion sort of 256 words, refilled from an LCG each round (loads, stores, compares). */
const sort = [
  E.li(a5, 12345), //        0x00
  E.li(a0, DATA), //         0x08 refill:
  E.addi(a1, zero, 256), //  0x10
  E.li(a4, 1103515245), //   0x14
  E.mul(a5, a5, a4), //      0x1c fill:
  E.addi(a5, a5, 12), //     0x20
  E.sw(a5, 0, a0), //        0x24
  E.addi(a0, a0, 4), //      0x28
  E.addi(a1, a1, -1), //     0x2c
  E.bne(a1, zero, -20), //   0x30 -> fill
  E.li(a0, DATA), //         0x34
  E.addi(t0, zero, 4), //    0x3c i (bytes)
  E.addi(t3, zero, 1024), // 0x40
  E.add(t1, a0, t0), //      0x44 outer:
  E.lw(a2, 0, t1), //        0x48 key
  E.beq(t1, a0, 24), //      0x4c inner: j == 0 -> place
  E.lw(a3, -4, t1), //       0x50
  E.bge(a2, a3, 16), //      0x54 a[j-1] <= key -> place
  E.sw(a3, 0, t1), //        0x58
  E.addi(t1, t1, -4), //     0x5c
  E.jal(zero, -20), //       0x60 -> inner
  E.sw(a2, 0, t1), //        0x64 place:
  E.addi(t0, t0, 4), //      0x68
  E.bne(t0, t3, -40), //     0x6c -> outer
  E.jal(zero, -104), //      0x70 -> refill
];

function flat(program: readonly (number | readonly number[])[]): number[] {
  return program.flatMap((x) => (typeof x === 'number' ? [x] : [...x]));
}

function load(ram: GuestRam, words: number[]): void {
  const dv = new DataView(ram.bytes.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
}

function bench(name: string, program: number[], total: number): number {
  const size = 1 << 20;
  const ram: GuestRam = { base: RAM_BASE, size, bytes: new Uint8Array(size), dirtyPages: new Uint8Array(size / 4096) };
  for (let i = 0; i < 4096; i++) ram.bytes[0x10000 + i] = (i * 7 + 3) & 0xff;
  load(ram, program);
  const hart = new Hart(new Bus(ram), time);
  hart.reset(RAM_BASE, 0, 0);
  hart.regs[s0] = RAM_BASE + 0x20000;
  hart.icount = Number(process.env.ICOUNT_BASE ?? 0);
  if (process.env.COMPILE_AFTER !== undefined) hart.compileAfter = Number(process.env.COMPILE_AFTER);
  // Warm up: hot code is compiled to JavaScript, then V8 optimizes that.
  for (let n = 0; n < 50_000_000;) n += hart.run(1_000_000);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let done = 0;
  while (done < total) {
    done += hart.run(1_000_000);
    if (hart.lastStop.kind !== 'budget') throw new Error(`${name}: unexpected stop ${JSON.stringify(hart.lastStop)}`);
  }
  const ms = performance.now() - t0;
  if (process.env.SHOW_REGIONS) for (const r of hart.codeCache.regions) if (r) console.log(r.run.toString());
  const c = process.cpuUsage(c0);
  const cpuMs = (c.user + c.system) / 1000;
  // CPU time of this process, so that other load on the machine skews less.
  const mips = done / cpuMs / 1000;
  console.log(`${name.padEnd(16)} ${(done / 1e6).toFixed(0)}M instructions, ${cpuMs.toFixed(0)} ms CPU (${ms.toFixed(0)} ms wall): ${mips.toFixed(1)} MIPS`);
  return mips;
}

const total = Number(process.argv[2] ?? 200_000_000);
const results = [bench('crc32 (bitwise)', flat(crc32), total), bench('insertion sort', flat(sort), total)];
const geo = Math.sqrt(results[0] * results[1]);
console.log(`geometric mean   ${geo.toFixed(1)} MIPS`);
