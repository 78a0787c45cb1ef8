// Benchmark: the debug adapter as VS Code drives it (the bundled
// dist/debugAdapter.js over stdio; `npm run bench` builds it first), on a
// long recording: examples/bench/bench-long.elf from its entry to its exit
// (about 1.03*10^9 instructions; `bench` as argument takes bench.elf,
// about 1.65*10^8, instead).
// - recording speed (launch + continue to the exit);
// - step back by line from the exit (out of board_exit into _start), then
//   at the end of that recording, request -> stopped event, by instruction
//   and by line (goal p50 <= 30 ms); reverse-step and reverse-finish;
// - stackTrace + scopes + variables (Locals, Registers) right after each of
//   those stops (goal <= 20 ms);
// - next forward, reverse-continue to a breakpoint hit just behind the
//   cursor (and with --far, to one near the start of the recording);
// - pause in the middle of a reverse continue over the recording (sent at
//   fractions of how long a whole one takes), request -> stopped event
//   (goal <= 100 ms), and of a forward continue of a guest
//   polling for input;
// - the adapter process's resident memory after each stage (its snapshots
//   are most of it).
// Run: node --import tsx bench/adapter.ts [bench|bench-long] [--far]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';

const ROOT = path.resolve(__dirname, '..');
const BUNDLE = path.join(ROOT, 'dist/debugAdapter.js');
const EXAMPLES = path.join(ROOT, 'examples');
const args = process.argv.slice(2);
const PROGRAM = args.includes('bench') ? 'bench.elf' : 'bench-long.elf';
const STEP_SAMPLES = 15;
/** How far into a whole reverse continue (its duration, measured first) each pause request is sent. */
const PAUSE_AT = [0.05, 0.15, 0.25, 0.35, 0.45, 0.55];

