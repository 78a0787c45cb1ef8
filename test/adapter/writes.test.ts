// Changing values from the debugger (examples/heisenbug at `#BP add`):
// setVariable on a local, a global's member and a register, setExpression
// and writeMemory at the live edge of a recording change what the program
// does next; the saved recording replays bit-exactly (the engine's replay
// and `rewind replay` verify every checkpoint; a replay session stops with the changed values
// and prints the same output). In the recorded past and in a replay the
// same requests answer why they cannot change anything.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { drain, dumpLog, openReplay } from '../../emulator/index';
import { runCommandReplay } from '../../cli/replay';
import { runCli } from '../cli/cliHarness';
import { Adapter, EXAMPLES, andStop, exampleRun, launchTo, locals, marker, scriptFor, startAdapter, tempFile, where } from './support/adapter';

const SOURCE = path.join(EXAMPLES, 'heisenbug/heisenbug.c');

async function scopeVariables(dc: DebugClient, name: string): Promise<DebugProtocol.Variable[]> {
  const scopes = await dc.scopesRequest({ frameId: (await where(dc)).frameId });
  const scope = scopes.body.scopes.find((s) => s.name === name);
  assert.ok(scope, `scope ${name}`);
  return (await dc.variablesRequest({ variablesReference: scope.variablesReference })).body.variables;
}

async function scopeRef(dc: DebugClient, name: string): Promise<number> {
  const scopes = await dc.scopesRequest({ frameId: (await where(dc)).frameId });
  return scopes.body.scopes.find((s) => s.name === name)?.variablesReference ?? 0;
}

async function value(dc: DebugClient, expression: string): Promise<string> {
  return (await dc.evaluateRequest({ expression, frameId: (await where(dc)).frameId, context: 'watch' })).body.result;
}

/** Continues from stop to stop until the program exits; returns the last reason. */
async function runToEnd(dc: DebugClient): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const stop = await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    if (stop.body.reason !== 'breakpoint') return stop.body.reason;
  }
  throw new Error('too many stops');
}

/** Every attempt to change something, expected to fail with `reason`. */
async function allRefused(dc: DebugClient, reason: RegExp): Promise<void> {
  const frameId = (await where(dc)).frameId;
  await assert.rejects(dc.setVariableRequest({ variablesReference: await scopeRef(dc, 'Locals'), name: 'amount', value: '9' }), reason);
  await assert.rejects(dc.setVariableRequest({ variablesReference: await scopeRef(dc, 'Registers'), name: 't6', value: '9' }), reason);
  await assert.rejects(dc.customRequest('setExpression', { expression: 'ledger.total', value: '9', frameId }), reason);
  await assert.rejects(dc.customRequest('writeMemory', { memoryReference: '0x80000000', data: 'AA==' }), reason);
}

