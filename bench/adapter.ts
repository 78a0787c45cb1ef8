// Benchmark: the debug adapter as VS Code drives it (the bundled
// dist/debugAdapter.js over stdio; `npm run bench` builds it first).
// - recording speed: examples/bench from its entry to its exit (~1.6*10^8
//   instructions);
// - step-back round trip at the end of that recording (request -> stopped
//   event), by line (reverse-next) and by instruction (reverse-stepi);
// - stackTrace + scopes + variables (Locals, Registers) after a stop;
// - reverse-continue to the previous hit of a breakpoint just behind the
//   cursor, and to one ~1.5*10^8 instructions back;
// - pause latency in the middle of a reverse continue and of a forward
//   continue of a guest polling for input.
// Run: node --import tsx bench/adapter.ts
import * as fs from 'fs';
import * as path from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';

const ROOT = path.resolve(__dirname, '..');
const BUNDLE = path.join(ROOT, 'dist/debugAdapter.js');
const EXAMPLES = path.join(ROOT, 'examples');

function marker(file: string, name: string): number {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  return lines.findIndex((l) => l.includes(`#BP ${name}`)) + 1;
}

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

async function timeStop(dc: DebugClient, send: () => Promise<unknown>): Promise<{ ms: number; stop: DebugProtocol.StoppedEvent }> {
  const t0 = process.hrtime.bigint();
  const stopped = dc.waitForEvent('stopped', 600_000) as Promise<DebugProtocol.StoppedEvent>;
  await send();
  const stop = await stopped;
  return { ms: ms(t0), stop };
}

async function icount(dc: DebugClient): Promise<number> {
  return ((await dc.customRequest('rewind/status')).body as { icount: number }).icount;
}

async function start(args: Record<string, unknown>, functions: string[], lines: Array<[string, number]>): Promise<DebugClient> {
  const dc = new DebugClient('node', BUNDLE, 'rewind');
  dc.defaultTimeout = 600_000;
  await dc.start();
  await Promise.all([
    dc.waitForEvent('initialized').then(async () => {
      if (functions.length) await dc.setFunctionBreakpointsRequest({ breakpoints: functions.map((name) => ({ name })) });
      for (const [file, line] of lines) await dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line }] });
      await dc.configurationDoneRequest();
    }),
    dc.initializeRequest({ adapterID: 'rewind', supportsProgressReporting: false }).then(() => dc.launchRequest(args as DebugProtocol.LaunchRequestArguments)),
  ]);
  return dc;
}

async function inspect(dc: DebugClient): Promise<number> {
  const t0 = process.hrtime.bigint();
  const st = await dc.stackTraceRequest({ threadId: 1 });
  const scopes = await dc.scopesRequest({ frameId: st.body.stackFrames[0].id });
  for (const name of ['Locals', 'Registers']) {
    const s = scopes.body.scopes.find((x) => x.name === name);
    if (s) await dc.variablesRequest({ variablesReference: s.variablesReference });
  }
  return ms(t0);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  if (!fs.existsSync(BUNDLE)) throw new Error('dist/debugAdapter.js is missing: run npm run build (npm run bench does)');
  const rows: Array<[string, string]> = [];
  const bench = path.join(EXAMPLES, 'bench/bench.c');

  // A long recording: the whole of examples/bench, from its entry to its exit.
  const t0 = process.hrtime.bigint();
  const dc = await start({ program: path.join(EXAMPLES, 'bench/bench.elf') }, [], []);
  const end = (await dc.waitForEvent('stopped', 600_000)) as DebugProtocol.StoppedEvent;
  const recordMs = ms(t0);
  const length = await icount(dc);
  rows.push([`record the whole program (launch + continue, ${end.body.reason})`, `${recordMs.toFixed(0)} ms for ${length} instructions (${(length / recordMs / 1000).toFixed(1)} M/s)`]);

  const inspectTimes: number[] = [];
  for (let i = 0; i < 20; i++) inspectTimes.push(await inspect(dc));
  rows.push(['stackTrace + scopes + variables (Locals, Registers)', `median ${median(inspectTimes).toFixed(1)} ms, first ${inspectTimes[0].toFixed(1)} ms`]);

  const lineBack: number[] = [];
  for (let i = 0; i < 3; i++) lineBack.push((await timeStop(dc, () => dc.stepBackRequest({ threadId: 1 }))).ms);
  rows.push([`step back by line at instruction ~${length}`, `median ${median(lineBack).toFixed(0)} ms (${lineBack.map((x) => x.toFixed(0)).join(', ')})`]);
  const insBack: number[] = [];
  for (let i = 0; i < 3; i++) insBack.push((await timeStop(dc, () => dc.stepBackRequest({ threadId: 1, granularity: 'instruction' }))).ms);
  rows.push([`step back by instruction at ~${length}`, `median ${median(insBack).toFixed(0)} ms`]);
  const fwd: number[] = [];
  for (let i = 0; i < 3; i++) fwd.push((await timeStop(dc, () => dc.nextRequest({ threadId: 1 }))).ms);
  rows.push(['next (forward, by line)', `median ${median(fwd).toFixed(1)} ms`]);

  // Reverse-continue to a breakpoint hit just behind the cursor (the last kernel's loop), then to one far back (the first kernel's).
  const here = await icount(dc);
  await dc.setBreakpointsRequest({ source: { path: bench }, breakpoints: [{ line: marker(bench, 'matmul') }] });
  const near = await timeStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
  rows.push(['reverse-continue to a breakpoint hit near the cursor', `${near.ms.toFixed(0)} ms (${near.stop.body.reason}, ${here - (await icount(dc))} instructions back)`]);
  await dc.setBreakpointsRequest({ source: { path: bench }, breakpoints: [{ line: marker(bench, 'crc') }] });
  const before = await icount(dc);
  const far = await timeStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
  rows.push(['reverse-continue to a breakpoint hit far back', `${far.ms.toFixed(0)} ms (${far.stop.body.reason}, ${before - (await icount(dc))} instructions back)`]);

  // Pause in the middle of a long reverse continue (no breakpoints: it would scan back to the start).
  await dc.setBreakpointsRequest({ source: { path: bench }, breakpoints: [] });
  await dc.setFunctionBreakpointsRequest({ breakpoints: [] });
  await timeStop(dc, () => dc.customRequest('rewind/seek', { icount: length }));
  const stopped = dc.waitForEvent('stopped', 600_000);
  await dc.reverseContinueRequest({ threadId: 1 });
  await new Promise((r) => setTimeout(r, 300));
  const p0 = process.hrtime.bigint();
  await dc.pauseRequest({ threadId: 1 });
  await stopped;
  rows.push(['pause during a reverse continue (request -> stopped)', `${ms(p0).toFixed(1)} ms`]);
  await dc.stop();

  // Pause a forward continue of a guest polling the UART for input.
  const heisenbug = await start({ program: path.join(EXAMPLES, 'heisenbug/heisenbug.elf') }, [], []);
  await new Promise((r) => setTimeout(r, 500));
  const q0 = process.hrtime.bigint();
  const paused = heisenbug.waitForEvent('stopped');
  await heisenbug.pauseRequest({ threadId: 1 });
  await paused;
  rows.push(['pause during a forward continue (polling guest)', `${ms(q0).toFixed(1)} ms after ${await icount(heisenbug)} instructions`]);
  await heisenbug.stop();

  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
