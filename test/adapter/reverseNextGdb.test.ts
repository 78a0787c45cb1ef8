// reverse-next against gdb-multiarch on QEMU's record/replay
// (docs/system/replay.rst: `-icount shift=0,rr=record|replay`): from the
// exit of examples/hello back into main, the lines gdb's reverse-next and
// reverse-step stop at (function, file, line, pc) are the adapter's, out of
// board_exit into crt0's _start and, by reverse-step, back into main.
import * as assert from 'assert';
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { GDB, QEMU, requirePeers } from '../support/peers';
import { createSnapshotDisk, freePort, gdbConnectPython, icountReplayArgs, replayBoardArgs } from '../support/qemuReplay';
import { Adapter, EXAMPLES, andStop, startAdapter } from './support/adapter';

const PROGRAM = path.join(EXAMPLES, 'hello/hello.elf');
/** Steps taken back after the first one from the exit. */
const STEPS = 12;

interface Stop {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly pc: number;
}

// gdb's side: to `start` (a breakpoint), then STEPS times back, printing one `STOP {json}` line per stop.
function gdbScript(port: number, start: number): string {
  return `
import gdb, json, os, time
${gdbConnectPython(port)}
connect()
def stop():
    f = gdb.selected_frame(); sal = f.find_sal()
    name = os.path.basename(sal.symtab.filename) if sal.symtab else "?"
    print("STOP " + json.dumps({"name": f.name(), "file": name, "line": sal.line, "pc": int(gdb.parse_and_eval("$pc")) & 0xffffffff}))
gdb.execute("break *${start}", to_string=True)
gdb.execute("continue", to_string=True)
stop()
for i in range(${STEPS}):
    gdb.execute("reverse-step" if gdb.selected_frame().name() == "_start" else "reverse-next", to_string=True)
    stop()
gdb.execute("kill", to_string=True)
`;
}

function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

/** gdb's stops on a QEMU replay of hello, from `start` back. */
async function gdbStops(start: number): Promise<Stop[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-rr-'));
  try {
    const disk = path.join(dir, 'rr.qcow2');
    const log = path.join(dir, 'rr.log');
    const diskError = createSnapshotDisk(disk);
    if (diskError) throw new Error(diskError);
    const board = replayBoardArgs(PROGRAM, disk);
    const record = spawnSync(QEMU, [...board, '-serial', 'null', ...icountReplayArgs('record', log)], { encoding: 'utf8', timeout: 60_000 });
    if (record.status !== 0) throw new Error(`QEMU record: ${record.stderr}`);
    const port = await freePort();
    const replay = spawn(QEMU, [...board, '-serial', 'null', ...icountReplayArgs('replay', log), '-gdb', `tcp:127.0.0.1:${port}`, '-S'], { stdio: 'ignore' });
    try {
      const script = path.join(dir, 'steps.py');
      fs.writeFileSync(script, gdbScript(port, start));
      const out = await run(GDB, ['-q', '-nx', '-batch', '-x', script, PROGRAM], 90_000);
      const stops = out
        .split('\n')
        .filter((l) => l.startsWith('STOP '))
        .map((l) => JSON.parse(l.slice(5)) as Stop);
      if (stops.length !== STEPS + 1) throw new Error(`gdb stopped ${stops.length} times, not ${STEPS + 1}:\n${out}`);
      return stops;
    } finally {
      replay.kill('SIGKILL');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function ourStop(adapter: Adapter): Promise<Stop> {
  const top = (await adapter.dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0];
  return { name: top.name, file: path.basename(top.source?.path ?? '?'), line: top.line, pc: Number(top.instructionPointerReference) };
}

describe('adapter: reverse-next against gdb on QEMU record/replay (hello)', function () {
  let adapter: Adapter;
  beforeEach(async () => {
    adapter = await startAdapter();
  });
  afterEach(async () => adapter.close());

  it('stops where gdb stops, line by line back from the exit into main', async function () {
    requirePeers(this, QEMU, GDB, 'qemu-img');
    this.timeout(120_000);
    const { dc } = adapter;
    const end = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await Promise.all([
      dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()),
      dc.initializeRequest().then(() => dc.launchRequest({ program: PROGRAM } as DebugProtocol.LaunchRequestArguments)),
    ]);
    assert.strictEqual((await end).body.reason, 'exited');
    // The first step back from the exit: the finisher's line in board_exit, where gdb starts (QEMU's replay ends at the exit).
    await andStop(dc, () => dc.stepBackRequest({ threadId: 1 }));
    const ours = [await ourStop(adapter)];
    assert.strictEqual(ours[0].name, 'board_exit');
    for (let i = 0; i < STEPS; i++) {
      const from = ours[ours.length - 1];
      const stop = await andStop(dc, () => (from.name === '_start' ? dc.customRequest('rewind/reverseStepIn', { threadId: 1 }) : dc.stepBackRequest({ threadId: 1 })));
      assert.strictEqual(stop.body.reason, 'step');
      ours.push(await ourStop(adapter));
    }
    const theirs = await gdbStops(ours[0].pc);
    assert.deepStrictEqual(ours, theirs);
    assert.ok(ours.some((s) => s.name === '_start') && ours[ours.length - 1].name === 'main', `out into _start and back into main: ${ours.map((s) => s.name).join(' ')}`);
  });
});
