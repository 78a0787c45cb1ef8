// What a stop shows (examples/heisenbug at `#BP add`): the stack, locals and
// globals with their members, registers, CSRs, devices and time, hex
// formatting, memory, disassembly around the pc, loaded sources and
// breakpoint locations; changing values only at the live edge.
import * as assert from 'assert';
import * as path from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { Adapter, EXAMPLES, andStop, exampleRun, launchTo, locals, marker, scriptFor, startAdapter, where } from './support/adapter';

const SOURCE = path.join(EXAMPLES, 'heisenbug/heisenbug.c');

async function scope(dc: DebugClient, frameId: number, name: string): Promise<DebugProtocol.Variable[]> {
  const scopes = await dc.scopesRequest({ frameId });
  const s = scopes.body.scopes.find((x) => x.name === name);
  assert.ok(s, `scope ${name}`);
  return (await dc.variablesRequest({ variablesReference: s.variablesReference })).body.variables;
}

async function children(dc: DebugClient, v: DebugProtocol.Variable | undefined, hex = false): Promise<Record<string, DebugProtocol.Variable>> {
  assert.ok(v && v.variablesReference > 0, `${v?.name} expands`);
  const r = await dc.variablesRequest({ variablesReference: v.variablesReference, format: hex ? { hex: true } : undefined });
  return Object.fromEntries(r.body.variables.map((c) => [c.name, c]));
}

