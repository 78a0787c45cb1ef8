// The example ELFs are committed so that demos and tests need no cross
// compiler. This rebuilds them from source in a copy of examples/ at another
// path (as a CI checkout would be) and checks every ELF is byte-equal to the
// committed one: the build is reproducible and the ELFs are up to date.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CC, requirePeers } from '../support/peers';
import { EXAMPLES_DIR, exampleNames } from './catalog';

describe('examples build', function () {
  this.timeout(120_000);
  let scratch = '';

  before(function () {
    requirePeers(this, CC, 'make');
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-examples-'));
  });

  after(function () {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('make -C examples in another folder rebuilds every committed ELF byte for byte', function () {
    const copy = path.join(scratch, 'elsewhere', 'examples');
    // Sources only: no objects or ELFs, so make has to build everything.
    fs.cpSync(EXAMPLES_DIR, copy, {
      recursive: true,
      filter: (src) => path.basename(src) !== 'build' && !src.endsWith('.elf'),
    });
    const make = spawnSync('make', ['-C', copy, '-j2'], { encoding: 'utf8', timeout: 100_000 });
    assert.strictEqual(make.status, 0, `make failed:\n${make.stdout}\n${make.stderr}`);

    const names = exampleNames();
    assert.ok(names.length >= 6, `examples: ${names.join(' ')}`);
    for (const name of names) {
      const committed = path.join(EXAMPLES_DIR, name, `${name}.elf`);
      const rebuilt = path.join(copy, name, `${name}.elf`);
      assert.ok(fs.existsSync(committed), `${name}.elf is not committed`);
      assert.ok(
        fs.readFileSync(rebuilt).equals(fs.readFileSync(committed)),
        `examples/${name}/${name}.elf differs from a fresh build: run make -C examples and commit the ELF`);
    }
    // The long benchmark build of bench.c is committed too.
    assert.ok(
      fs.readFileSync(path.join(copy, 'bench', 'bench-long.elf')).equals(fs.readFileSync(path.join(EXAMPLES_DIR, 'bench', 'bench-long.elf'))),
      'examples/bench/bench-long.elf differs from a fresh build: run make -C examples and commit the ELF');
  });
});
