// Compiled code (block-compiler.ts) must be indistinguishable from the
// interpreter: random loops of arithmetic, memory accesses (aligned,
// misaligned, device), branches and compressed instructions run both ways,
// sliced into random budgets, and must end in the same state.
import { strict as assert } from 'assert';
import * as E from './encode';
import { s0, s1, s2, zero } from './encode';
import { RAM_BASE, SINK, load, machine } from './harness';
import { Random } from './random';

const DATA = RAM_BASE + 0x8000;
const POOL = [E.a0, E.a1, E.a2, E.a3, E.a4, E.a5, E.a6, E.a7, E.t0, E.t1, E.t2, E.s3, E.s4];
const CPOOL = [E.a0, E.a1, E.a2, E.a3, E.a4, E.a5]; // x8-x15 minus s0/s1 (the loop's registers)

type Item = { bits: number; size: number } | { branch: (off: number) => number; size: number; skip: number };

function body(r: Random, length: number): Item[] {
  const items: Item[] = [];
  const rd = (): number => (r.below(12) === 0 ? zero : r.pick(POOL));
  const rs = (): number => (r.below(10) === 0 ? zero : r.pick(POOL));
  const one = (bits: number): Item => ({ bits: bits >>> 0, size: (bits & 3) === 3 ? 4 : 2 });
  const imm12 = (): number => r.below(4096) - 2048;
  const aluI = [E.addi, E.slti, E.sltiu, E.xori, E.ori, E.andi];
  const shI = [E.slli, E.srli, E.srai];
  const aluR = [E.add, E.sub, E.sll, E.slt, E.sltu, E.xor, E.srl, E.sra, E.or, E.and,
    E.mul, E.mulh, E.mulhsu, E.mulhu, E.div, E.divu, E.rem, E.remu];
  const loads = [E.lb, E.lh, E.lw, E.lbu, E.lhu];
  const stores = [E.sb, E.sh, E.sw];
  const branches = [E.beq, E.bne, E.blt, E.bge, E.bltu, E.bgeu];
  while (items.length < length) {
    switch (r.below(16)) {
      case 0: case 1: items.push(one(r.pick(aluI)(rd(), rs(), imm12()))); break;
      case 2: items.push(one(r.pick(shI)(rd(), rs(), r.below(32)))); break;
      case 3: case 4: case 5: items.push(one(r.pick(aluR)(rd(), rs(), rs()))); break;
      case 6: items.push(one(r.below(2) ? E.lui(rd(), r.below(1 << 20)) : E.auipc(rd(), r.below(1 << 20)))); break;
      case 7: case 8: items.push(one(r.pick(loads)(rd(), r.below(600) - 40, s0))); break;
      case 9: items.push(one(r.pick(stores)(rs(), r.below(512), s0))); break;
      case 10: items.push(one(r.pick(loads)(rd(), r.below(4), s2))); break; // a device (8 bytes wide)
      case 11: {
        const k = 1 + r.below(3);
        const op = r.pick(branches), a = rs(), b = rs();
        items.push({ branch: (off) => op(a, b, off), size: 4, skip: k });
        break;
      }
      case 12: {
        const k = 1 + r.below(3), reg = r.pick(CPOOL), zeroTest = r.below(2) === 0;
        items.push({ branch: (off) => (zeroTest ? E.c_beqz(reg, off) : E.c_bnez(reg, off)), size: 2, skip: k });
        break;
      }
      case 13: {
        const d = r.pick(CPOOL), s = r.pick(CPOOL);
        items.push(one(r.pick([E.c_sub, E.c_xor, E.c_or, E.c_and])(d, s)));
        break;
      }
      case 14: {
        const d = r.pick(CPOOL);
        items.push(one(r.pick([
          (): number => E.c_addi(d, r.below(63) - 31 || 1), (): number => E.c_li(d, r.below(64) - 32),
          (): number => E.c_andi(d, r.below(64) - 32), (): number => E.c_srli(d, 1 + r.below(31)),
          (): number => E.c_srai(d, 1 + r.below(31)), (): number => E.c_slli(d, 1 + r.below(31)),
          (): number => E.c_mv(d, r.pick(POOL)), (): number => E.c_add(d, r.pick(POOL)),
        ])()));
        break;
      }
      default: items.push(one(E.c_lw(r.pick(CPOOL), 4 * r.below(32), s0))); break;
    }
  }
  return items;
}

/** Lays out a random loop: register setup, the body `iterations` times, then the end. */
function program(seed: number): number[] {
  const r = new Random(seed);
  const items = body(r, r.below(8) === 0 ? 150 + r.below(150) : 8 + r.below(40)); // some exceed a region's size cap
  const out: number[] = [];
  for (const reg of POOL) out.push(...E.li(reg, r.interesting()));
  out.push(...E.li(s0, DATA), ...E.li(s2, SINK), ...E.li(s1, 5 + r.below(60)));
  const sizes = items.map((i) => i.size);
  let bodyBytes = 0;
  items.forEach((item, k) => {
    if ('bits' in item) { out.push(item.bits); bodyBytes += item.size; return; }
    const skip = sizes.slice(k + 1, k + 1 + item.skip).reduce((a, b) => a + b, 0);
    out.push(item.branch(item.size + skip) >>> 0);
    bodyBytes += item.size;
  });
  out.push(E.addi(s1, s1, -1), E.bne(s1, zero, -(bodyBytes + 4)));
  return out;
}

function runAll(seed: number, compileAfter: number, budgets: Random | null): string {
  const m = machine();
  m.hart.compileAfter = compileAfter;
  for (let i = 0; i < 512; i += 4) new DataView(m.ram.bytes.buffer).setInt32(0x8000 + i, (i * 0x9e3779b1) | 0, true);
  const end = load(m, program(seed));
  m.hart.breakpoints.add(end);
  m.hart.stopOnTrap = true; // these programs never trap
  let guard = 0;
  while (m.hart.pc !== end && guard++ < 20000) {
    m.hart.run(budgets === null ? 1_000_000 : 1 + budgets.below(60));
    assert.ok(['budget', 'breakpoint'].includes(m.hart.lastStop.kind), `seed ${seed}: ${JSON.stringify(m.hart.lastStop)}`);
  }
  assert.equal(m.hart.pc, end, `seed ${seed} did not finish`);
  if (compileAfter > 0) assert.ok(m.hart.codeCache.regions.some((r) => r !== null), `seed ${seed}: nothing was compiled`);
  const state = m.hart.saveState() as unknown as Record<string, unknown>;
  return JSON.stringify({ ...state, data: Array.from(m.ram.bytes.subarray(0x8000, 0x8000 + 700)), sink: m.bus.log.length });
}

describe('cpu: compiled code matches the interpreter', () => {
  it('on 150 random loops, whole runs and randomly sliced runs', () => {
    const slicer = new Random(0x5eed);
    for (let seed = 1; seed <= 150; seed++) {
      const reference = runAll(seed, 0, null);
      assert.equal(runAll(seed, 1, null), reference, `seed ${seed}, compiled at once`);
      assert.equal(runAll(seed, 3, slicer), reference, `seed ${seed}, compiled, sliced`);
    }
  });
});
