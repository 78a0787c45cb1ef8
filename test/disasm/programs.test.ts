// Checks the disassembler against `riscv64-unknown-elf-objdump -d` on
// hand-written programs that use every instruction of RV32IMAC + Zicsr +
// Zifencei + the privileged set, every compressed form, HINTs, illegal
// encodings, symbols and objdump's address comments.
import { strict as assert } from 'assert';
import { CC, OBJDUMP, requirePeers } from '../support/peers';
import { assemble, codeSections, compareWithObjdump, compileC, objdumpLines, scratchDir } from './objdump-harness';
import { BASE_PROGRAM, COMPRESSED_PROGRAM, C_PROGRAM } from './programs';

/** Instruction lines in a program's source: every non-blank line that is not a label, directive or comment. */
function instructionCount(source: string): number {
  return source.split('\n').map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '' && !l.endsWith(':') && (!l.startsWith('.') || /^\.(word|half)\b/.test(l))).length;
}

describe('disassembler vs objdump on hand-written programs', function () {
  let scratch: ReturnType<typeof scratchDir>;
  before(function () {
    requirePeers(this, CC, OBJDUMP);
    scratch = scratchDir();
  });
  after(() => scratch?.cleanup());

  for (const [name, source] of [['base', BASE_PROGRAM], ['compressed', COMPRESSED_PROGRAM]] as const) {
    for (const link of [false, true]) {
      it(`matches objdump on every instruction of the ${name} program (${link ? 'linked ELF with symbols and gp' : 'object file'})`, function () {
        const file = assemble(scratch.dir, `${name}-${link ? 'elf' : 'obj'}`, source, link);
        const result = compareWithObjdump(scratch.dir, file);
        assert.deepEqual(result.mismatches, []);
        // la/call-style pairs expand to two instructions; nothing may go missing.
        assert.ok(result.count >= instructionCount(source), `compared ${result.count} of ${instructionCount(source)} instructions`);
      });
    }
  }

  for (const flags of [['-O2'], ['-O0', '-g']]) {
    it(`matches objdump on every instruction of a C program built with ${flags.join(' ')} and picolibc`, function () {
      const elf = compileC(scratch.dir, `c${flags[0]}`, C_PROGRAM, flags);
      let count = 0;
      for (const section of codeSections(elf)) {
        const result = compareWithObjdump(scratch.dir, elf, section);
        assert.deepEqual(result.mismatches, [], section);
        count += result.count;
      }
      assert.ok(count > 1000, `compared ${count} instructions`);
    });
  }

  it('the linked programs exercise symbols and address comments', function () {
    // Guards the comparison above against passing on programs that lost their interesting lines.
    const file = assemble(scratch.dir, 'base-check', BASE_PROGRAM, true);
    const texts = objdumpLines(file).map((l) => l.text);
    assert.ok(texts.some((t) => /^add a5,a5,\d+ # 8[0-9a-f]+ <.+>$/.test(t)), 'lui+addi comment');
    assert.ok(texts.some((t) => /^lw a0,8\(gp\) # [0-9a-f]+ <.*>$/.test(t)), 'gp comment');
    assert.ok(texts.some((t) => /^jal 8[0-9a-f]+ <_start\+0x[0-9a-f]+>$/.test(t)), 'jump target symbol');
  });
});
