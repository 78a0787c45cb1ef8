// Scenario 1, on the real debug adapter: inside VS Code, record
// heisenbug with the input that breaks its audit, stop at the failure
// breakpoint, step back, then reverse-continue with a data breakpoint on
// ledger.total to land on the culprit write. Checks the stack, variables and
// position through the API and the DAP log (DebugAdapterTracker).
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { DapLog, DapMessage } from './dapLog';
import { loadConfig, markerLine, Suite } from './harness';

interface Frame {
  id: number;
  name: string;
  line: number;
  source?: { path?: string; name?: string };
}

export async function run(): Promise<void> {
  const config = loadConfig(__dirname);
  const suite = new Suite('Scenario 1: heisenbug recorded and rewound (extension host)', { steps: true });
  const dap = new DapLog('rewind');
  const source = path.join(config.workspace, 'heisenbug', 'heisenbug.c');
  const failureLine = markerLine(source, 'failure');
  const culpritLine = markerLine(source, 'culprit');
  const failureBreakpoint = new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(source), new vscode.Position(failureLine - 1, 0)));
  let session: vscode.DebugSession | undefined;
  let threadId = 0;
  const positions = (): DapMessage[] => dap.messages.filter((m) => m.event === 'rewind/position');
  const lastPosition = (): Record<string, unknown> => positions().at(-1)?.body ?? {};

  async function topFrame(): Promise<Frame> {
    assert.ok(session);
    const trace = (await session.customRequest('stackTrace', { threadId, startFrame: 0, levels: 20 })) as { stackFrames: Frame[] };
    assert.ok(trace.stackFrames.length > 0, 'a stack');
    return trace.stackFrames[0];
  }

  async function variablesOf(frameId: number): Promise<Map<string, string>> {
    assert.ok(session);
    const scopes = (await session.customRequest('scopes', { frameId })) as { scopes: { name: string; variablesReference: number }[] };
    const values = new Map<string, string>();
    for (const scope of scopes.scopes) {
      const vars = (await session.customRequest('variables', { variablesReference: scope.variablesReference })) as { variables: { name: string; value: string }[] };
      for (const v of vars.variables) values.set(v.name, v.value);
    }
    return values;
  }

  async function stopAfter(what: string, from: number, request: () => Thenable<unknown>): Promise<DapMessage> {
    await request();
    const stopped = await dap.event('stopped', from, 60_000);
    await dap.event('rewind/position', from);
    assert.ok(stopped.body, `${what}: a stopped event with a body`);
    return stopped;
  }

  suite.test('recording heisenbug stops at the audit failure breakpoint', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    vscode.debug.addBreakpoints([failureBreakpoint]);
    const from = dap.mark();
    const started = await vscode.debug.startDebugging(folder, {
      type: 'rewind', request: 'launch', name: 'e2e: heisenbug', program: '${workspaceFolder}/heisenbug/heisenbug.elf',
      mode: 'record', uartInput: config.heisenbugBadInput,
    });
    assert.ok(started, `the session started:\n${dap.dump()}`);
    session = vscode.debug.activeDebugSession;
    assert.strictEqual(session?.type, 'rewind');
    const init = await dap.response('initialize', from);
    assert.strictEqual(init.body?.supportsStepBack, true, 'the adapter supports stepping back');
    const stopped = await dap.event('stopped', from, 60_000);
    assert.strictEqual(stopped.body?.reason, 'breakpoint');
    threadId = Number(stopped.body?.threadId);
    const frame = await topFrame();
    assert.strictEqual(frame.name, 'ledger_audit');
    assert.strictEqual(frame.line, failureLine);
    const position = lastPosition();
    assert.strictEqual(position.mode, 'record');
    assert.ok(Number(position.icount) > 0, 'the cursor has moved');
    const output = dap.messages.filter((m) => m.event === 'rewind/uartOutput').map((m) => String(m.body?.data)).join('');
    assert.match(output, /total so far: 1085/, 'the guest printed through the UART events');
  }, 90_000);

  suite.test('stepBack goes to the line before, earlier in time', async () => {
    assert.ok(session);
    const before = Number(lastPosition().icount);
    const from = dap.mark();
    const stopped = await stopAfter('stepBack', from, () => session!.customRequest('stepBack', { threadId }));
    assert.strictEqual(stopped.body?.reason, 'step');
    const frame = await topFrame();
    assert.strictEqual(frame.name, 'ledger_audit');
    assert.ok(frame.line < failureLine, `line ${frame.line} is before the failure line ${failureLine}`);
    assert.ok(Number(lastPosition().icount) < before, 'icount went down');
    assert.strictEqual(lastPosition().live, false);
  }, 60_000);

  suite.test('reverse-continue with a data breakpoint on ledger.total stops at the culprit write', async () => {
    assert.ok(session);
    const frame = await topFrame();
    const info = (await session.customRequest('dataBreakpointInfo', { name: 'ledger.total', frameId: frame.id })) as { dataId: string | null };
    assert.ok(info.dataId, 'ledger.total has a data breakpoint id');
    await session.customRequest('setDataBreakpoints', { breakpoints: [{ dataId: info.dataId, accessType: 'write' }] });
    const before = Number(lastPosition().icount);
    const from = dap.mark();
    const stopped = await stopAfter('reverseContinue', from, () => session!.customRequest('reverseContinue', { threadId }));
    assert.match(String(stopped.body?.reason), /data breakpoint/);
    const top = await topFrame();
    assert.strictEqual(top.name, 'history_put');
    assert.strictEqual(top.line, culpritLine);
    const vars = await variablesOf(top.id);
    assert.match(vars.get('c') ?? '', /100|'d'/, `c is the 'd' typed after the Backspace: ${[...vars].join(', ')}`);
    assert.ok(Number(lastPosition().icount) < before);
  }, 90_000);

  suite.test('rewind/status and rewind/timeline agree with the position events', async () => {
    assert.ok(session);
    const status = (await session.customRequest('rewind/status')) as Record<string, unknown>;
    assert.strictEqual(status.icount, lastPosition().icount);
    assert.strictEqual(status.mode, 'record');
    assert.strictEqual(status.live, false);
    assert.match(String(status.program), /heisenbug\.elf$/);
    const timeline = (await session.customRequest('rewind/timeline', { start: 0, count: 1000 })) as { events: { kind: string; icount: number }[]; total: number };
    const inputs = timeline.events.filter((e) => e.kind === 'input');
    assert.ok(inputs.length > 0, 'the typed input is on the timeline');
    assert.ok(timeline.total >= timeline.events.length);
  });

  suite.test('the session ends cleanly', async () => {
    const from = dap.mark();
    await vscode.debug.stopDebugging(session);
    await dap.response('disconnect', from);
    assert.deepStrictEqual(dap.errors, []);
  });

  try {
    await suite.run(config.resultsFile);
  } finally {
    // Leave the workbench as found: the next suite in this server sets its own breakpoints.
    vscode.debug.removeBreakpoints([failureBreakpoint]);
    dap.dispose();
  }
}
