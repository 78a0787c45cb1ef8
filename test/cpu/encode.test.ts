// Checks the tests' instruction encoder against the GNU assembler, so that
// the instruction tests exercise the hart with real encodings.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CC, requirePeers } from '../support/peers';
import * as E from './encode';
import { a0, a1, a5, ra, s0, s1, sp, t0, t1, t6, zero } from './encode';

const CASES: [string, number][] = [
  ['lui a0, 0x12345', E.lui(a0, 0x12345)],
  ['auipc t0, 0xfffff', E.auipc(t0, 0xfffff)],
  ['jal ra, .+2048', E.jal(ra, 2048)],
  ['jal zero, .-1048576', E.jal(zero, -1048576)],
  ['jalr t0, 17(t1)', E.jalr(t0, t1, 17)],
  ['beq t0, t1, .-4096', E.beq(t0, t1, -4096)],
  ['bne a0, a1, .+4094', E.bne(a0, a1, 4094)],
  ['blt a0, zero, .+8', E.blt(a0, zero, 8)],
  ['bge a0, a1, .-2', E.bge(a0, a1, -2)],
  ['bltu t6, sp, .+100', E.bltu(t6, sp, 100)],
  ['bgeu t6, sp, .-100', E.bgeu(t6, sp, -100)],
  ['lb a0, -2048(sp)', E.lb(a0, -2048, sp)],
  ['lh a0, 2047(sp)', E.lh(a0, 2047, sp)],
  ['lw t6, 4(s0)', E.lw(t6, 4, s0)],
  ['lbu a0, 1(a1)', E.lbu(a0, 1, a1)],
  ['lhu a0, -2(a1)', E.lhu(a0, -2, a1)],
  ['sb a0, -1(sp)', E.sb(a0, -1, sp)],
  ['sh a0, 2047(sp)', E.sh(a0, 2047, sp)],
  ['sw t6, -2048(s1)', E.sw(t6, -2048, s1)],
  ['addi a0, a1, -1', E.addi(a0, a1, -1)],
  ['slti a0, a1, 5', E.slti(a0, a1, 5)],
  ['sltiu a0, a1, -5', E.sltiu(a0, a1, -5)],
  ['xori a0, a1, 0x7ff', E.xori(a0, a1, 0x7ff)],
  ['ori a0, a1, -2048', E.ori(a0, a1, -2048)],
  ['andi a0, a1, 15', E.andi(a0, a1, 15)],
  ['slli a0, a1, 31', E.slli(a0, a1, 31)],
  ['srli a0, a1, 1', E.srli(a0, a1, 1)],
  ['srai a0, a1, 17', E.srai(a0, a1, 17)],
  ['add a0, a1, t6', E.add(a0, a1, t6)],
  ['sub a0, a1, t6', E.sub(a0, a1, t6)],
  ['sll a0, a1, t6', E.sll(a0, a1, t6)],
  ['slt a0, a1, t6', E.slt(a0, a1, t6)],
  ['sltu a0, a1, t6', E.sltu(a0, a1, t6)],
  ['xor a0, a1, t6', E.xor(a0, a1, t6)],
  ['srl a0, a1, t6', E.srl(a0, a1, t6)],
  ['sra a0, a1, t6', E.sra(a0, a1, t6)],
  ['or a0, a1, t6', E.or(a0, a1, t6)],
  ['and a0, a1, t6', E.and(a0, a1, t6)],
  ['fence', E.fence()],
  ['fence.i', E.fence_i()],
  ['ecall', E.ecall()],
  ['ebreak', E.ebreak()],
  ['sret', E.sret()],
  ['mret', E.mret()],
  ['wfi', E.wfi()],
  ['sfence.vma a0, a1', E.sfence_vma(a0, a1)],
  ['mul a0, a1, t6', E.mul(a0, a1, t6)],
  ['mulh a0, a1, t6', E.mulh(a0, a1, t6)],
  ['mulhsu a0, a1, t6', E.mulhsu(a0, a1, t6)],
  ['mulhu a0, a1, t6', E.mulhu(a0, a1, t6)],
  ['div a0, a1, t6', E.div(a0, a1, t6)],
  ['divu a0, a1, t6', E.divu(a0, a1, t6)],
  ['rem a0, a1, t6', E.rem(a0, a1, t6)],
  ['remu a0, a1, t6', E.remu(a0, a1, t6)],
  ['lr.w a0, (a1)', E.lr_w(a0, a1)],
  ['sc.w a0, t6, (a1)', E.sc_w(a0, t6, a1)],
  ['amoswap.w a0, t6, (a1)', E.amoswap_w(a0, t6, a1)],
  ['amoadd.w a0, t6, (a1)', E.amoadd_w(a0, t6, a1)],
  ['amoxor.w a0, t6, (a1)', E.amoxor_w(a0, t6, a1)],
  ['amoand.w a0, t6, (a1)', E.amoand_w(a0, t6, a1)],
  ['amoor.w a0, t6, (a1)', E.amoor_w(a0, t6, a1)],
  ['amomin.w a0, t6, (a1)', E.amomin_w(a0, t6, a1)],
  ['amomax.w a0, t6, (a1)', E.amomax_w(a0, t6, a1)],
  ['amominu.w a0, t6, (a1)', E.amominu_w(a0, t6, a1)],
  ['amomaxu.w a0, t6, (a1)', E.amomaxu_w(a0, t6, a1)],
  ['csrrw a0, mscratch, a1', E.csrrw(a0, 0x340, a1)],
  ['csrrs a0, mstatus, zero', E.csrrs(a0, 0x300, zero)],
  ['csrrc a0, 0xfff, a1', E.csrrc(a0, 0xfff, a1)],
  ['csrrwi a0, mtvec, 31', E.csrrwi(a0, 0x305, 31)],
  ['csrrsi zero, sstatus, 2', E.csrrsi(zero, 0x100, 2)],
  ['csrrci a0, mie, 8', E.csrrci(a0, 0x304, 8)],
  ['c.addi4spn s0, sp, 1020', E.c_addi4spn(s0, 1020)],
  ['c.addi4spn a5, sp, 4', E.c_addi4spn(a5, 4)],
  ['c.lw a0, 124(s1)', E.c_lw(a0, 124, s1)],
  ['c.sw a5, 64(s0)', E.c_sw(a5, 64, s0)],
  ['c.nop', E.c_nop()],
  ['c.addi a0, -32', E.c_addi(a0, -32)],
  ['c.jal .+2046', E.c_jal(2046)],
  ['c.jal .-2048', E.c_jal(-2048)],
  ['c.li t6, 31', E.c_li(t6, 31)],
  ['c.addi16sp sp, -512', E.c_addi16sp(-512)],
  ['c.addi16sp sp, 496', E.c_addi16sp(496)],
  ['c.lui a0, 0xfffe0', E.c_lui(a0, -32)],
  ['c.lui t6, 31', E.c_lui(t6, 31)],
  ['c.srli s0, 31', E.c_srli(s0, 31)],
  ['c.srai a5, 1', E.c_srai(a5, 1)],
  ['c.andi s1, -1', E.c_andi(s1, -1)],
  ['c.sub s0, a5', E.c_sub(s0, a5)],
  ['c.xor s0, a5', E.c_xor(s0, a5)],
  ['c.or s0, a5', E.c_or(s0, a5)],
  ['c.and s0, a5', E.c_and(s0, a5)],
  ['c.j .-2', E.c_j(-2)],
  ['c.j .+1000', E.c_j(1000)],
  ['c.beqz s0, .-256', E.c_beqz(s0, -256)],
  ['c.bnez a5, .+254', E.c_bnez(a5, 254)],
  ['c.slli t6, 31', E.c_slli(t6, 31)],
  ['c.lwsp ra, 252(sp)', E.c_lwsp(ra, 252)],
  ['c.jr ra', E.c_jr(ra)],
  ['c.mv a0, t6', E.c_mv(a0, t6)],
  ['c.ebreak', E.c_ebreak()],
  ['c.jalr t0', E.c_jalr(t0)],
  ['c.add a0, t6', E.c_add(a0, t6)],
  ['c.swsp t6, 252(sp)', E.c_swsp(t6, 252)],
];

