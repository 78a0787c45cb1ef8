// The peer side of the reverse-stepi benchmark: QEMU 7.2 record/replay
// (docs/system/replay.rst: `-icount shift=N,rr=record|replay,rrfile=F,
// rrsnapshot=init` with a qcow2 drive holding the snapshot) driven by
// gdb-multiarch through the gdbstub, as a user of QEMU + gdb would reverse
// debug. QEMU records the whole program; the replay stops at an icount with
// the monitor's `replay_break` (not a gdb breakpoint, which would slow the
// replay: see below), and gdb times `reverse-stepi` from there. QEMU
// re-executes from its snapshot at the start to icount - 1, so the time
// grows with the position.
//
// One more sample is taken with a gdb breakpoint set (at board_exit, where
// a user would stop at the end of the program): QEMU TCG then cuts every
// translation block on the breakpoint's 4 KiB page to one instruction
// while it re-executes, and examples/bench's hot code shares that page.
//
// The times are measured inside gdb (Python, perf_counter around each
// command): request to stop as gdb sees it; QEMU's CPU time over the same
// span comes from /proc (10 ms ticks). Tools needed: qemu-system-riscv32,
// qemu-img (Debian qemu-utils), gdb-multiarch.
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createSnapshotDisk, freePort, gdbConnectPython, icountReplayArgs, replayBoardArgs } from '../test/support/qemuReplay';

export const QEMU_TOOLS = ['qemu-system-riscv32', 'qemu-img', 'gdb-multiarch'] as const;

export interface QemuReverseOptions {
  readonly elf: string;
  /**
   * Where the reverse steps start, in instructions from the ELF entry (as
   * Rewind counts). QEMU also counts its reset vector at 0x1000, run before
   * the entry; gdb steps through it first to learn how many it is.
   */
  readonly stopAt: number;
  /** The ELF's entry point. */
  readonly entry: number;
  /** reverse-stepi samples without breakpoints. */
  readonly samples: number;
  /** Also time one reverse-stepi with a gdb breakpoint at `breakpointAt` (a symbol). */
  readonly breakpointAt?: string;
  /** Limit for the whole gdb session. */
  readonly timeoutMs: number;
}

export interface QemuReverseFigures {
  readonly ok: true;
  readonly version: string;
  readonly recordSeconds: number;
  /** gdb `continue` from the start to `stopAt` (replay, no breakpoints). */
  readonly continueSeconds: number;
  /** Where the replay stopped, as QEMU's `info replay` says, and gdb's pc there. */
  readonly icount: number;
  /** Instructions QEMU retired before the ELF entry (its reset vector). */
  readonly bootInstructions: number;
  readonly pc: number;
  /** [wall, QEMU CPU] seconds per reverse-stepi, in order; each checked to go back exactly one instruction. */
  readonly samples: Array<[number, number]>;
  readonly withBreakpoint?: [number, number];
}

export type QemuReverseResult = QemuReverseFigures | { readonly ok: false; readonly reason: string };

const missingTools = (): string[] => QEMU_TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);

// The gdb side. Prints one line `RESULT {json}` or `FAILED reason`.
function gdbScript(port: number, qemuPid: number, o: QemuReverseOptions): string {
  return `
import gdb, json, os, re, time
def now(): return time.perf_counter()
def qemu_cpu():
    # utime + stime of every QEMU thread (proc(5) fields 14 and 15), in seconds.
    with open("/proc/${qemuPid}/stat") as f: fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
def replay_icount():
    text = gdb.execute("monitor info replay", to_string=True)
    m = re.search(r"instruction count = (\\d+)", text)
    if not m: raise Exception("unexpected 'info replay' answer: " + text)
    return int(m.group(1))
def pc(): return int(gdb.parse_and_eval("$pc")) & 0xffffffff
def back_one(expect):
    c = qemu_cpu(); t = now(); gdb.execute("reverse-stepi", to_string=True); dt = now() - t; dc = qemu_cpu() - c
    got = replay_icount()
    if got != expect: raise Exception("reverse-stepi went to icount %d, not %d" % (got, expect))
    return [dt, dc]
${gdbConnectPython(port)}
try:
    connect()
    for i in range(64):
        if pc() == ${o.entry}: break
        gdb.execute("stepi", to_string=True)
    else:
        raise Exception("the reset vector did not reach the entry 0x%x in 64 instructions" % ${o.entry})
    boot = replay_icount()
    target = boot + ${o.stopAt}
    gdb.execute("monitor replay_break %d" % target, to_string=True)
    t = now(); gdb.execute("continue", to_string=True); cont = now() - t
    at = replay_icount()
    if at != target: raise Exception("replay stopped at icount %d, not %d" % (at, target))
    result = {"continueSeconds": cont, "icount": at, "bootInstructions": boot, "pc": pc(), "samples": []}
    for i in range(${o.samples}):
        result["samples"].append(back_one(at - 1 - i))
    ${o.breakpointAt ? `gdb.execute("break ${o.breakpointAt}", to_string=True)
    result["withBreakpoint"] = back_one(at - 1 - ${o.samples})` : 'pass'}
    print("RESULT " + json.dumps(result))
except Exception as e:
    print("FAILED " + str(e).replace("\\n", " "))
try:
    gdb.execute("kill", to_string=True)
except Exception:
    pass
`;
}

