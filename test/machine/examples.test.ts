// Every example program on Rewind's machine against QEMU 7.2 running the
// same ELF: byte-identical UART output (masking only wall time and measured
// timing, as examples/runs.json lists) and the same exit status, with the
// scripted UART input typed once the prompt appears. bench's instruction
// counts, measured by the guest from mtime, agree with QEMU -icount shift=0
// to within one mtime tick (100 instructions).
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { Machine } from '../../emulator/index';
import { ExampleRun, loadExampleRuns, maskVariable, runExampleOnQemu } from '../examples/catalog';
import { QEMU, requirePeers } from '../support/peers';

interface RewindRun {
  readonly text: string;
  readonly exitCode: number;
  readonly icount: number;
  readonly stateHash: string;
}

/** Runs an example to its finisher write, typing its input once the output shows `waitFor`. */
export function runExampleOnRewind(run: ExampleRun, maxInstructions = run.name === 'bench' ? 200_000_000 : 25_000_000): RewindRun {
  const out: number[] = [];
  // A wall clock that starts in 2026 and moves 1 ms per read: the RTC's value is masked anyway.
  let wallNs = 1_790_000_000_000_000_000n;
  const machine = new Machine({
    hostInputs: { wallClockNs: () => (wallNs += 1_000_000n) },
    uartSink: (b) => out.push(b),
  });
  machine.loadElf(readFileSync(run.elf));
  const input = Buffer.from(run.input, 'latin1');
  let sent = 0;
  const prompted = (): boolean => run.waitFor === undefined || Buffer.from(out).toString('latin1').includes(run.waitFor);
  while (machine.icount < maxInstructions) {
    if (sent < input.length && prompted()) sent += machine.uartReceive(input.subarray(sent));
    const stop = machine.run(5_000_000, { hostInputPending: sent < input.length && prompted() });
    if (stop.kind === 'exit') {
      return { text: Buffer.from(out).toString('latin1'), exitCode: stop.code, icount: machine.icount, stateHash: machine.stateHash() };
    }
    if (stop.kind === 'reset') machine.reset();
    else if (stop.kind === 'inputReady') continue;
    else if (stop.kind === 'idle' && sent === input.length) throw new Error(`${run.name}: waits for input after all of it was typed; output: ${JSON.stringify(Buffer.from(out).toString('latin1'))}`);
    else if (stop.kind !== 'budget' && stop.kind !== 'idle') throw new Error(`${run.name}: unexpected stop ${JSON.stringify(stop)}`);
  }
  throw new Error(`${run.name}: no exit after ${maxInstructions} instructions`);
}

const visible = (text: string): string =>
  text.replace(/[\x00-\x09\x0b-\x1f\x7f]/g, (c) => (c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));

const kernelCounts = (text: string): Map<string, number> =>
  new Map([...text.matchAll(/^(\w+): checksum [0-9a-f]{8}, (\d+) instructions\r$/gm)].map((m) => [m[1], Number(m[2])]));

describe('examples on Rewind, against QEMU', function () {
  this.timeout(60_000);
  const runs = loadExampleRuns();

  before(function () {
    requirePeers(this, QEMU);
  });

  for (const run of runs) {
    it(`${run.name}: the same UART output and exit status as on QEMU`, async () => {
      const [qemu, rewind] = await Promise.all([runExampleOnQemu(run), Promise.resolve().then(() => runExampleOnRewind(run))]);
      assert.equal(visible(maskVariable(run, rewind.text)), visible(maskVariable(run, qemu.text)));
      if (run.variable.length === 0) assert.equal(rewind.text, qemu.text, 'byte for byte');
      assert.equal(rewind.exitCode, qemu.exitCode);
      assert.equal(rewind.exitCode, run.exitCode);
      if (run.name === 'bench') {
        const ours = kernelCounts(rewind.text);
        const theirs = kernelCounts(qemu.text);
        assert.deepEqual([...ours.keys()], ['crc32', 'sort', 'sha256', 'matmul']);
        for (const [kernel, count] of ours) {
          const reference = theirs.get(kernel) as number;
          assert.ok(Math.abs(count - reference) <= 100, `${kernel}: ${count} instructions on Rewind, ${reference} on QEMU`);
        }
      }
    });
  }

  it('gives the same machine state at the end of a run every time', () => {
    const echo = runs.find((r) => r.name === 'echo') as ExampleRun;
    const a = runExampleOnRewind(echo);
    const b = runExampleOnRewind(echo);
    assert.equal(a.icount, b.icount);
    assert.equal(a.stateHash, b.stateHash);
  });
});
