// The recording commands, run in-process with in-memory stdio: record a
// program with typed input (exit status = the guest's), replay it (exit 0
// and the same output), info, dump and seek; a damaged, cut or tampered
// log and the wrong program give a clear message and exit 2 (1 for a
// divergence), never a crash.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCommandDump } from '../../cli/dump';
import { runCommandInfo } from '../../cli/info';
import { runCommandRecord } from '../../cli/record';
import { runCommandReplay } from '../../cli/replay';
import { runCommandSeek } from '../../cli/seek';
import { EventKind, MemorySink, ReplayLogWriter, readLog } from '../../emulator/replay';
import { runCli } from '../cli/cliHarness';
import { exampleRun } from '../timetravel/helpers';

describe('rewind record / replay / info / dump / seek', function () {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-record-'));
  const echo = exampleRun('echo');
  const log = path.join(dir, 'echo.rwnd');
  const deps = { hostInputs: { wallClockNs: () => 1n } };
  let recordedOutput = '';

  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records a program with typed input; the exit status is the guest\'s', async function () {
    const result = await runCli((io) => runCommandRecord([echo.elf, '-o', log, '--checkpoint-interval', '1000', '--ram', '4'], io, deps), { chunks: [echo.input] });
    assert.strictEqual(result.code, 0, result.stderr);
    assert.strictEqual(result.stdout, echo.expected.toString('latin1'));
    assert.match(result.stderr, /recorded \d+ instructions/);
    assert.ok(fs.existsSync(`${log}.snap`), 'the snapshot file is saved next to the log');
    recordedOutput = result.stdout;
    const events = readLog(fs.readFileSync(log)).events;
    assert.strictEqual(events.filter((e) => e.kind === EventKind.Input).length, echo.input.length);
  });

  it('a guest that fails gives its code as the exit status, and the log still replays', async function () {
    const bad = exampleRun('heisenbug-bad');
    const badLog = path.join(dir, 'bad.rwnd');
    const result = await runCli((io) => runCommandRecord([bad.elf, '-o', badLog, '--ram', '4', '--no-snapshots'], io, deps), { chunks: [bad.input] });
    assert.strictEqual(result.code, 1, result.stderr);
    assert.match(result.stdout, /audit FAILED/);
    const replayed = await runCli((io) => runCommandReplay([badLog], io));
    assert.strictEqual(replayed.code, 0, replayed.stderr);
    assert.strictEqual(replayed.stdout, result.stdout);
  });

  it('replays it: same output, exit 0', async function () {
    const result = await runCli((io) => runCommandReplay([log], io));
    assert.strictEqual(result.code, 0, result.stderr);
    assert.strictEqual(result.stdout, recordedOutput);
    assert.match(result.stderr, /replay matches the recording: \d+ instructions, the guest exited with code 0/);
  });

  it('info describes the header, the event counts and the length', async function () {
    const result = await runCli((io) => runCommandInfo([log], io));
    assert.strictEqual(result.code, 0, result.stderr);
    assert.match(result.stdout, /machine: +virt, RAM 4 MiB at 0x80000000, icount shift 0/);
    assert.match(result.stdout, new RegExp(`input ${echo.input.length}`));
    assert.match(result.stdout, /length: +\d+ instructions/);
    assert.match(result.stdout, /status: +complete/);
  });

  it('dump prints one event per line', async function () {
    const result = await runCli((io) => runCommandDump([log], io));
    assert.strictEqual(result.code, 0);
    const lines = result.stdout.trim().split('\n');
    assert.ok(lines.some((l) => /^\d+ input device=0 count=1 "h"$/.test(l)));
    assert.match(lines[lines.length - 1], /^# complete: /);
  });

  it('seek shows the pc, the instruction and the registers at an icount', async function () {
    const result = await runCli((io) => runCommandSeek([log, '--icount', '3000', '--regs'], io));
    assert.strictEqual(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.match(lines[0], /^icount 3000 {2}pc 0x8000[0-9a-f]{4} {2}[0-9a-f]{4,8} {2}\S+/);
    assert.strictEqual(lines.length, 9);
    assert.match(lines[1], /^zero\(x0\) +0x00000000 +ra\(x1\) +0x[0-9a-f]{8}/);
  });

  it('a damaged log: clear error naming the offset, exit 2', async function () {
    const bytes = fs.readFileSync(log);
    const damaged = path.join(dir, 'damaged.rwnd');
    const copy = Uint8Array.from(bytes);
    copy[bytes.length - 20] ^= 0xff;
    fs.writeFileSync(damaged, copy);
    for (const command of [runCommandReplay, runCommandInfo, runCommandDump]) {
      const result = await runCli((io) => command([damaged, ...(command === runCommandReplay ? ['--elf', echo.elf] : [])], io));
      assert.strictEqual(result.code, 2, `${command.name}: ${result.stderr}`);
      assert.match(result.stderr, /byte offset \d+/);
    }
    const notALog = path.join(dir, 'not-a-log.rwnd');
    fs.writeFileSync(notALog, 'hello');
    const result = await runCli((io) => runCommandReplay([notALog], io));
    assert.strictEqual(result.code, 2);
    assert.match(result.stderr, /not a Rewind replay log/);
  });

  it('a cut log replays its valid prefix, then reports the cut (exit 2)', async function () {
    const bytes = fs.readFileSync(log);
    const cut = path.join(dir, 'cut.rwnd');
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 7));
    const result = await runCli((io) => runCommandReplay([cut, '--quiet'], io));
    assert.strictEqual(result.code, 2, result.stderr);
    assert.match(result.stderr, /replayed the valid prefix .* byte offset \d+/);
  });

  it('the wrong program is refused (exit 2); a tampered input diverges (exit 1)', async function () {
    const wrong = await runCli((io) => runCommandReplay([log, '--elf', exampleRun('hello').elf], io));
    assert.strictEqual(wrong.code, 2);
    assert.match(wrong.stderr, /SHA-256/);

    const bytes = fs.readFileSync(log);
    const contents = readLog(bytes);
    const firstInput = contents.events.find((e) => e.kind === EventKind.Input);
    assert.ok(firstInput && firstInput.kind === EventKind.Input);
    // The same log with its first input byte changed (chunks re-written, so only the content differs).
    const sink = new MemorySink();
    const h = contents.header;
    if (!h) throw new Error('no header');
    const writer = new ReplayLogWriter(sink, { machine: h.machine, elfSha256: h.elfSha256, metadata: h.metadata });
    let done = false;
    for (const e of contents.events) {
      if (e.kind === EventKind.End) continue;
      if (!done && e.kind === EventKind.Input) {
        writer.append({ ...e, bytes: Uint8Array.of(0x7a) });
        done = true;
      } else writer.append(e);
    }
    writer.close(contents.events[contents.events.length - 1].icount);
    const tampered = path.join(dir, 'tampered.rwnd');
    fs.writeFileSync(tampered, sink.bytes());
    const result = await runCli((io) => runCommandReplay([tampered, '--quiet'], io));
    assert.strictEqual(result.code, 1, result.stderr);
    assert.match(result.stderr, /DIVERGES from the recording at instruction \d+/);
    assert.match(result.stderr, /expected hash: [0-9a-f]{64}/);
    assert.match(result.stderr, /nearest event: /);
  });
});