describe('adapter: changing values, recorded and replayed (heisenbug)', function () {
  let adapter: Adapter | undefined;
  afterEach(async () => adapter?.close());

  it('changes a local, a global, a register and memory at the live edge; the recording replays them', async () => {
    const run = exampleRun('heisenbug-bad');
    const recording = tempFile('writes.rwnd', '');
    const add = marker(SOURCE, 'add');

    // ---- record ----
    adapter = await startAdapter();
    let dc = adapter.dc;
    let recorded = '';
    dc.on('rewind/uartOutput', (e: DebugProtocol.Event) => (recorded += (e.body as { data: string }).data));
    let invalidated = 0;
    dc.on('invalidated', () => invalidated++);
    await dc.initializeRequest({ adapterID: 'rewind', linesStartAt1: true, columnsStartAt1: true, supportsInvalidatedEvent: true });
    await launchTo(dc, { program: run.elfPath, uartInput: scriptFor(run), recording }, SOURCE, [add], false);
    assert.deepStrictEqual(await locals(dc), { amount: '125' });

    // A local (on the stack at -O0).
    assert.strictEqual((await dc.setVariableRequest({ variablesReference: await scopeRef(dc, 'Locals'), name: 'amount', value: '200' })).body.value, '200');
    // A member of a global, through the Globals scope.
    const ledger = (await scopeVariables(dc, 'Globals')).find((v) => v.name === 'ledger');
    assert.ok(ledger && ledger.variablesReference > 0);
    assert.strictEqual((await dc.setVariableRequest({ variablesReference: ledger.variablesReference, name: 'total', value: '1000' })).body.value, '1000');
    // setExpression, and raw memory.
    assert.strictEqual((await dc.customRequest('setExpression', { expression: 'ledger.entries[31]', value: '3 + 4', frameId: (await where(dc)).frameId })).body.value, '7');
    const entry0 = /0x[0-9a-f]+/.exec(await value(dc, '&ledger.entries[0]'))?.[0] as string;
    const written = await dc.customRequest('writeMemory', { memoryReference: entry0, data: Buffer.from([200, 0, 0, 0]).toString('base64') });
    assert.strictEqual((written.body as { bytesWritten: number }).bytesWritten, 4);
    // A register (t6 is x31), and x0 refused.
    const t6 = await dc.setVariableRequest({ variablesReference: await scopeRef(dc, 'Registers'), name: 't6', value: '0x1234' });
    assert.match(t6.body.value, /^0x0*1234 \(4660\)$/);
    await assert.rejects(dc.setVariableRequest({ variablesReference: await scopeRef(dc, 'Registers'), name: 'zero', value: '1' }), /hard-wired to zero/);
    assert.strictEqual(invalidated, 5, 'each change tells the client to refresh its views');

    // The views show the new values.
    assert.deepStrictEqual(await locals(dc), { amount: '200' });
    assert.deepStrictEqual([await value(dc, 'ledger.total'), await value(dc, 'ledger.entries[0]'), await value(dc, 'ledger.entries[31]')], ['1000', '200', '7']);
    assert.match((await scopeVariables(dc, 'Registers')).find((v) => v.name === 't6')?.value ?? '', /^0x0*1234 /);

    // One instruction back, the changes are in the (recorded) future.
    const status = (await dc.customRequest('rewind/status')).body as { icount: number; live: boolean };
    assert.strictEqual(status.live, true);
    await andStop(dc, () => dc.stepBackRequest({ threadId: 1, granularity: 'instruction' }));
    assert.deepStrictEqual(await locals(dc), { amount: '125' });
    assert.strictEqual(await value(dc, 'ledger.total'), '0');
    await allRefused(dc, /recorded past/);
    // Forward again: the breakpoint at the same instruction, with the changes made.
    const back = await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.strictEqual(back.body.reason, 'breakpoint');
    assert.strictEqual(((await dc.customRequest('rewind/status')).body as { icount: number }).icount, status.icount);
    assert.deepStrictEqual(await locals(dc), { amount: '200' });

    assert.strictEqual(await runToEnd(dc), 'exited');
    // 1000 + 200; - 40; + 1000 = 2160 (0x870), whose low byte heisenbug's stray write turns into 'd' (0x64): 0x864 = 2148.
    assert.match(recorded, /total so far: 1200\r\n> -40\r\n {2}total so far: 1160\r\n> 1000\r\n {2}total so far: 2160\r\n/);
    assert.match(recorded, /audit FAILED: total is 2148, entries add up to 1160\r\n$/);
    await dc.disconnectRequest({});
    await adapter.close();

    // ---- the saved recording replays exactly ----
    const log = fs.readFileSync(recording);
    const writes = dumpLog(log).filter((l) => / write /.test(l));
    assert.strictEqual(writes.length, 5, writes.join('\n'));
    assert.ok(writes.every((l) => l.startsWith(`${status.icount} write `)), 'all at the stop');
    assert.ok(writes.includes(`${status.icount} write reg x31=0x00001234`), writes.join('\n'));
    const { engine } = openReplay({ elf: fs.readFileSync(run.elfPath), log });
    let replayed = '';
    engine.onUartOutput((b) => (replayed += Buffer.from(b).toString('latin1')));
    const end = drain(engine.continueForward());
    assert.strictEqual(end.kind, 'exit', JSON.stringify(end));
    assert.strictEqual(engine.divergence, undefined, 'every checkpoint matches');
    assert.strictEqual(replayed, recorded);
    const cli = await runCli((io) => runCommandReplay([recording, '--elf', run.elfPath], io));
    assert.strictEqual(cli.code, 0, cli.stderr);
    assert.strictEqual(cli.stdout, recorded, '`rewind replay` verifies it and prints the same output');

    // ---- a replay session: the changes are there, and cannot be changed again ----
    adapter = await startAdapter();
    dc = adapter.dc;
    let again = '';
    dc.on('rewind/uartOutput', (e: DebugProtocol.Event) => (again += (e.body as { data: string }).data));
    await launchTo(dc, { program: run.elfPath, mode: 'replay', recording }, SOURCE, [add]);
    assert.strictEqual(((await dc.customRequest('rewind/status')).body as { icount: number }).icount, status.icount);
    assert.deepStrictEqual(await locals(dc), { amount: '200' });
    assert.deepStrictEqual([await value(dc, 'ledger.total'), await value(dc, 'ledger.entries[0]')], ['1000', '200']);
    await allRefused(dc, /replays a recording/);
    const timeline = (await dc.customRequest('rewind/timeline', { start: 0, count: 10000 })).body as { events: Array<{ icount: number; kind: string }> };
    assert.strictEqual(timeline.events.filter((e) => e.kind === 'write').length, 5, 'the changes are on the timeline');
    assert.strictEqual(await runToEnd(dc), 'exited');
    assert.strictEqual(again, recorded);
  });
});
