// Launch configurations (extension/launchDefaults.ts): what F5 without a
// launch.json does, what the drop-down offers, and that everything the
// extension writes is accepted by the adapter's own validation.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseLaunchArguments } from '../../debug-adapter/launchConfig';
import {
  ATTRIBUTE_DEFAULTS, launchJsonPath, programFor, recordConfiguration, replayConfiguration, resolveConfiguration, templateConfiguration,
} from '../../extension/launchDefaults';

const root = path.resolve(__dirname, '../..');
const ws = path.join(root, 'examples');
const elfs = ['hello', 'echo', 'heisenbug', 'clock'].map((n) => path.join(ws, n, `${n}.elf`));
const heisenbug = path.join(ws, 'heisenbug/heisenbug.elf');

interface Contributed {
  contributes: {
    debuggers: {
      type: string;
      configurationAttributes: { launch: { properties: Record<string, { default?: unknown; enum?: unknown[]; minimum?: number; maximum?: number }> } };
      initialConfigurations: Record<string, unknown>[];
      configurationSnippets: { label: string; body: Record<string, unknown> }[];
    }[];
  };
}
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Contributed;
const debuggerContribution = manifest.contributes.debuggers.find((d) => d.type === 'rewind');

describe('extension: launch configurations', function () {
  it('resolves F5 without launch.json to recording the active editor\'s program', function () {
    const r = resolveConfiguration({}, { activeFile: path.join(ws, 'heisenbug/heisenbug.c'), elfs, workspaceFolder: ws });
    assert.strictEqual(r.kind, 'launch');
    if (r.kind !== 'launch') return;
    assert.strictEqual(r.configuration.program, heisenbug);
    assert.strictEqual(r.configuration.mode, 'record');
    assert.strictEqual(r.configuration.type, 'rewind');
    assert.strictEqual(r.configuration.request, 'launch');
    assert.strictEqual(r.configuration.name, 'Rewind: Record heisenbug');
    assert.strictEqual(r.configuration.stopOnEntry, true);
    assert.strictEqual(r.configuration.cwd, ws);
    assert.doesNotThrow(() => parseLaunchArguments(r.configuration), 'the adapter accepts it');
  });

  it('asks for a program when the active editor does not tell, and says so when there is none', function () {
    assert.strictEqual(resolveConfiguration({}, { activeFile: path.join(ws, 'README.md'), elfs }).kind, 'pickProgram');
    assert.strictEqual(resolveConfiguration({}, { elfs }).kind, 'pickProgram');
    const none = resolveConfiguration({}, { elfs: [] });
    assert.ok(none.kind === 'error' && /No RISC-V ELF/.test(none.message));
  });

  it('keeps what launch.json says and only fills what is missing', function () {
    const raw = { type: 'rewind', request: 'launch', name: 'mine', program: 'hello/hello.elf', mode: 'replay', recording: 'x.rwnd', cwd: '/else' };
    const r = resolveConfiguration(raw, { activeFile: path.join(ws, 'heisenbug/heisenbug.c'), elfs, workspaceFolder: ws });
    assert.deepStrictEqual(r, { kind: 'launch', configuration: raw });
    const noProgram = resolveConfiguration({ type: 'rewind', request: 'launch', name: 'n' }, { activeFile: heisenbug, elfs });
    assert.ok(noProgram.kind === 'launch' && noProgram.configuration.program === heisenbug && noProgram.configuration.name === 'n');
  });

  it('asks for a recording in replay mode without one', function () {
    const r = resolveConfiguration({ type: 'rewind', request: 'launch', name: 'r', mode: 'replay', program: heisenbug }, { elfs });
    assert.strictEqual(r.kind, 'pickRecording');
  });

  it('replays the .rwnd in the active editor with the program beside it', function () {
    const rec = path.join(ws, 'heisenbug/heisenbug.rwnd');
    const r = resolveConfiguration({}, { activeFile: rec, elfs });
    assert.ok(r.kind === 'launch');
    assert.strictEqual(r.configuration.mode, 'replay');
    assert.strictEqual(r.configuration.recording, rec);
    assert.strictEqual(r.configuration.program, heisenbug);
    const elsewhere = resolveConfiguration({}, { activeFile: '/tmp/unknown-run.rwnd', elfs });
    assert.ok(elsewhere.kind === 'pickProgram' && elsewhere.configuration.program === undefined && elsewhere.configuration.recording === '/tmp/unknown-run.rwnd');
  });

  it('refuses attach requests with a clear message', function () {
    const r = resolveConfiguration({ type: 'rewind', request: 'attach', name: 'a' }, { elfs });
    assert.ok(r.kind === 'error' && /only supports "request": "launch"/.test(r.message));
  });

  it('finds the program of a source or recording file', function () {
    assert.strictEqual(programFor(path.join(ws, 'heisenbug/heisenbug.c'), elfs), heisenbug);
    assert.strictEqual(programFor(path.join(ws, 'echo/other.c'), elfs), path.join(ws, 'echo/echo.elf'), 'the only ELF of its folder');
    assert.strictEqual(programFor('/elsewhere/hello.rwnd', elfs), path.join(ws, 'hello/hello.elf'), 'the only ELF of that name');
    assert.strictEqual(programFor(path.join(ws, 'common/board.c'), elfs), undefined);
    assert.strictEqual(programFor('/x/y.elf', elfs), '/x/y.elf');
  });

  it('writes workspace paths as ${workspaceFolder}/...', function () {
    assert.strictEqual(launchJsonPath(heisenbug, ws), '${workspaceFolder}/heisenbug/heisenbug.elf');
    assert.strictEqual(launchJsonPath('/other/p.elf', ws), '/other/p.elf');
    assert.strictEqual(launchJsonPath(heisenbug, undefined), heisenbug);
    const c = recordConfiguration(heisenbug, ws);
    assert.strictEqual(c.recording, '${workspaceFolder}/heisenbug/heisenbug.rwnd');
    assert.strictEqual(replayConfiguration(path.join(ws, 'a.rwnd'), heisenbug, ws).name, 'Rewind: Replay a.rwnd');
  });

  it('offers configurations the adapter accepts once paths are substituted', function () {
    const substitute = (c: Record<string, unknown>): Record<string, unknown> =>
      JSON.parse(JSON.stringify(c).split('${workspaceFolder}').join(ws)) as Record<string, unknown>;
    const exists = (): boolean => true;
    for (const c of [recordConfiguration(heisenbug, ws), replayConfiguration(path.join(ws, 'h.rwnd'), heisenbug, ws), templateConfiguration()]) {
      assert.doesNotThrow(() => parseLaunchArguments(substitute(c), exists), c.name);
    }
  });
});

