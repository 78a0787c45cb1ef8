// The `rewind` command as a user runs it (a separate Node process running
// cli/main.ts): the example programs' output and exit statuses, input on
// stdin, bad programs, --max-insns and --trace.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '../..');
const EXAMPLES = join(ROOT, 'examples');
let dir: string;
let bundle: string;

function rewind(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bundle, ...args], {
    cwd: ROOT,
    input: input === undefined ? '' : Buffer.from(input, 'latin1'),
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout.toString('latin1'), stderr: r.stderr.toString('utf8') };
}

describe('rewind command line', function () {
  this.timeout(60_000);

  // Bundled as the package ships it (esbuild.mjs), so each run starts fast.
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rewind-cli-bundle-'));
    bundle = join(dir, 'cli.js');
    await esbuild.build({ entryPoints: [join(ROOT, 'cli/main.ts')], outfile: bundle, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('run: prints hello\'s UART output exactly and exits 0', () => {
    const r = rewind(['run', '--no-pace', join(EXAMPLES, 'hello/hello.elf')]);
    assert.equal(r.stdout, readFileSync(join(EXAMPLES, 'hello/expected.txt'), 'latin1'));
    assert.equal(r.status, 0, r.stderr);
  });

  it('run: takes the guest\'s input from stdin and exits with the guest\'s failure code', () => {
    const r = rewind(['run', join(EXAMPLES, 'heisenbug/heisenbug.elf')], '125\n-40\n1000\nenx\x7fd\n');
    assert.equal(r.stdout, readFileSync(join(EXAMPLES, 'heisenbug/expected-bad.txt'), 'latin1'));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /failure \(code 1\)/);
  });

  it('run: refuses a file that is not an ELF with one line and status 2', () => {
    const r = rewind(['run', join(EXAMPLES, 'hello/hello.c')]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^rewind: .*hello\.c: not an ELF file[^\n]*\n$/);
  });

  it('run --max-insns stops a long program with status 124', () => {
    const r = rewind(['run', '--max-insns', '5000', join(EXAMPLES, 'bench/bench.elf')]);
    assert.equal(r.status, 124);
    assert.match(r.stderr, /stopped after 5000 instructions/);
  });

  it('run --trace prints one disassembled line per instruction', () => {
    const r = rewind(['run', '--trace', '--max-insns', '12', join(EXAMPLES, 'hello/hello.elf')]);
    assert.equal(r.status, 124);
    const lines = r.stderr.split('\n').filter((l) => /^\d+ [0-9a-f]{8}: /.test(l));
    assert.equal(lines.length, 12);
    assert.match(lines[0], /^0 80000000: [0-9a-f]{4,8} +\S+/);
    lines.forEach((line, i) => assert.ok(line.startsWith(`${i} `), line));
  });
});
