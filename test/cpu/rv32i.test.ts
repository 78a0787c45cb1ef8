// RV32I instructions on the hart (unprivileged spec 20191213, ch. 2): every
// instruction, with the edge cases a user of the ISA relies on.
import { strict as assert } from 'assert';
import * as E from './encode';
import { a0, a1, a2, a3, a4, a5, ra, s0, s1, sp, t0, t1, t2, zero } from './encode';
import { RAM_BASE, load, machine, peek32, poke32, reg, runProgram, ureg } from './harness';

const DATA = RAM_BASE + 0x8000;

describe('cpu: RV32I', () => {
  it('lui and auipc build 32-bit constants and pc-relative addresses', () => {
    const m = runProgram([
      E.lui(a0, 0x12345), // lui a0, 0x12345
      E.auipc(a1, 0x1), // auipc a1, 0x1      (pc = base + 4)
      E.auipc(a2, 0xfffff), // auipc a2, 0xfffff (pc = base + 8)
      E.lui(zero, 0x1), // lui zero, 1  (no effect)
    ]);
    assert.equal(ureg(m, a0), 0x12345000);
    assert.equal(ureg(m, a1), (RAM_BASE + 4 + 0x1000) >>> 0);
    assert.equal(ureg(m, a2), (RAM_BASE + 8 - 0x1000) >>> 0);
    assert.equal(reg(m, zero), 0);
  });

  it('addi sign-extends its immediate and writes to x0 are ignored', () => {
    const m = runProgram([
      E.addi(t0, zero, -1), // addi t0, zero, -1
      E.addi(t1, zero, 2047), // addi t1, zero, 2047
      E.addi(t2, zero, -2048), // addi t2, zero, -2048
      E.addi(zero, zero, 5), // addi zero, zero, 5
      E.add(zero, t0, t1), // add zero, t0, t1
      E.addi(a0, zero, 0), // addi a0, zero, 0 (reads x0 = 0)
    ]);
    assert.equal(reg(m, t0), -1);
    assert.equal(reg(m, t1), 2047);
    assert.equal(reg(m, t2), -2048);
    assert.equal(reg(m, zero), 0);
    assert.equal(reg(m, a0), 0);
  });

  it('register-register arithmetic wraps at 32 bits', () => {
    const m = runProgram([
      E.li(t0, 0x7fffffff), // li t0, 0x7fffffff
      E.addi(t1, zero, 1), // li t1, 1
      E.add(a0, t0, t1), // add a0, t0, t1   -> 0x80000000
      E.sub(a1, zero, t1), // sub a1, zero, t1 -> -1
      E.sub(a2, a0, t1), // sub a2, a0, t1   -> 0x7fffffff
    ]);
    assert.equal(ureg(m, a0), 0x80000000);
    assert.equal(reg(m, a1), -1);
    assert.equal(reg(m, a2), 0x7fffffff);
  });

  it('logic operations with sign-extended immediates', () => {
    const m = runProgram([
      E.li(t0, 0x0f0f00ff), // li t0, 0x0f0f00ff
      E.li(t1, 0x00ff0ff0 | 0), // li t1, 0x00ff0ff0
      E.and(a0, t0, t1), // and a0, t0, t1
      E.or(a1, t0, t1), // or a1, t0, t1
      E.xor(a2, t0, t1), // xor a2, t0, t1
      E.andi(a3, t0, -16), // andi a3, t0, -16
      E.ori(a4, t0, -2048), // ori a4, t0, -2048
      E.xori(a5, t0, -1), // xori a5, t0, -1   (not)
    ]);
    assert.equal(ureg(m, a0), 0x000f00f0);
    assert.equal(ureg(m, a1), 0x0fff0fff);
    assert.equal(ureg(m, a2), 0x0ff00f0f);
    assert.equal(ureg(m, a3), 0x0f0f00f0);
    assert.equal(ureg(m, a4), 0xfffff8ff);
    assert.equal(ureg(m, a5), 0xf0f0ff00);
  });

  it('shifts by immediate and register use only the low 5 bits; srai/sra keep the sign', () => {
    const m = runProgram([
      E.li(t0, 0x80000001 | 0), // li t0, 0x80000001
      E.slli(a0, t0, 31), // slli a0, t0, 31 -> 0x80000000
      E.srli(a1, t0, 31), // srli a1, t0, 31 -> 1
      E.srai(a2, t0, 31), // srai a2, t0, 31 -> -1
      E.addi(t1, zero, 33), // li t1, 33 (shift amount 33 & 31 = 1)
      E.sll(a3, t0, t1), // sll a3, t0, t1 -> 2
      E.srl(a4, t0, t1), // srl a4, t0, t1 -> 0x40000000
      E.sra(a5, t0, t1), // sra a5, t0, t1 -> 0xc0000000
      E.srli(s1, t0, 0), // srli s1, t0, 0 -> unchanged
    ]);
    assert.equal(ureg(m, a0), 0x80000000);
    assert.equal(reg(m, a1), 1);
    assert.equal(reg(m, a2), -1);
    assert.equal(reg(m, a3), 2);
    assert.equal(ureg(m, a4), 0x40000000);
    assert.equal(ureg(m, a5), 0xc0000000);
    assert.equal(ureg(m, s1), 0x80000001);
  });

  it('set-less-than compares signed and unsigned (sltiu sign-extends, then compares unsigned)', () => {
    const m = runProgram([
      E.addi(t0, zero, -1), // li t0, -1
      E.addi(t1, zero, 1), // li t1, 1
      E.slt(a0, t0, t1), // slt a0, t0, t1   -> 1 (-1 < 1)
      E.sltu(a1, t0, t1), // sltu a1, t0, t1  -> 0 (0xffffffff > 1)
      E.slti(a2, t0, 0), // slti a2, t0, 0   -> 1
      E.sltiu(a3, t1, -1), // sltiu a3, t1, -1 -> 1 (1 < 0xffffffff)
      E.sltiu(a4, zero, 1), // seqz-style: sltiu a4, zero, 1 -> 1
      E.sltu(a5, zero, t0), // snez-style: sltu a5, zero, t0 -> 1
      E.slt(s1, t1, t1), // slt s1, t1, t1 -> 0
    ]);
    assert.deepEqual([a0, a1, a2, a3, a4, a5, s1].map((r) => reg(m, r)), [1, 0, 1, 1, 1, 1, 0]);
  });

  it('every branch, taken and not taken, signed and unsigned', () => {
    // Each step shifts a0 left, then the branch skips "ori a0, a0, 1" when taken,
    // so a0 holds one bit per branch (1 = fell through).
    const outcomes: [number, boolean][] = [
      [E.beq(t1, t1, 8), true],
      [E.beq(t0, t1, 8), false],
      [E.bne(t0, t1, 8), true],
      [E.bne(t1, t1, 8), false],
      [E.blt(t0, t1, 8), true], // -1 < 1
      [E.blt(t1, t0, 8), false],
      [E.bge(t1, t0, 8), true],
      [E.bge(t0, t1, 8), false],
      [E.bge(t1, t1, 8), true], // equal
      [E.bltu(t1, t0, 8), true], // 1 < 0xffffffff
      [E.bltu(t0, t1, 8), false],
      [E.bgeu(t0, t1, 8), true],
      [E.bgeu(t1, t0, 8), false],
      [E.bltu(t1, t1, 8), false],
    ];
    const m = runProgram([
      E.addi(t0, zero, -1), // li t0, -1
      E.addi(t1, zero, 1), // li t1, 1
      ...outcomes.flatMap(([insn]) => [E.slli(a0, a0, 1), insn, E.ori(a0, a0, 1)]),
    ]);
    const expected = outcomes.reduce((mask, [, taken]) => (mask << 1) | (taken ? 0 : 1), 0);
    assert.equal(reg(m, a0).toString(2), expected.toString(2));
  });

  it('a backward branch loops', () => {
    const m = runProgram([
      E.addi(t0, zero, 10), // li t0, 10
      E.addi(a0, a0, 3), // loop: addi a0, a0, 3
      E.addi(t0, t0, -1), // addi t0, t0, -1
      E.bne(t0, zero, -8), // bnez t0, loop
    ]);
    assert.equal(reg(m, a0), 30);
    assert.equal(m.hart.icount, 1 + 3 * 10);
  });

  it('jal links pc+4; jalr clears bit 0 of the target and reads rs1 before writing rd', () => {
    const m = machine();
    const end = load(m, [
      E.jal(ra, 12), // 0x00: jal ra, 0x0c
      E.addi(a0, a0, 100), // 0x04: (returns here)
      E.jal(zero, 16), // 0x08: j 0x18
      E.addi(a1, a1, 7), // 0x0c: addi a1, a1, 7
      E.jalr(zero, ra, 0), // 0x10: ret
      E.nop(), // 0x14
      E.auipc(t0, 0), // 0x18: auipc t0, 0
      E.addi(t0, t0, 17), // 0x1c: t0 = 0x18 + 17 (odd: bit 0 set)
      E.jalr(t0, t0, 0), // 0x20: jalr t0, t0 -> 0x28 (0x29 & ~1), t0 = 0x24
      E.addi(a2, a2, 1), // 0x24: skipped
      E.addi(a3, a3, 1), // 0x28
    ]);
    m.hart.breakpoints.add(end);
    m.hart.run(100);
    assert.equal(m.hart.pc, end);
    assert.equal(reg(m, a0), 100);
    assert.equal(reg(m, a1), 7);
    assert.equal(ureg(m, ra), RAM_BASE + 4);
    assert.equal(ureg(m, t0), RAM_BASE + 0x24);
    assert.equal(reg(m, a2), 0);
    assert.equal(reg(m, a3), 1);
  });

  it('loads sign- or zero-extend and stores write only their width', () => {
    const m = machine();
    poke32(m, DATA, 0x8081f2f3 | 0);
    runProgram([
      E.li(s0, DATA), // li s0, DATA
      E.lb(a0, 0, s0), // lb a0, 0(s0)   -> 0xfffffff3
      E.lbu(a1, 0, s0), // lbu a1, 0(s0)  -> 0xf3
      E.lh(a2, 2, s0), // lh a2, 2(s0)   -> 0xffff8081
      E.lhu(a3, 2, s0), // lhu a3, 2(s0)  -> 0x8081
      E.lw(a4, 0, s0), // lw a4, 0(s0)
      E.lw(zero, 0, s0), // lw zero, 0(s0) (loads, writes nothing)
      E.li(t0, 0x11223344), // li t0, 0x11223344
      E.sw(t0, 4, s0), // sw t0, 4(s0)
      E.sh(t0, 8, s0), // sh t0, 8(s0)
      E.sb(t0, 13, s0), // sb t0, 13(s0)
      E.addi(t1, s0, 16), // addi t1, s0, 16
      E.sw(t0, -4, t1), // sw t0, -4(t1) (negative offset: DATA + 12)
    ], m);
    assert.equal(ureg(m, a0), 0xfffffff3);
    assert.equal(ureg(m, a1), 0xf3);
    assert.equal(ureg(m, a2), 0xffff8081);
    assert.equal(ureg(m, a3), 0x8081);
    assert.equal(ureg(m, a4), 0x8081f2f3);
    assert.equal(reg(m, zero), 0);
    assert.equal(peek32(m, DATA + 4), 0x11223344);
    assert.equal(peek32(m, DATA + 8), 0x00003344);
    assert.equal(peek32(m, DATA + 12), 0x11223344);
    assert.equal(m.ram.dirtyPages[(DATA - RAM_BASE) >>> 12], 1, 'stores mark the RAM page dirty');
  });

  it('misaligned loads and stores complete without trapping, as on QEMU', () => {
    const m = machine();
    poke32(m, DATA, 0x44332211);
    poke32(m, DATA + 4, 0x88776655);
    poke32(m, DATA + 0xffc, 0xddccbbaa | 0);
    poke32(m, DATA + 0x1000, 0x04030201);
    runProgram([
      E.li(s0, DATA), // li s0, DATA
      E.lw(a0, 1, s0), // lw a0, 1(s0)  -> 0x55443322
      E.lh(a1, 3, s0), // lh a1, 3(s0)  -> 0x5544
      E.lhu(a2, 7, s0), // lhu a2, 7(s0) -> 0x??88 with next byte
      E.li(t0, 0xcafef00d | 0), // li t0, 0xcafef00d
      E.sw(t0, 9, s0), // sw t0, 9(s0)
      E.li(s1, DATA + 0xffe), // li s1, DATA + 0xffe (crosses into the next page)
      E.lw(a3, 0, s1), // lw a3, 0(s1) -> 0x0201ddcc
      E.sw(t0, 0, s1), // sw t0, 0(s1)
    ], m);
    assert.equal(ureg(m, a0), 0x55443322);
    assert.equal(ureg(m, a1), 0x5544);
    assert.equal(ureg(m, a2), 0x0088);
    assert.equal(peek32(m, DATA + 8) >>> 8, 0xfef00d);
    assert.equal(peek32(m, DATA + 12) & 0xff, 0xca);
    assert.equal(ureg(m, a3), 0x0201ddcc);
    assert.equal(peek32(m, DATA + 0xffc) >>> 16, 0xf00d);
    assert.equal(peek32(m, DATA + 0x1000) & 0xffff, 0xcafe);
    assert.equal(m.hart.lastStop.kind, 'breakpoint');
  });

  it('fence is a no-op and fence.i makes freshly stored code visible', () => {
    const m = machine();
    const target = RAM_BASE + 0x100;
    load(m, [E.addi(a0, zero, 1), E.ret()], target); // 0x100: addi a0, zero, 1; ret
    runProgram([
      E.li(s0, target), // li s0, target
      E.jalr(ra, s0, 0), // call target (runs the old instruction)
      E.li(t0, E.addi(a1, zero, 2) | 0), // li t0, <addi a1, zero, 2>
      E.sw(t0, 0, s0), // sw t0, 0(s0)  (overwrite the code)
      E.fence(), // fence
      E.fence_i(), // fence.i
      E.jalr(ra, s0, 0), // call target again (runs the new instruction)
    ], m);
    assert.equal(reg(m, a0), 1);
    assert.equal(reg(m, a1), 2);
  });

  it('counts every retired instruction in icount', () => {
    const m = runProgram([E.nop(), E.nop(), E.fence(), E.addi(a0, a0, 1)]);
    assert.equal(m.hart.icount, 4);
    void sp; void t2;
  });
});
