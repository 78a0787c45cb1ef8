// Which workspace files are offered as programs (extension/elfDiscovery.ts):
// checked on the example ELFs as committed and on headers that must be refused.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkRiscv32Elf, ELF_HEADER_BYTES, isInExcludedFolder, programName, sortCandidates } from '../../extension/elfDiscovery';

const examples = path.resolve(__dirname, '../../examples');

function header(file: string): Uint8Array {
  return fs.readFileSync(file).subarray(0, ELF_HEADER_BYTES);
}

/** A valid RV32 executable header, to be spoiled one field at a time. */
function rv32Header(): Uint8Array {
  return header(path.join(examples, 'hello/hello.elf')).slice();
}

describe('extension: ELF discovery', function () {
  it('accepts every example program', function () {
    const elfs = fs.readdirSync(examples).map((d) => path.join(examples, d, `${d}.elf`)).filter((f) => fs.existsSync(f));
    assert.ok(elfs.length >= 5, `examples found: ${elfs.join(', ')}`);
    for (const elf of elfs) assert.deepStrictEqual(checkRiscv32Elf(header(elf)), { ok: true }, elf);
  });

  it('refuses files that are not RV32 executables, saying what they are', function () {
    const cases: [string, (h: Uint8Array) => void, RegExp][] = [
      ['short', () => undefined, /too short/],
      ['text', (h) => h.set([0x23, 0x21, 0x2f, 0x62]), /not an ELF/],
      ['64-bit', (h) => (h[4] = 2), /64-bit/],
      ['big-endian', (h) => (h[5] = 2), /big-endian/],
      ['x86-64', (h) => h.set([62, 0], 18), /machine 62/],
      ['object file', (h) => h.set([1, 0], 16), /not an executable/],
    ];
    for (const [name, spoil, reason] of cases) {
      let h = rv32Header();
      if (name === 'short') h = h.subarray(0, 10);
      spoil(h);
      const verdict = checkRiscv32Elf(h);
      assert.ok(!verdict.ok && reason.test(verdict.reason), `${name}: ${JSON.stringify(verdict)}`);
    }
  });

  it('never searches dependency and build folders', function () {
    assert.ok(isInExcludedFolder('node_modules/x/prog.elf'));
    assert.ok(isInExcludedFolder('test/e2e/.cache/code-server/a.elf'));
    assert.ok(isInExcludedFolder('a/.git/b.elf'));
    assert.ok(!isInExcludedFolder('examples/hello/hello.elf'));
    assert.ok(!isInExcludedFolder('dist.elf'), 'only folders are excluded, not files with the same name');
  });

  it('lists shallow programs first, then by path', function () {
    const sorted = sortCandidates([
      { path: '/w/b/deep/x.elf', relativePath: 'b/deep/x.elf' },
      { path: '/w/z.elf', relativePath: 'z.elf' },
      { path: '/w/a/y.elf', relativePath: 'a/y.elf' },
      { path: '/w/a.elf', relativePath: 'a.elf' },
    ]);
    assert.deepStrictEqual(sorted.map((c) => c.relativePath), ['a.elf', 'z.elf', 'a/y.elf', 'b/deep/x.elf']);
  });

  it('names a program after its file', function () {
    assert.strictEqual(programName('/w/examples/heisenbug/heisenbug.elf'), 'heisenbug');
    assert.strictEqual(programName('C:\\w\\run.rwnd'), 'run');
    assert.strictEqual(programName('firmware'), 'firmware');
  });
});