async function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await gone;
}

/** Records `elf` on QEMU, replays it under gdb and times reverse-stepi at `stopAt`. */
export async function qemuReverseStepi(o: QemuReverseOptions): Promise<QemuReverseResult> {
  const missing = missingTools();
  if (missing.length > 0) return { ok: false, reason: `not installed: ${missing.join(', ')} (Debian: qemu-system-misc, qemu-utils, gdb-multiarch)` };
  const version = spawnSync('qemu-system-riscv32', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-qemu-rr-'));
  let replay: ChildProcess | undefined;
  try {
    const disk = path.join(dir, 'snapshots.qcow2');
    const log = path.join(dir, 'replay.bin');
    const diskError = createSnapshotDisk(disk);
    if (diskError) return { ok: false, reason: diskError };
    const board = replayBoardArgs(o.elf, disk);
    const t0 = process.hrtime.bigint();
    const record = spawnSync('qemu-system-riscv32', [...board, '-serial', `file:${path.join(dir, 'record.out')}`, ...icountReplayArgs('record', log)], { encoding: 'utf8', timeout: 300_000 });
    const recordSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (record.status !== 0) return { ok: false, reason: `QEMU record run exited with ${record.status ?? record.signal}: ${record.stderr.trim()}` };

    const port = await freePort();
    let replayErr = '';
    replay = spawn('qemu-system-riscv32', [...board, '-serial', `file:${path.join(dir, 'replay.out')}`, ...icountReplayArgs('replay', log), '-gdb', `tcp:127.0.0.1:${port}`, '-S'], { stdio: ['ignore', 'ignore', 'pipe'] });
    replay.stderr?.on('data', (d: Buffer) => (replayErr += d.toString()));
    const script = path.join(dir, 'reverse.py');
    fs.writeFileSync(script, gdbScript(port, replay.pid ?? 0, o));
    const gdb = await new Promise<{ out: string; status: number | null }>((resolve) => {
      // Asynchronous, so QEMU's stderr is still read while gdb runs.
      const g = spawn('gdb-multiarch', ['-q', '-nx', '-batch', '-x', script, o.elf], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      g.stdout.on('data', (d: Buffer) => (out += d.toString()));
      g.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const timer = setTimeout(() => g.kill('SIGKILL'), o.timeoutMs);
      g.on('exit', (status) => {
        clearTimeout(timer);
        resolve({ out, status });
      });
    });
    const line = gdb.out.split('\n').find((l) => l.startsWith('RESULT ') || l.startsWith('FAILED '));
    if (!line) return { ok: false, reason: `gdb gave no result (exit ${gdb.status}, limit ${o.timeoutMs} ms): ${gdb.out.trim().slice(-400)} ${replayErr.trim()}` };
    if (line.startsWith('FAILED ')) return { ok: false, reason: `${line.slice(7)} ${replayErr.trim()}`.trim() };
    const r = JSON.parse(line.slice(7)) as { continueSeconds: number; icount: number; bootInstructions: number; pc: number; samples: Array<[number, number]>; withBreakpoint?: [number, number] };
    return { ok: true, version, recordSeconds, ...r };
  } finally {
    if (replay) await stopped(replay);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
