// reverse-next (stepBack by line) as gdb's: from the exit of a program it
// walks back through the lines a forward next went through, one at a time,
// out of a function into its caller at the call line (also where the
// caller is crt0's _start, which has no frame of its own), over whole
// calls, and stops at the start of the recording when no line came before;
// reverse-finish out of board_exit into _start.
import * as assert from 'assert';
import * as path from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { Adapter, EXAMPLES, andStop, launchTo, locals, marker, startAdapter, where } from './support/adapter';

const SOURCE = path.join(EXAMPLES, 'hello/hello.c');
const PROGRAM = path.join(EXAMPLES, 'hello/hello.elf');
const LOOP = marker(SOURCE, 'loop');
const FACTORIAL = marker(SOURCE, 'factorial');
/** The call `f = factorial(n)` is the line before the loop marker. */
const CALL = LOOP - 1;

interface Position {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly pc: string;
}

async function position(dc: DebugClient): Promise<Position> {
  const top = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0];
  return { name: top.name, file: path.basename(top.source?.path ?? '?'), line: top.line, pc: top.instructionPointerReference ?? '?' };
}

async function icount(dc: DebugClient): Promise<number> {
  return ((await dc.customRequest('rewind/status')).body as { icount: number }).icount;
}

/** The instruction at the top frame's pc, as the disassembly shows it. */
async function instructionAtPc(dc: DebugClient): Promise<string> {
  const pc = (await position(dc)).pc;
  const listing = await dc.disassembleRequest({ memoryReference: pc, instructionCount: 1, resolveSymbols: true });
  return (listing.body as NonNullable<DebugProtocol.DisassembleResponse['body']>).instructions[0].instruction;
}