describe('adapter: inspecting a stop (heisenbug)', function () {
  let adapter: Adapter;
  let frameId: number;
  beforeEach(async () => {
    adapter = await startAdapter();
    const run = exampleRun('heisenbug-bad');
    await launchTo(adapter.dc, { program: run.elfPath, uartInput: scriptFor(run) }, SOURCE, [marker(SOURCE, 'add')]);
    frameId = (await where(adapter.dc)).frameId;
  });
  afterEach(async () => adapter.close());

  it('shows the stack, locals and globals like gdb, with members and hex on request', async () => {
    const { dc } = adapter;
    const st = await dc.stackTraceRequest({ threadId: 1, format: { parameters: true } });
    const frames = st.body.stackFrames;
    assert.deepStrictEqual(frames.slice(0, 2).map((f) => f.name), ['ledger_add(amount=125)', 'main()']);
    assert.strictEqual(frames[0].source?.path, SOURCE);
    assert.strictEqual(frames[0].line, marker(SOURCE, 'add'));
    assert.match(frames[0].instructionPointerReference ?? '', /^0x8000[0-9a-f]{4}$/);
    assert.deepStrictEqual(await locals(dc), { amount: '125' });

    const globals = await scope(dc, frameId, 'Globals');
    const ledger = globals.find((g) => g.name === 'ledger');
    assert.ok(ledger);
    assert.match(ledger.value, /^\{history_next = 4, history = "125\\n", '\\000' <repeats 11 times>, total = 0, entry_count = 1, entries = \{125, 0 <repeats 31 times>\}\}$/);
    const members = await children(dc, ledger);
    assert.deepStrictEqual(Object.keys(members), ['history_next', 'history', 'total', 'entry_count', 'entries']);
    assert.strictEqual(members.entries.evaluateName, 'ledger.entries');
    assert.strictEqual(members.entries.indexedVariables, 32);
    const entries = await children(dc, members.entries, true);
    assert.strictEqual(entries['[0]'].value, '0x7d');
    assert.strictEqual(entries['[0]'].evaluateName, 'ledger.entries[0]');

    const hex = await dc.evaluateRequest({ expression: 'ledger.entries[0] - 1', frameId, context: 'watch', format: { hex: true } });
    assert.strictEqual(hex.body.result, '0x7c');
    const ptr = await dc.evaluateRequest({ expression: '&ledger.total', frameId, context: 'watch' });
    assert.match(ptr.body.result, /^\(int \*\) 0x8000[0-9a-f]{4} <ledger\+20>$/);
    assert.ok(ptr.body.variablesReference > 0, 'a pointer expands to its target');
    const target = await dc.variablesRequest({ variablesReference: ptr.body.variablesReference });
    assert.deepStrictEqual(target.body.variables.map((v) => [v.name, v.value]), [['*(&ledger.total)', '0']]);
    await assert.rejects(dc.evaluateRequest({ expression: 'no_such_thing', frameId, context: 'hover' }), /No symbol "no_such_thing" in current context/);
  });

  it('shows registers, CSRs, devices and time', async () => {
    const { dc } = adapter;
    const st = await dc.stackTraceRequest({ threadId: 1 });
    const regs = await scope(dc, frameId, 'Registers');
    assert.strictEqual(regs.length, 33);
    assert.deepStrictEqual(regs.slice(0, 4).map((r) => r.name), ['pc', 'zero', 'ra', 'sp']);
    assert.ok(regs[0].value.startsWith(st.body.stackFrames[0].instructionPointerReference as string), regs[0].value);
    assert.match(regs[0].value, /<ledger_add\+\d+>$/);
    assert.match(regs[2].value, /<main\+\d+>$/, 'ra points back into main');
    const a0 = regs.find((r) => r.name === 'a0');
    assert.ok(a0);

    const csrs = await scope(dc, frameId, 'CSRs');
    assert.deepStrictEqual(csrs.map((g) => g.name), ['Status', 'Trap', 'Counters', 'PMP', 'Paging']);
    const status = await children(dc, csrs[0]);
    assert.strictEqual(status.privilege.value, 'M (3)');
    assert.match(status.misa.value, /\(RV32ACIMSU\)$/);
    const mstatus = await children(dc, status.mstatus);
    assert.ok('MIE' in mstatus && 'MPP' in mstatus);
    const counters = await children(dc, csrs[2]);
    const icount = ((await dc.customRequest('rewind/status')).body as { icount: number }).icount;
    assert.strictEqual(counters.minstret.value, String(icount), 'one instruction per count, as QEMU -icount');
    const trap = await children(dc, csrs[1]);
    assert.match(trap.mtvec.value, /direct/);

    const devices = await scope(dc, frameId, 'Devices');
    const byName = Object.fromEntries(devices.map((d) => [d.name, d]));
    for (const name of ['UART0 (NS16550A)', 'CLINT', 'PLIC', 'RTC (goldfish)']) assert.ok(name in byName, `${name} in ${Object.keys(byName).join(', ')}`);
    const uart = await children(dc, byName['UART0 (NS16550A)']);
    assert.ok(Object.keys(uart).length > 3, Object.keys(uart).join(', '));

    const time = Object.fromEntries((await scope(dc, frameId, 'Time')).map((v) => [v.name, v.value]));
    assert.strictEqual(time.icount, String(icount));
    assert.strictEqual(time.mode, 'record');
    assert.match(time['virtual time'], /^\d+ ns/);
  });

  it('reads memory, disassembles around the pc, lists sources and breakpoint locations', async () => {
    const { dc } = adapter;
    const addr = await dc.evaluateRequest({ expression: '&ledger.entries[0]', frameId, context: 'watch' });
    const at = /0x[0-9a-f]+/.exec(addr.body.result)?.[0] as string;
    const mem = await dc.customRequest('readMemory', { memoryReference: at, count: 8 });
    const bytes = Buffer.from((mem.body as { data: string }).data, 'base64');
    assert.deepStrictEqual([...bytes], [125, 0, 0, 0, 0, 0, 0, 0]);
    const unreadable = await dc.customRequest('readMemory', { memoryReference: '0x10000000', count: 4 });
    assert.strictEqual((unreadable.body as { unreadableBytes: number }).unreadableBytes, 4, 'device registers are never read');

    const pc = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].instructionPointerReference as string;
    const dis = await dc.customRequest('disassemble', { memoryReference: pc, instructionOffset: -4, instructionCount: 8, resolveSymbols: true });
    const list = (dis.body as DebugProtocol.DisassembleResponse['body'] & object).instructions;
    assert.strictEqual(list.length, 8);
    assert.strictEqual(Number(list[4].address), Number(pc), 'four instructions before the pc, then the pc');
    for (let i = 1; i < list.length; i++) assert.ok(Number(list[i].address) > Number(list[i - 1].address));
    assert.ok(list.every((i) => i.line !== undefined && i.instruction.length > 0));

    const sources = await dc.customRequest('loadedSources', {});
    const names = (sources.body as { sources: DebugProtocol.Source[] }).sources.map((s) => s.name);
    assert.ok(names.includes('heisenbug.c') && names.includes('board.c'), names.join(', '));
    const locs = await dc.customRequest('breakpointLocations', { source: { path: SOURCE }, line: 1, endLine: 200 });
    const lines = (locs.body as { breakpoints: Array<{ line: number }> }).breakpoints.map((b) => b.line);
    assert.ok(lines.includes(marker(SOURCE, 'add')) && lines.includes(marker(SOURCE, 'culprit')));
    assert.ok(!lines.includes(1), 'comment lines have no code');
  });

  it('changes values at the live edge, and refuses in the recorded past saying why', async () => {
    const { dc } = adapter;
    const scopeRef = async (): Promise<number> => (await dc.scopesRequest({ frameId: (await where(dc)).frameId })).body.scopes[0].variablesReference;
    // At the live edge the change is made (and recorded).
    assert.strictEqual((await dc.setVariableRequest({ variablesReference: await scopeRef(), name: 'amount', value: '7' })).body.value, '7');
    assert.strictEqual((await locals(dc)).amount, '7');

    // One instruction back, the change is in the future again: the old value, and nothing can be changed there.
    await andStop(dc, () => dc.stepBackRequest({ threadId: 1, granularity: 'instruction' }));
    assert.strictEqual((await locals(dc)).amount, '125');
    await assert.rejects(dc.setVariableRequest({ variablesReference: await scopeRef(), name: 'amount', value: '8' }), /recorded past/);
    await assert.rejects(dc.customRequest('setExpression', { expression: 'ledger.total', value: '1001', frameId: (await where(dc)).frameId }), /recorded past/);
    await assert.rejects(dc.customRequest('writeMemory', { memoryReference: '0x80000000', data: 'AA==' }), /recorded past/);
    await assert.rejects(dc.customRequest('rewind/uartInput', { data: 'x' }), /recorded past/);
    assert.strictEqual((await locals(dc)).amount, '125');
  });
});