function marker(file: string, name: string): number {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  return lines.findIndex((l) => l.includes(`#BP ${name}`)) + 1;
}

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const load = (): string => `load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const spread = (xs: number[]): string =>
  `p50 ${percentile(xs, 50).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms, first ${xs[0].toFixed(1)} ms (${xs.length} samples)`;
const sleep = (t: number): Promise<void> => new Promise((r) => setTimeout(r, t));

async function timeStop(dc: DebugClient, send: () => Promise<unknown>): Promise<{ ms: number; stop: DebugProtocol.StoppedEvent }> {
  const t0 = process.hrtime.bigint();
  const stopped = dc.waitForEvent('stopped', 900_000) as Promise<DebugProtocol.StoppedEvent>;
  await send();
  const stop = await stopped;
  return { ms: ms(t0), stop };
}

async function icount(dc: DebugClient): Promise<number> {
  return ((await dc.customRequest('rewind/status')).body as { icount: number }).icount;
}

/** The adapter's pid: the child of this process running the bundle (Linux /proc), or undefined. */
function adapterPid(): string | undefined {
  try {
    const children = fs.readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children.find((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('debugAdapter.js'));
  } catch {
    return undefined;
  }
}

/** Resident memory of the adapter process. */
function adapterRss(): string {
  const pid = adapterPid();
  const kib = pid === undefined ? undefined : /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kib === undefined ? 'n/a (no /proc)' : `${(Number(kib) / 1024).toFixed(0)} MiB`;
}

/** CPU milliseconds the adapter process has used (utime + stime, proc(5); 10 ms ticks), or NaN. */
function adapterCpuMs(): number {
  const pid = adapterPid();
  if (pid === undefined) return NaN;
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop()?.trim().split(/\s+/) ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
const cpuPer = (totalMs: number, count: number): string => `; adapter CPU ${(totalMs / count).toFixed(1)} ms per request on average`;

async function start(launch: Record<string, unknown>): Promise<DebugClient> {
  const dc = new DebugClient('node', BUNDLE, 'rewind');
  dc.defaultTimeout = 900_000;
  await dc.start();
  await Promise.all([
    dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()),
    dc.initializeRequest({ adapterID: 'rewind', supportsProgressReporting: false }).then(() => dc.launchRequest(launch as DebugProtocol.LaunchRequestArguments)),
  ]);
  return dc;
}

async function inspect(dc: DebugClient): Promise<number> {
  const t0 = process.hrtime.bigint();
  const st = await dc.stackTraceRequest({ threadId: 1 });
  const scopes = await dc.scopesRequest({ frameId: st.body.stackFrames[0].id });
  for (const name of ['Locals', 'Registers']) {
    const s = scopes.body.scopes.find((x) => x.name === name);
    if (!s) throw new Error(`no ${name} scope after a stop`);
    await dc.variablesRequest({ variablesReference: s.variablesReference });
  }
  return ms(t0);
}

async function main(): Promise<void> {
  if (!fs.existsSync(BUNDLE)) throw new Error('dist/debugAdapter.js is missing: run npm run build (npm run bench does)');
  const rows: Array<[string, string]> = [];
  const row = (k: string, v: string): void => {
    rows.push([k, `${v}; ${load()}`]);
    process.stdout.write(`${k}: ${v}; ${load()}\n`);
  };
  const bench = path.join(EXAMPLES, 'bench/bench.c');
  process.stdout.write(`adapter benchmark: examples/bench/${PROGRAM}; ${os.cpus().length} cores, ${load()}\n`);

  // The whole program, from its entry to its exit.
  const t0 = process.hrtime.bigint();
  const dc = await start({ program: path.join(EXAMPLES, 'bench', PROGRAM) });
  const end = (await dc.waitForEvent('stopped', 900_000)) as DebugProtocol.StoppedEvent;
  const recordMs = ms(t0);
  const length = await icount(dc);
  row(`record the whole program (launch + continue, ${end.body.reason})`, `${(recordMs / 1000).toFixed(1)} s wall for ${length} instructions (${(length / recordMs / 1000).toFixed(1)} MIPS); adapter RSS ${adapterRss()}`);

  // Step back by line from the exit: board_exit's lines, then out of it into _start's call of it.
  const fromExit: number[] = [];
  for (let i = 0; i < 4; i++) fromExit.push((await timeStop(dc, () => dc.stepBackRequest({ threadId: 1 }))).ms);
  row(`step back by line from the exit (${length} -> ${await icount(dc)})`, fromExit.map((t) => `${t.toFixed(1)} ms`).join(', '));
  await timeStop(dc, () => dc.customRequest('rewind/seek', { icount: length }));

  // Step back from the end, by instruction then by line, inspecting after each stop.
  // Adapter CPU is read around the step requests only (inspections are timed apart), in 10 ms ticks: a mean over the samples.
  const inspectAfterStop: number[] = [];
  const insBack: number[] = [];
  let stepCpu = 0;
  let inspectCpu = 0;
  for (let i = 0; i < STEP_SAMPLES; i++) {
    const c0 = adapterCpuMs();
    insBack.push((await timeStop(dc, () => dc.stepBackRequest({ threadId: 1, granularity: 'instruction' }))).ms);
    const c1 = adapterCpuMs();
    inspectAfterStop.push(await inspect(dc));
    stepCpu += c1 - c0;
    inspectCpu += adapterCpuMs() - c1;
  }
  const afterIns = await icount(dc);
  row(`step back by instruction from the end (${length} -> ${afterIns})`, `${spread(insBack)}${cpuPer(stepCpu, STEP_SAMPLES)}`);
  const lineBack: number[] = [];
  let lineCpu = 0;
  for (let i = 0; i < STEP_SAMPLES; i++) {
    const c0 = adapterCpuMs();
    lineBack.push((await timeStop(dc, () => dc.stepBackRequest({ threadId: 1 }))).ms);
    const c1 = adapterCpuMs();
    inspectAfterStop.push(await inspect(dc));
    lineCpu += c1 - c0;
    inspectCpu += adapterCpuMs() - c1;
  }
  row(`step back by line (${afterIns} -> ${await icount(dc)})`, `${spread(lineBack)}${cpuPer(lineCpu, STEP_SAMPLES)}`);
  row('stackTrace + scopes + variables (Locals, Registers) after each of those stops', `${spread(inspectAfterStop)}${cpuPer(inspectCpu, inspectAfterStop.length)}`);
  row('  adapter RSS after stepping back', adapterRss());

  // reverse-step (into callees that returned just before) and reverse-finish (when there is a caller), from the exit.
  await timeStop(dc, () => dc.customRequest('rewind/seek', { icount: length }));
  const stepIn: number[] = [];
  const stepOut: number[] = [];
  for (let i = 0; i < STEP_SAMPLES; i++) {
    stepIn.push((await timeStop(dc, () => dc.customRequest('rewind/reverseStepIn', { threadId: 1 }))).ms);
    if ((await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames.length > 1) stepOut.push((await timeStop(dc, () => dc.customRequest('rewind/reverseStepOut', { threadId: 1 }))).ms);
  }
  row(`reverse-step by line from the exit (${length} -> ${await icount(dc)})`, spread(stepIn));
  if (stepOut.length) row('reverse-finish (after a reverse-step into a callee)', spread(stepOut));

  const fwd: number[] = [];
  for (let i = 0; i < 5; i++) fwd.push((await timeStop(dc, () => dc.nextRequest({ threadId: 1 }))).ms);
  row('next (forward, by line)', spread(fwd));

  // Reverse-continue to a breakpoint hit just behind the cursor (the last kernel's loop); with --far, then to the first kernel's.
  await timeStop(dc, () => dc.customRequest('rewind/seek', { icount: afterIns }));
  const here = await icount(dc);
  await dc.setBreakpointsRequest({ source: { path: bench }, breakpoints: [{ line: marker(bench, 'matmul') }] });
  const near = await timeStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
  row('reverse-continue to a breakpoint hit near the cursor', `${near.ms.toFixed(0)} ms (${near.stop.body.reason}, ${here - (await icount(dc))} instructions back)`);
  if (args.includes('--far')) {
    await dc.setBreakpointsRequest({ source: { path: bench }, breakpoints: [{ line: marker(bench, 'crc') }] });
    const before = await icount(dc);
    const far = await timeStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    const back = before - (await icount(dc));
    row('reverse-continue to a breakpoint hit far back', `${far.ms.toFixed(0)} ms (${far.stop.body.reason}, ${back} instructions back, ${(back / far.ms / 1000).toFixed(1)} MIPS)`);
  }

  // Pause in the middle of a reverse continue from the end: with nothing armed, and with a function
  // breakpoint that never hits (uart_getc: bench reads no input), as a user's scan usually runs.
  await dc.setBreakpointsRequest({ source: { path: bench }, breakpoints: [] });
  for (const armed of [false, true]) {
    if (armed) {
      const set = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'uart_getc' }] });
      if (!set.body.breakpoints[0]?.verified) throw new Error('the function breakpoint on uart_getc was not verified');
    }
    await timeStop(dc, () => dc.customRequest('rewind/seek', { icount: length }));
    // How long the whole reverse continue takes (to the start of the recording; the second of two): the pauses are sampled within it.
    await timeStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    await timeStop(dc, () => dc.customRequest('rewind/seek', { icount: length }));
    const whole = await timeStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    if (whole.stop.body.reason !== 'start of recording') throw new Error(`a reverse continue from the end stopped for '${whole.stop.body.reason}'`);
    row(`  reverse continue from the end to the start, ${armed ? 'a breakpoint that never hits' : 'nothing armed'}`, `${whole.ms.toFixed(0)} ms (${(length / whole.ms / 1000).toFixed(0)} MIPS)`);
    await timeStop(dc, () => dc.customRequest('rewind/seek', { icount: length }));
    const delays = PAUSE_AT.map((f) => Math.round(f * whole.ms));
    // A cancelled reverse continue puts the cursor back where it started, so every sample starts at the end.
    const pauses: number[] = [];
    let finished = 0;
    for (const delay of delays) {
      const stopped = dc.waitForEvent('stopped', 900_000) as Promise<DebugProtocol.StoppedEvent>;
      await dc.reverseContinueRequest({ threadId: 1 });
      await sleep(delay);
      const p0 = process.hrtime.bigint();
      const refused = await dc.pauseRequest({ threadId: 1 }).then(
        () => undefined,
        (e: unknown) => String(e),
      );
      const stop = await stopped;
      if (refused) {
        // It finished first (a whole one varies from run to run): no sample; back to the end for the next.
        if (stop.body.reason !== 'start of recording') throw new Error(`pause ${delay} ms into a reverse continue was refused (${refused}): it had stopped for '${stop.body.reason}'`);
        finished++;
        await timeStop(dc, () => dc.customRequest('rewind/seek', { icount: length }));
        continue;
      }
      pauses.push(ms(p0));
      if (stop.body.reason !== 'pause') throw new Error(`the reverse continue stopped for '${stop.body.reason}' before the pause (raise the recording length)`);
      const back = await icount(dc);
      if (back !== length) throw new Error(`a paused reverse continue left the cursor at ${back}, not at its start ${length}`);
    }
    row(`pause a reverse continue from the end, ${armed ? 'a breakpoint that never hits' : 'nothing armed'} (request -> stopped)`, `p50 ${percentile(pauses, 50).toFixed(1)} ms, max ${Math.max(...pauses).toFixed(1)} ms (${pauses.map((p) => p.toFixed(0)).join(' / ')} ms at ${delays.join(' / ')} ms into it${finished ? `; ${finished} finished before the pause` : ''})`);
  }
  await dc.setFunctionBreakpointsRequest({ breakpoints: [] });
  row('  adapter RSS at the end', adapterRss());
  await dc.stop();

  // Pause a forward continue of a guest polling the UART for input.
  const heisenbug = await start({ program: path.join(EXAMPLES, 'heisenbug/heisenbug.elf') });
  await sleep(500);
  const q0 = process.hrtime.bigint();
  const paused = heisenbug.waitForEvent('stopped');
  await heisenbug.pauseRequest({ threadId: 1 });
  await paused;
  row('pause during a forward continue (polling guest)', `${ms(q0).toFixed(1)} ms after ${await icount(heisenbug)} instructions`);
  await heisenbug.stop();

  process.stdout.write('\nsummary\n');
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  // The adapter process would keep this one alive.
  process.exit(1);
});
