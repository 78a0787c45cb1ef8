// Checks the disassembler against objdump on every instruction of every
// code section of the project's example programs (examples/*/*.elf), the
// ELFs users will step through in the debugger's disassembly view.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CC, OBJDUMP, requirePeers } from '../support/peers';
import { codeSections, compareWithObjdump, scratchDir } from './objdump-harness';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

function exampleElfs(): string[] {
  if (!fs.existsSync(EXAMPLES)) return [];
  return fs.readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(EXAMPLES, d.name)).filter((f) => f.endsWith('.elf')).map((f) => path.join(EXAMPLES, d.name, f)))
    .sort();
}

describe('disassembler vs objdump on the example programs', function () {
  let scratch: ReturnType<typeof scratchDir>;
  before(function () {
    requirePeers(this, CC, OBJDUMP);
    scratch = scratchDir();
  });
  after(() => scratch?.cleanup());

  const elfs = exampleElfs();
  if (elfs.length === 0) {
    it('finds example ELFs to compare', function () {
      process.stderr.write(`  skipped: no example ELFs under ${EXAMPLES} yet\n`);
      this.skip();
    });
  }
  for (const elf of elfs) {
    it(`matches objdump on every instruction of ${path.relative(EXAMPLES, elf)}`, function () {
      // The ELF as shipped: its mapping symbols are objdump's to use, as a user would run it.
      let count = 0;
      for (const section of codeSections(elf)) {
        const result = compareWithObjdump(scratch.dir, elf, section);
        assert.deepEqual(result.mismatches, [], section);
        count += result.count;
      }
      assert.ok(count > 0, 'the ELF has code');
    });
  }
});
