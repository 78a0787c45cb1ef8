// Runs every committed example ELF on QEMU (the reference machine) with the
// scripted input of examples/runs.json, and checks the UART output byte for
// byte and the exit status the test finisher gives. Examples whose output
// holds wall time or measured timing are also checked for plausibility.
import * as assert from 'assert';
import { QEMU, requirePeers } from '../support/peers';
import { qemuCommandLine } from '../support/qemu';
import { ExampleRun, loadExampleRuns, maskVariable, runExampleOnQemu } from './catalog';

const runs = loadExampleRuns();
const byName = (name: string): ExampleRun => {
  const run = runs.find((r) => r.name === name);
  if (!run) throw new Error(`examples/runs.json has no run named ${name}`);
  return run;
};

/** Shows control characters, so a diff of UART output is readable. */
const visible = (text: string): string => text.replace(/[\x00-\x09\x0b-\x1f\x7f]/g, (c) =>
  c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

describe('examples on QEMU', function () {
  this.timeout(30_000);
  before(function () {
    requirePeers(this, QEMU);
  });

  for (const run of runs) {
    it(`${run.name}: prints the expected output and exits with status ${run.exitCode}`, async function () {
      const result = await runExampleOnQemu(run);
      const expected = run.expected.toString('latin1');
      if (run.variable.length === 0) {
        assert.strictEqual(visible(result.text), visible(expected), qemuCommandLine(run.elf, run.qemuArgs).join(' '));
      } else {
        assert.strictEqual(visible(maskVariable(run, result.text)), visible(maskVariable(run, expected)));
      }
      assert.strictEqual(result.exitCode, run.exitCode, `QEMU exit status; stderr: ${result.stderr}`);
    });
  }

  it('clock: prints five wall times from the RTC, near the host clock and never going back', async function () {
    const result = await runExampleOnQemu(byName('clock'));
    const times = [...result.text.matchAll(/^tick (\d): (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3}) UTC\r$/gm)]
      .map((m) => ({ tick: Number(m[1]), ms: Date.UTC(+m[2], +m[3] - 1, +m[4], +m[5], +m[6], +m[7], +m[8]) }));
    assert.deepStrictEqual(times.map((t) => t.tick), [1, 2, 3, 4, 5], result.text);
    const day = 24 * 3600 * 1000;
    for (const t of times) assert.ok(Math.abs(t.ms - Date.now()) < day, `${new Date(t.ms).toISOString()} is not within a day of the host clock`);
    for (let i = 1; i < times.length; i++) assert.ok(times[i].ms >= times[i - 1].ms, `tick ${i + 1} is earlier than tick ${i}`);
  });

  it('bench: checksums are exact; instruction counts match QEMU icount to within a few mtime ticks and add up', async function () {
    const run = byName('bench');
    const parse = (text: string): Map<string, { checksum: string; instructions: number }> => new Map(
      [...text.matchAll(/^(\w+): checksum ([0-9a-f]{8}), (\d+) instructions\r$/gm)]
        .map((m) => [m[1], { checksum: m[2], instructions: Number(m[3]) }]));
    const result = await runExampleOnQemu(run);
    const measured = parse(result.text);
    const reference = parse(run.expected.toString('latin1'));
    assert.deepStrictEqual([...measured.keys()], ['crc32', 'sort', 'sha256', 'matmul']);
    // mtime ticks every 100 instructions and where the first read falls
    // within a tick varies between QEMU runs; allow a few ticks.
    for (const [kernel, ref] of reference) {
      const got = measured.get(kernel);
      assert.ok(got, kernel);
      assert.strictEqual(got.checksum, ref.checksum, `${kernel} checksum`);
      assert.ok(Math.abs(got.instructions - ref.instructions) <= 500, `${kernel}: ${got.instructions} vs ${ref.instructions} instructions`);
    }
    const total = Number(/^total instructions (\d+)\r$/m.exec(result.text)?.[1]);
    const sum = [...measured.values()].reduce((s, k) => s + k.instructions, 0);
    assert.strictEqual(total, sum);
    assert.ok(total > 1e8 && total < 3e8, `total ${total} instructions: outside the sizing of 1-3 x 10^8`);
  });

  it('heisenbug: the failing input ends with the audit failure; the same numbers typed differently pass', async function () {
    const bad = await runExampleOnQemu(byName('heisenbug-bad'));
    const good = await runExampleOnQemu(byName('heisenbug-good'));
    assert.match(bad.text, /audit FAILED: total is 1124, entries add up to 1085/);
    assert.strictEqual(bad.exitCode, 1);
    assert.match(good.text, /audit ok: total 1085, entries: 3/);
    assert.strictEqual(good.exitCode, 0);
  });

  it('tasks: the output is the same whether or not timer interrupts fall on exact instruction counts', async function () {
    // The tasks take turns through a shared variable, so where the timer
    // preempts them must not change what they print.
    const run = byName('tasks');
    const withIcount = await runExampleOnQemu({ ...run, qemuArgs: ['-icount', 'shift=0'] });
    assert.strictEqual(visible(withIcount.text), visible(run.expected.toString('latin1')));
    assert.strictEqual(withIcount.exitCode, 0);
  });
});