describe('cpu: test encoder matches the GNU assembler', function () {
  before(function () {
    requirePeers(this, CC, 'riscv64-unknown-elf-objcopy');
  });

  it('encodes every instruction the hart tests use exactly as `as` does', function () {
    const dir = mkdtempSync(join(tmpdir(), 'rewind-encode-'));
    try {
      const src = ['.option norelax', '.text', ...CASES.map(([text]) =>
        (text.startsWith('c.') ? `.option rvc\n${text}\n.option norvc` : text))].join('\n');
      writeFileSync(join(dir, 'a.S'), `.option norvc\n${src}\n`);
      execFileSync(CC, ['-march=rv32imac_zicsr_zifencei', '-mabi=ilp32', '-c', '-o', join(dir, 'a.o'), join(dir, 'a.S')]);
      execFileSync('riscv64-unknown-elf-objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'a.o'), join(dir, 'a.bin')]);
      const bin = readFileSync(join(dir, 'a.bin'));
      let off = 0;
      for (const [text, ours] of CASES) {
        const size = (ours & 3) === 3 ? 4 : 2;
        const theirs = size === 4 ? bin.readUInt32LE(off) : bin.readUInt16LE(off);
        assert.equal(ours.toString(16), theirs.toString(16), text);
        off += size;
      }
      assert.equal(off, bin.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
