// Compares the disassembler with objdump on generated encodings: every
// 16-bit parcel (the whole compressed space), and a fixed-seed stream of
// 32-bit words biased towards the opcodes, fields and special values where
// objdump picks aliases, plus longer (48/64/80-bit) encodings and lui/auipc
// pairs that earn objdump's address comments.
import { strict as assert } from 'assert';
import { CC, OBJDUMP, requirePeers } from '../support/peers';
import { assemble, compareWithObjdump, scratchDir } from './objdump-harness';
import { generateWords, pick16, prng } from './generate';

const WORDS = 20000;

describe('disassembler vs objdump on generated encodings', function () {
  let scratch: ReturnType<typeof scratchDir>;
  before(function () {
    requirePeers(this, CC, OBJDUMP);
    scratch = scratchDir();
  });
  after(() => scratch?.cleanup());

  it('prints every 16-bit parcel as objdump does', function () {
    const lines = ['.text', '.globl _start', '_start:'];
    for (let h = 0; h < 0x10000; h++) if ((h & 3) !== 3) lines.push(`.half 0x${h.toString(16)}`);
    const file = assemble(scratch.dir, 'rvc', lines.join('\n') + '\n');
    const result = compareWithObjdump(scratch.dir, file);
    assert.equal(result.count, 0xc000, 'objdump listed every parcel');
    assert.deepEqual(result.mismatches, []);
  });

  it(`prints ${WORDS} fixed-seed 32-bit words as objdump does`, function () {
    const lines = ['.text', '.globl _start', '_start:'];
    for (const w of generateWords(0x5eed1234, WORDS)) lines.push(`.word 0x${w.toString(16)}`);
    const file = assemble(scratch.dir, 'rv32', lines.join('\n') + '\n');
    const result = compareWithObjdump(scratch.dir, file);
    assert.deepEqual(result.mismatches, []);
    // A few words start longer (48/64-bit) encodings and swallow their successors.
    assert.ok(result.count >= WORDS * 0.99, `objdump listed ${result.count} instructions`);
  });

  for (const spec of ['1.9.1', '1.10', '1.11', '1.12']) {
    it(`names all 4096 CSR numbers as objdump does for privileged spec ${spec}`, function () {
      // A named CSR makes the assembler record the spec in .riscv.attributes, which objdump (and the harness) read.
      const lines = ['.text', '.globl _start', '_start:', 'csrr a0, mstatus'];
      for (let csr = 0; csr < 4096; csr++) lines.push(`.word 0x${(((csr << 20) | 0x2573) >>> 0).toString(16)}`);
      const file = assemble(scratch.dir, `csr-${spec}`, lines.join('\n') + '\n', false, [`-Wa,-mpriv-spec=${spec}`]);
      const result = compareWithObjdump(scratch.dir, file);
      assert.deepEqual(result.mismatches, []);
      assert.equal(result.count, 4097);
    });
  }

  for (const arch of ['rv32i2p1', 'rv32i2p1_zmmul1p0', 'rv32i2p1_m2p0_zicsr2p0', 'rv32i2p1_a2p1_c2p0_zifencei2p0_zihintpause2p0']) {
    it(`decodes only the extensions of an ELF built for ${arch}, as objdump does`, function () {
      const lines = [`.attribute arch, "${arch}"`, '.text', '.globl _start', '_start:', '.word 0x0100000f'];
      for (const w of generateWords(arch.length, 3000)) lines.push(`.word 0x${w.toString(16)}`);
      for (let h = 0; h < 0x10000; h += 61) if ((h & 3) !== 3) lines.push(`.half 0x${h.toString(16)}`);
      const file = assemble(scratch.dir, `isa-${arch}`, lines.join('\n') + '\n');
      const result = compareWithObjdump(scratch.dir, file);
      assert.deepEqual(result.mismatches, []);
      assert.ok(result.count > 3500, `compared ${result.count}`);
    });
  }

  it('prints 48-, 64- and 80-bit encodings as objdump does (data directives)', function () {
    const lines = ['.text', '.globl _start', '_start:'];
    const next = prng(7);
    for (let i = 0; i < 200; i++) {
      const parcel = pick16(next, i % 4);
      lines.push(`.half 0x${parcel.toString(16)}`);
      for (let k = 0; k < 5; k++) lines.push(`.half 0x${(next() & 0xffff).toString(16)}`);
    }
    const file = assemble(scratch.dir, 'long', lines.join('\n') + '\n');
    const result = compareWithObjdump(scratch.dir, file);
    assert.ok(result.count >= 200, `objdump listed ${result.count} instructions`);
    assert.deepEqual(result.mismatches, []);
  });
});

