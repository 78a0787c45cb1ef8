// Inlined calls (examples/bench, built with -O2): each inlined call is a
// frame of its own, as addr2line -i and gdb show them, and finish leaves
// the inlined call without leaving its physical frame.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { ADDR2LINE, requirePeers } from '../support/peers';
import { Adapter, EXAMPLES, andStop, launchTo, marker, startAdapter } from './support/adapter';

const SOURCE = path.join(EXAMPLES, 'bench/bench.c');
const PROGRAM = path.join(EXAMPLES, 'bench/bench.elf');

describe('adapter: inlined frames (bench, -O2)', function () {
  let adapter: Adapter;
  beforeEach(async () => {
    adapter = await startAdapter();
  });
  afterEach(async () => adapter.close());

  it('shows the inline chain addr2line shows, and steps out of an inlined call', async function () {
    requirePeers(this, ADDR2LINE);
    const { dc } = adapter;
    await launchTo(dc, { program: PROGRAM }, SOURCE, [marker(SOURCE, 'crc')]);
    const frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    const pc = frames[0].instructionPointerReference as string;
    const a2l = spawnSync(ADDR2LINE, ['-i', '-f', '-e', PROGRAM, pc], { encoding: 'utf8' }).stdout.trim().split('\n');
    const expected = a2l.filter((_, i) => i % 2 === 0);
    assert.deepStrictEqual(frames.map((f) => f.name.replace(' [inlined]', '')), expected);
    assert.ok(frames[0].name.endsWith('[inlined]') && !frames[frames.length - 1].name.endsWith('[inlined]'));
    assert.ok(frames.every((f) => f.instructionPointerReference === pc), 'inlined frames share the physical pc');
    assert.strictEqual(frames[0].line, marker(SOURCE, 'crc'));

    await dc.setBreakpointsRequest({ source: { path: SOURCE }, breakpoints: [] });
    await andStop(dc, () => dc.stepOutRequest({ threadId: 1 }));
    const after = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    assert.deepStrictEqual(after.map((f) => f.name.replace(' [inlined]', '')), expected.slice(1), 'out of crc32, still in its caller');
  });
});