describe('adapter: reverse-next line by line', function () {
  let adapter: Adapter;
  beforeEach(async () => {
    adapter = await startAdapter();
  });
  afterEach(async () => adapter.close());

  it('from the exit walks back through the lines a forward next went through, out of board_exit into _start and back into main', async () => {
    const { dc } = adapter;
    await launchTo(dc, { program: PROGRAM }, SOURCE, [LOOP]);
    await dc.setBreakpointsRequest({ source: { path: SOURCE }, breakpoints: [{ line: LOOP, condition: 'n == 5' }] });
    await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.strictEqual((await locals(dc)).n, '5');
    await dc.setBreakpointsRequest({ source: { path: SOURCE }, breakpoints: [] });

    // Forwards: next to the end of main and out of it into _start, step into board_exit, next until the finisher ends the run.
    const forward: Position[] = [await position(dc)];
    let exited = false;
    for (let i = 0; i < 40 && !exited; i++) {
      const from = forward[forward.length - 1];
      const stop = await andStop(dc, () => (from.name === '_start' ? dc.stepInRequest({ threadId: 1 }) : dc.nextRequest({ threadId: 1 })));
      if (stop.body.reason === 'exited') exited = true;
      else forward.push(await position(dc));
    }
    assert.ok(exited, 'the forward steps reach the exit');
    const names = forward.map((p) => p.name);
    const returned = names.indexOf('_start');
    assert.ok(returned > 0 && names[returned - 1] === 'main', `next at the end of main returns into _start (${names.join(' ')})`);
    assert.strictEqual(names[returned + 1], 'board_exit', 'step enters board_exit');
    assert.strictEqual(names[names.length - 1], 'board_exit');

    // Backwards from the exit: reverse-next, except that from _start's call line reverse-step goes back into main.
    const backward: Position[] = [];
    let last = await icount(dc);
    for (let i = 0; i < forward.length; i++) {
      const from = backward[backward.length - 1];
      const stop = await andStop(dc, () => (from?.name === '_start' ? dc.customRequest('rewind/reverseStepIn', { threadId: 1 }) : dc.stepBackRequest({ threadId: 1 })));
      assert.strictEqual(stop.body.reason, 'step');
      backward.push(await position(dc));
      const now = await icount(dc);
      assert.ok(now < last, `each step goes back (${now} after ${last})`);
      last = now;
    }
    assert.deepStrictEqual(backward, [...forward].reverse(), JSON.stringify({ forward, backward }));
    assert.strictEqual((await locals(dc)).n, '5');
  });

  it('at the first line of a function lands at the start of the call line in the caller', async () => {
    const { dc } = adapter;
    await launchTo(dc, { program: PROGRAM }, SOURCE, [FACTORIAL]);
    await dc.setBreakpointsRequest({ source: { path: SOURCE }, breakpoints: [{ line: FACTORIAL, condition: 'n == 3' }] });
    await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.deepStrictEqual([(await where(dc)).name, (await locals(dc)).n], ['factorial', '3']);

    const back = await andStop(dc, () => dc.stepBackRequest({ threadId: 1 }));
    assert.strictEqual(back.body.reason, 'step');
    const top = await where(dc);
    assert.deepStrictEqual([top.name, top.line], ['main', CALL], 'the call site, not the prologue of factorial');
    assert.strictEqual((await locals(dc)).n, '3');
    // At the start of that line: one instruction back is another line.
    await andStop(dc, () => dc.stepBackRequest({ threadId: 1, granularity: 'instruction' }));
    assert.notStrictEqual((await where(dc)).line, CALL);
  });

  it('stops at the start of the recording when no line came before', async () => {
    const { dc } = adapter;
    await launchTo(dc, { program: PROGRAM }, SOURCE, [FACTORIAL]);
    // _start's second line (gp is set up by the first two instructions).
    await andStop(dc, () => dc.customRequest('rewind/seek', { icount: 2 }));
    const second = await position(dc);
    assert.strictEqual(second.name, '_start');
    const stop = await andStop(dc, () => dc.stepBackRequest({ threadId: 1 }));
    assert.strictEqual(stop.body.reason, 'start of recording');
    assert.strictEqual(await icount(dc), 0);
    const first = await position(dc);
    assert.deepStrictEqual([first.name, first.file], ['_start', second.file]);
    assert.ok(first.line < second.line);
    const again = await andStop(dc, () => dc.stepBackRequest({ threadId: 1 }));
    assert.strictEqual(again.body.reason, 'start of recording');
  });

  it('on optimised code (bench) from the exit: board_exit\'s lines, then _start\'s call of it, then over all of main to its call', async function () {
    this.timeout(60_000);
    const { dc } = adapter;
    dc.defaultTimeout = 60_000;
    const end = dc.waitForEvent('stopped', 60_000) as Promise<DebugProtocol.StoppedEvent>;
    await Promise.all([
      dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()),
      dc.initializeRequest().then(() => dc.launchRequest({ program: path.join(EXAMPLES, 'bench/bench.elf') } as DebugProtocol.LaunchRequestArguments)),
    ]);
    assert.strictEqual((await end).body.reason, 'exited');
    const length = await icount(dc);
    const seen: string[] = [];
    for (let i = 0; i < 8 && !seen.includes('_start'); i++) {
      const stop = await andStop(dc, () => dc.stepBackRequest({ threadId: 1 }));
      assert.strictEqual(stop.body.reason, 'step');
      seen.push((await where(dc)).name);
    }
    assert.ok(seen.length > 1 && seen.slice(0, -1).every((n) => n === 'board_exit'), `board_exit's lines first (${seen.join(' ')})`);
    assert.strictEqual(seen[seen.length - 1], '_start');
    assert.match(await instructionAtPc(dc), /^jal\s.*<board_exit>/);
    assert.ok(length - (await icount(dc)) < 100, 'a few instructions back from the exit');

    const over = await andStop(dc, () => dc.stepBackRequest({ threadId: 1 }));
    assert.strictEqual(over.body.reason, 'step');
    assert.strictEqual((await where(dc)).name, '_start');
    assert.match(await instructionAtPc(dc), /^jal\s.*<main>/, 'back over the whole of main, to its call');

    // reverse-finish from board_exit (out of the inlined wfi first) goes back to _start's call of it.
    await andStop(dc, () => dc.customRequest('rewind/seek', { icount: length }));
    for (let i = 0; i < 3 && (await where(dc)).name !== '_start'; i++) {
      const out = await andStop(dc, () => dc.customRequest('rewind/reverseStepOut', { threadId: 1 }));
      assert.strictEqual(out.body.reason, 'step');
    }
    assert.strictEqual((await where(dc)).name, '_start');
    assert.match(await instructionAtPc(dc), /^jal\s.*<board_exit>/);
    assert.ok(length - (await icount(dc)) < 100);
  });
});
