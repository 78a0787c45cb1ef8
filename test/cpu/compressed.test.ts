// The RV32C extension (unprivileged spec 20191213, ch. 16): every form valid
// without F/D, 2-byte instruction alignment, HINTs, and the reserved or
// floating-point encodings that must be illegal instructions (with the 16
// instruction bits in mtval, as QEMU reports them).
import { strict as assert } from 'assert';
import * as E from './encode';
import { a0, a1, a2, a3, a4, a5, ra, s0, s1, sp, t0, zero } from './encode';
import { RAM_BASE, load, machine, peek32, poke32, reg, runProgram, ureg } from './harness';

const DATA = RAM_BASE + 0x8000;

/** Runs `bits` as the only instruction and returns the trap it raised (stopOnTrap). */
function trapOf(bits: number): { cause: number; tval: number } {
  const m = machine();
  load(m, [bits]);
  m.hart.stopOnTrap = true;
  m.hart.run(1);
  const stop = m.hart.lastStop;
  assert.equal(stop.kind, 'trap', `0x${bits.toString(16)} should trap`);
  return stop.kind === 'trap' ? { cause: stop.cause, tval: stop.tval } : { cause: -1, tval: -1 };
}

describe('cpu: RV32C', () => {
  it('stack-pointer forms: c.addi4spn, c.addi16sp, c.lwsp, c.swsp', () => {
    const m = runProgram([
      E.li(sp, DATA + 0x100), // li sp, DATA+0x100
      E.c_addi4spn(s0, 1020), // c.addi4spn s0, sp, 1020
      E.c_addi4spn(s1, 4), // c.addi4spn s1, sp, 4
      E.c_addi16sp(-512), // c.addi16sp sp, -512
      E.c_addi16sp(496), // c.addi16sp sp, 496   (sp = DATA + 0xf0)
      E.li(t0, 0x5a5a1234), // li t0, 0x5a5a1234
      E.c_swsp(t0, 252), // c.swsp t0, 252(sp)
      E.c_lwsp(a0, 252), // c.lwsp a0, 252(sp)
      E.c_swsp(t0, 0), // c.swsp t0, 0(sp)
      E.c_lwsp(a1, 0), // c.lwsp a1, 0(sp)
    ]);
    assert.equal(ureg(m, s0), DATA + 0x100 + 1020);
    assert.equal(ureg(m, s1), DATA + 0x100 + 4);
    assert.equal(ureg(m, sp), DATA + 0xf0);
    assert.equal(peek32(m, DATA + 0xf0 + 252), 0x5a5a1234);
    assert.equal(reg(m, a0), 0x5a5a1234);
    assert.equal(reg(m, a1), 0x5a5a1234);
  });

  it('register-based loads and stores: c.lw, c.sw with the full offset range', () => {
    const m = machine();
    poke32(m, DATA + 124, 0x01020304);
    runProgram([
      E.li(s1, DATA), // li s1, DATA
      E.c_lw(a0, 124, s1), // c.lw a0, 124(s1)
      E.c_sw(a0, 64, s1), // c.sw a0, 64(s1)
      E.c_lw(a1, 64, s1), // c.lw a1, 64(s1)
      E.c_sw(a1, 0, s1), // c.sw a1, 0(s1)
    ], m);
    assert.equal(reg(m, a0), 0x01020304);
    assert.equal(reg(m, a1), 0x01020304);
    assert.equal(peek32(m, DATA), 0x01020304);
  });

  it('immediate forms: c.li, c.lui, c.addi, c.andi, c.slli, c.srli, c.srai', () => {
    const m = runProgram([
      E.c_li(a0, -32), // c.li a0, -32
      E.c_li(a1, 31), // c.li a1, 31
      E.c_lui(a2, -1), // c.lui a2, 0xfffff  -> 0xfffff000
      E.c_lui(a3, 1), // c.lui a3, 1        -> 0x1000
      E.c_addi(a1, -32), // c.addi a1, -32   -> -1
      E.c_li(a4, -1), // c.li a4, -1
      E.c_andi(a4, 0x1f), // c.andi a4, 31    -> 31
      E.c_li(a5, -2), // c.li a5, -2
      E.c_srai(a5, 1), // c.srai a5, 1     -> -1
      E.c_li(s0, -2), // c.li s0, -2
      E.c_srli(s0, 31), // c.srli s0, 31    -> 1
      E.c_li(t0, 3), // c.li t0, 3
      E.c_slli(t0, 30), // c.slli t0, 30    -> 0xc0000000
    ]);
    assert.equal(reg(m, a0), -32);
    assert.equal(reg(m, a1), -1);
    assert.equal(ureg(m, a2), 0xfffff000);
    assert.equal(ureg(m, a3), 0x1000);
    assert.equal(reg(m, a4), 31);
    assert.equal(reg(m, a5), -1);
    assert.equal(reg(m, s0), 1);
    assert.equal(ureg(m, t0), 0xc0000000);
  });

  it('register forms: c.mv, c.add, c.sub, c.xor, c.or, c.and', () => {
    const m = runProgram([
      E.li(a0, 0x0ff0), // li a0, 0x0ff0
      E.li(a1, 0x00ff), // li a1, 0x00ff
      E.c_mv(a2, a0), // c.mv a2, a0
      E.c_add(a2, a1), // c.add a2, a1  -> 0x10ef
      E.c_mv(a3, a0), // c.mv a3, a0
      E.c_sub(a3, a1), // c.sub a3, a1  -> 0x0ef1
      E.c_mv(a4, a0), // c.mv a4, a0
      E.c_xor(a4, a1), // c.xor a4, a1  -> 0x0f0f
      E.c_mv(a5, a0), // c.mv a5, a0
      E.c_or(a5, a1), // c.or a5, a1   -> 0x0fff
      E.c_mv(s0, a0), // c.mv s0, a0
      E.c_and(s0, a1), // c.and s0, a1  -> 0x00f0
    ]);
    assert.deepEqual([a2, a3, a4, a5, s0].map((r) => reg(m, r)), [0x10ef, 0x0ef1, 0x0f0f, 0x0fff, 0x00f0]);
  });

  it('control transfer: c.j, c.jal, c.jr, c.jalr, c.beqz, c.bnez (2-byte aligned targets are fine)', () => {
    const m = machine();
    const end = load(m, [
      E.c_jal(6), // 0x00: c.jal 0x06        (ra = 0x02)
      E.c_j(18), // 0x02: c.j 0x14          (after the "call" returns)
      E.c_li(a0, 5), // 0x04: (skipped)
      E.c_addi(a1, 1), // 0x06: c.addi a1, 1
      E.c_jr(ra), // 0x08: c.jr ra
      E.c_nop(), // 0x0a
      E.c_addi(a2, 1), // 0x0c: target of c.jalr
      E.c_jr(ra), // 0x0e: c.jr ra
      E.c_nop(), // 0x10
      E.c_nop(), // 0x12
      E.auipc(t0, 0), // 0x14: auipc t0, 0
      E.addi(t0, t0, -8), // 0x18: t0 = 0x0c
      E.c_jalr(t0), // 0x1c: c.jalr t0       (ra = 0x1e)
      E.c_li(s0, 0), // 0x1e: c.li s0, 0
      E.c_beqz(s0, 4), // 0x20: c.beqz s0, 0x24 (taken)
      E.c_addi(a3, 1), // 0x22: (skipped)
      E.c_bnez(s0, 4), // 0x24: c.bnez s0, 0x28 (not taken)
      E.c_addi(a4, 1), // 0x26
      E.c_li(s1, 1), // 0x28: c.li s1, 1
      E.c_bnez(s1, -2), // 0x2a: c.bnez s1, 0x28 ... would loop: guarded below
    ]);
    // Replace the last instruction with one that leaves the loop: c.beqz s1 (not taken).
    load(m, [E.c_beqz(s1, -2)], end - 2);
    m.hart.breakpoints.add(end);
    m.hart.run(100);
    assert.equal(m.hart.pc, end);
    assert.deepEqual([a0, a1, a2, a3, a4].map((r) => reg(m, r)), [0, 1, 1, 0, 1]);
    assert.equal(ureg(m, ra), RAM_BASE + 0x1e);
  });

  it('c.ebreak raises a breakpoint exception', () => {
    assert.deepEqual(trapOf(E.c_ebreak()), { cause: 3, tval: 0 });
  });

  it('HINT encodings execute as no-ops', () => {
    const m = runProgram([
      E.c_nop(), // c.nop
      0x0005, // c.nop with nzimm = 1 (HINT)
      E.c_addi(a0, 0), // c.addi a0, 0 (HINT)
      E.c_li(zero, 5), // c.li zero, 5 (HINT)
      E.c_lui(zero, 1), // c.lui zero, 1 (HINT)
      E.c_mv(zero, a1), // c.mv zero, a1 (HINT)
      E.c_add(zero, a1), // c.add zero, a1 (HINT)
      E.c_slli(zero, 1), // c.slli zero, 1 (HINT)
      E.c_slli(a0, 0), // c.slli a0, 0 (HINT)
    ]);
    assert.equal(reg(m, zero), 0);
    assert.equal(reg(m, a0), 0);
    assert.equal(m.hart.icount, 9);
  });

  it('reserved and floating-point encodings are illegal with the 16 bits in tval', () => {
    const illegal: [string, number][] = [
      ['all-zero halfword', 0x0000],
      ['c.addi4spn with nzuimm = 0', 0x0004],
      ['c.fld', 0x2000],
      ['c.flw (RV32, no F)', 0x6000],
      ['reserved quadrant 0, funct3 100', 0x8000],
      ['c.fsd', 0xa000],
      ['c.fsw', 0xe000],
      ['c.addi16sp with nzimm = 0', 0x6101],
      ['c.lui with nzimm = 0', 0x6501],
      ['c.srli with shamt[5] = 1', 0x9005],
      ['c.srai with shamt[5] = 1', 0x9405],
      ['c.subw (RV64)', 0x9c01],
      ['c.addw (RV64)', 0x9c21],
      ['reserved funct2 10 in quadrant 1', 0x9c41],
      ['c.slli with shamt[5] = 1', 0x1506],
      ['c.fldsp', 0x2002],
      ['c.lwsp with rd = x0', 0x4002],
      ['c.flwsp', 0x6002],
      ['c.jr with rs1 = x0', 0x8002],
      ['c.fsdsp', 0xa002],
      ['c.fswsp', 0xe002],
    ];
    for (const [what, bits] of illegal) {
      assert.deepEqual(trapOf(bits), { cause: 2, tval: bits }, what);
    }
  });

  it('mixes 16- and 32-bit instructions, including a 32-bit one at a 2-byte-aligned address', () => {
    const m = runProgram([
      E.c_li(a0, 1), // c.li a0, 1          (0x00)
      E.addi(a0, a0, 2), // addi a0, a0, 2  (0x02, not 4-byte aligned)
      E.c_addi(a0, 3), // c.addi a0, 3      (0x06)
      E.lui(a1, 1), // lui a1, 1            (0x08)
    ]);
    assert.equal(reg(m, a0), 6);
    assert.equal(reg(m, a1), 0x1000);
    void a5; void t0;
  });
});
