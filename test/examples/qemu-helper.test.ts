// The QEMU runner in test/support/qemu.ts, on the cases other suites rely
// on: input waits for its prompt, and a guest that never finishes is killed
// and reported with the output it had produced.
import * as assert from 'assert';
import { QEMU, requirePeers } from '../support/peers';
import { runQemu } from '../support/qemu';
import { loadExampleRuns } from './catalog';

describe('runQemu (test support)', function () {
  this.timeout(30_000);
  before(function () {
    requirePeers(this, QEMU);
  });

  const echoElf = (): string => {
    const run = loadExampleRuns().find((r) => r.name === 'echo');
    if (!run) throw new Error('no echo run');
    return run.elf;
  };

  it('sends each input piece after its prompt, in order', async function () {
    const result = await runQemu(echoElf(), {
      input: [
        { bytes: 'one\r', afterOutput: '> ' },
        { bytes: 'two\r', afterOutput: '"one"' },
        { bytes: Buffer.from('quit\r', 'latin1'), afterOutput: '"two"' },
      ],
    });
    assert.strictEqual(result.exitCode, 0, result.text);
    assert.match(result.text, /you typed "one".*you typed "two".*bye/s);
  });

  it('kills a guest that does not finish in time and reports its output so far', async function () {
    const started = Date.now();
    await assert.rejects(runQemu(echoElf(), { timeoutMs: 1500 }),
      (err: Error) => /did not finish within 1500 ms/.test(err.message) && err.message.includes('quit'));
    assert.ok(Date.now() - started < 10_000);
  });
});
