// The heisenbug example is the demo story: a watchpoint on the corrupted
// variable (ledger.total) finds the write that broke it, far from where the
// failure shows. This checks the story holds with real tools, gdb on QEMU:
// with the failing input, the last write to ledger.total before the failed
// audit is the culprit store in history_put; with the good input, nothing
// but ledger_add ever writes it.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { GDB, QEMU, requirePeers } from '../support/peers';
import { runQemu } from '../support/qemu';
import { ExampleRun, findMarker, loadExampleRuns } from './catalog';

interface WatchHit {
  oldValue: number;
  newValue: number;
  func: string;
  line: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function runGdb(scriptFile: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const gdb = spawn(GDB, ['-batch', '-nx', '-x', scriptFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    gdb.stdout.on('data', (c: Buffer) => { output += c.toString('utf8'); });
    gdb.stderr.on('data', (c: Buffer) => { output += c.toString('utf8'); });
    const timer = setTimeout(() => {
      gdb.kill('SIGKILL');
      reject(new Error(`gdb did not finish within ${timeoutMs} ms; output:\n${output}`));
    }, timeoutMs);
    gdb.on('error', (err) => { clearTimeout(timer); reject(err); });
    gdb.on('close', () => { clearTimeout(timer); resolve(output); });
  });
}

/**
 * Runs the example under gdb with a watchpoint on ledger.total and a
 * breakpoint at the failure line; returns every watchpoint hit and whether
 * the failure breakpoint was reached.
 */
async function watchTotal(run: ExampleRun, scratch: string): Promise<{ hits: WatchHit[]; failed: boolean; log: string }> {
  const port = await freePort();
  const failure = findMarker('heisenbug', 'failure');
  const script = path.join(scratch, `${run.name}.gdb`);
  fs.writeFileSync(script, [
    'set pagination off',
    'set confirm off',
    'set width 0',
    'set tcp connect-timeout 10',
    `file ${run.elf}`,
    `target remote 127.0.0.1:${port}`,
    'watch -location ledger.total',
    `break ${path.basename(failure.file)}:${failure.line}`,
    // More continues than the program has stops; gdb -batch stops at the
    // first one that fails (the program has ended).
    ...Array<string>(12).fill('continue'),
    '',
  ].join('\n'));

  const qemu = runQemu(run.elf, {
    args: ['-S', '-gdb', `tcp:127.0.0.1:${port}`],
    input: [{ bytes: run.input, afterOutput: run.waitFor }],
    timeoutMs: 40_000,
  });
  const log = await runGdb(script, 40_000);
  await qemu;

  const hits = [...log.matchAll(/Old value = (-?\d+)\s+New value = (-?\d+)\s+(\w+) \([^)]*\) at \S+:(\d+)/g)]
    .map((m) => ({ oldValue: Number(m[1]), newValue: Number(m[2]), func: m[3], line: Number(m[4]) }));
  const failed = new RegExp(`Breakpoint 2, ledger_audit \\(\\) at \\S+:${failure.line}`).test(log);
  return { hits, failed, log };
}

describe('heisenbug demo story (gdb on QEMU)', function () {
  this.timeout(90_000);
  let scratch = '';
  let runs: ExampleRun[] = [];

  before(function () {
    requirePeers(this, QEMU, GDB);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-heisenbug-'));
    runs = loadExampleRuns();
  });

  after(function () {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  const named = (name: string): ExampleRun => {
    const run = runs.find((r) => r.name === name);
    if (!run) throw new Error(`no run ${name}`);
    return run;
  };

  it('with the failing input, the last write to ledger.total before the failure is the culprit store', async function () {
    const { hits, failed, log } = await watchTotal(named('heisenbug-bad'), scratch);
    assert.ok(failed, `the failure breakpoint was not reached:\n${log}`);
    assert.deepStrictEqual(hits.slice(0, 3).map((h) => [h.func, h.newValue]),
      [['ledger_add', 125], ['ledger_add', 85], ['ledger_add', 1085]], log);
    assert.strictEqual(hits.length, 4, log);
    const culprit = hits[3];
    const marker = findMarker('heisenbug', 'culprit');
    assert.strictEqual(culprit.func, 'history_put', log);
    // gdb reports a watchpoint after the store retires: on the culprit line
    // or the one after it.
    assert.ok(culprit.line === marker.line || culprit.line === marker.line + 1, `stopped at line ${culprit.line}`);
    assert.deepStrictEqual([culprit.oldValue, culprit.newValue], [1085, 1124]);
  });

  it('with the good input, only ledger_add writes ledger.total', async function () {
    const { hits, failed, log } = await watchTotal(named('heisenbug-good'), scratch);
    assert.ok(!failed, log);
    assert.deepStrictEqual(hits.map((h) => h.func), ['ledger_add', 'ledger_add', 'ledger_add'], log);
  });
});