describe('extension: contributed debugger (package.json)', function () {
  it('describes every attribute the adapter accepts, with its default', function () {
    assert.ok(debuggerContribution, 'a "rewind" debugger is contributed');
    const props = debuggerContribution.configurationAttributes.launch.properties;
    assert.deepStrictEqual(
      Object.keys(props).sort(),
      ['cwd', 'icountShift', 'mode', 'program', 'ramSizeMiB', 'recording', 'snapshotBudgetMiB', 'stopOnEntry', 'uartInput'],
    );
    assert.deepStrictEqual(props.mode.enum, ['record', 'replay']);
    assert.strictEqual(props.mode.default, ATTRIBUTE_DEFAULTS.mode);
    assert.strictEqual(props.icountShift.default, ATTRIBUTE_DEFAULTS.icountShift);
    assert.deepStrictEqual([props.icountShift.minimum, props.icountShift.maximum], [0, 10]);
    assert.strictEqual(props.ramSizeMiB.default, ATTRIBUTE_DEFAULTS.ramSizeMiB);
    assert.strictEqual(props.snapshotBudgetMiB.default, ATTRIBUTE_DEFAULTS.snapshotBudgetMiB);
    assert.strictEqual(props.stopOnEntry.default, ATTRIBUTE_DEFAULTS.stopOnEntry);
    assert.strictEqual(props.uartInput.default, ATTRIBUTE_DEFAULTS.uartInput);
  });

  it('uses the adapter\'s own defaults and ranges', function () {
    const d = parseLaunchArguments({ program: 'p.elf' }, () => true);
    assert.deepStrictEqual(
      { mode: d.mode, stopOnEntry: d.stopOnEntry, icountShift: d.icountShift, ramSizeMiB: d.ramSizeMiB, snapshotBudgetMiB: d.snapshotBudgetMiB, uartInput: d.uartInput.kind },
      ATTRIBUTE_DEFAULTS,
    );
    assert.throws(() => parseLaunchArguments({ program: 'p.elf', icountShift: 11 }, () => true), /icountShift/);
  });

  it('has initial configurations and the two snippets', function () {
    assert.ok(debuggerContribution);
    assert.ok(debuggerContribution.initialConfigurations.length >= 1);
    assert.deepStrictEqual(debuggerContribution.configurationSnippets.map((s) => s.label), ['Rewind: Record a program', 'Rewind: Replay a recording']);
    assert.strictEqual(debuggerContribution.configurationSnippets[1].body.mode, 'replay');
  });
});
