// Random valid RV32IMAC programs (fixed seeds) run on QEMU and on Rewind;
// each program ends by printing every register and its scratch memory over
// the UART, and the two machines must print the same bytes. 10 images of 20
// programs each: 200 programs per run.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Machine } from '../../emulator/index';
import { CC, QEMU, requirePeers } from '../support/peers';
import { runQemu } from '../support/qemu';
import { randomProgramSource } from './randomProgram';

const IMAGES = 10;
const PROGRAMS_PER_IMAGE = 20;
const INSTRUCTIONS_PER_PROGRAM = 60;

function assemble(dir: string, seed: number): string {
  const source = path.join(dir, `random-${seed}.S`);
  const elf = path.join(dir, `random-${seed}.elf`);
  fs.writeFileSync(source, randomProgramSource(seed, PROGRAMS_PER_IMAGE, INSTRUCTIONS_PER_PROGRAM));
  execFileSync(CC, ['-march=rv32imac_zicsr_zifencei', '-mabi=ilp32', '-nostdlib', '-nostartfiles', '-Wl,-Ttext=0x80000000', '-Wl,--nmagic', '-Wl,--no-warn-rwx-segments', '-o', elf, source]);
  return elf;
}

function runOnRewind(elf: string): { text: string; exitCode: number } {
  const out: number[] = [];
  const machine = new Machine({ ramSizeMiB: 16, hostInputs: { wallClockNs: () => 0n }, uartSink: (b) => out.push(b) });
  machine.loadElf(fs.readFileSync(elf));
  for (let slices = 0; slices < 100; slices++) {
    const stop = machine.run(1_000_000);
    if (stop.kind === 'exit') return { text: Buffer.from(out).toString('latin1'), exitCode: stop.code };
    if (stop.kind !== 'budget') throw new Error(`unexpected stop ${JSON.stringify(stop)} at icount ${machine.icount}`);
  }
  throw new Error('no exit after 1e8 instructions');
}

/** The first line where two dumps differ, with the register names for a reader. */
function firstDifference(ours: string, theirs: string): string {
  const a = ours.split('\n');
  const b = theirs.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    const wa = (a[i] ?? '').split(' ');
    const wb = (b[i] ?? '').split(' ');
    const diffs = wa.map((w, j) => (w === wb[j] ? '' : `${j === 0 ? 'header' : j <= 32 ? `x${j - 1}` : `scratch[${(j - 33) * 4}]`}: rewind ${w} qemu ${wb[j]}`)).filter(Boolean);
    return `program line ${i}: ${diffs.slice(0, 6).join('; ')}`;
  }
  return 'identical';
}

describe('random programs: Rewind against QEMU', function () {
  this.timeout(120_000);
  let dir = '';

  before(function () {
    requirePeers(this, CC, QEMU);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-random-'));
  });

  after(function () {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (let seed = 1; seed <= IMAGES; seed++) {
    it(`seed ${seed}: ${PROGRAMS_PER_IMAGE} programs print the same registers and memory`, async function () {
      const elf = assemble(dir, seed);
      const qemu = await runQemu(elf, { timeoutMs: 30_000 });
      const rewind = runOnRewind(elf);
      assert.strictEqual(qemu.exitCode, 0, `QEMU did not pass: ${qemu.stderr}`);
      assert.strictEqual(qemu.text.split('\n').length - 1, PROGRAMS_PER_IMAGE, 'QEMU printed one dump per program');
      assert.strictEqual(rewind.text, qemu.text, firstDifference(rewind.text, qemu.text));
      assert.strictEqual(rewind.exitCode, 0);
    });
  }
});
