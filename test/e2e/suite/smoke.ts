// Smoke test inside a real VS Code (code-server) with the packaged extension:
// it activates for a `rewind` launch, VS Code starts the adapter process and
// the launch reaches it (seen through a DebugAdapterTracker), the commands
// are registered, .S files get the riscv-asm language, .rwnd files open in
// the recording editor, and no keybinding clashes with VS Code's defaults.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { DapLog } from './dapLog';
import { loadConfig, Suite } from './harness';

const EXTENSION_ID = 'rewind-debug.rewind-debug';
const COMMANDS = [
  'rewind.recordProgram', 'rewind.replayRecording', 'rewind.goToInstructionCount', 'rewind.reverseStepIn',
  'rewind.reverseStepOut', 'rewind.whoWroteThis', 'rewind.goLive', 'rewind.showTimeline',
];

interface Keybinding {
  key: string;
  command: string;
  when?: string;
  mac?: string;
}

/** "Alt+Shift+F11" and "shift+alt+f11" are the same chord. */
function normaliseKey(key: string): string {
  return key
    .toLowerCase()
    .split(' ')
    .map((chord) => chord.split('+').sort().join('+'))
    .join(' ');
}

/** Reads JSON with // comments and trailing commas (VS Code's keybindings.json). */
function parseJsonc(text: string): unknown {
  const noComments = text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_m, str: string | undefined) => str ?? '');
  return JSON.parse(noComments.replace(/,(\s*[\]}])/g, '$1'));
}

export async function run(): Promise<void> {
  const config = loadConfig(__dirname);
  const suite = new Suite('Rewind smoke (extension host)');
  const dap = new DapLog('rewind');
  const folder = vscode.workspace.workspaceFolders?.[0];

  suite.test('the workspace is the copy of examples/', async () => {
    assert.ok(folder, 'a folder is open');
    assert.strictEqual(folder.uri.fsPath, config.workspace);
    assert.ok(fs.existsSync(path.join(folder.uri.fsPath, 'heisenbug', 'heisenbug.elf')));
  });

  suite.test('the packaged extension is installed and not yet active', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    assert.ok(fs.existsSync(path.join(ext.extensionPath, 'dist', 'debugAdapter.js')), 'the adapter bundle ships in the package');
    assert.ok(!fs.existsSync(path.join(ext.extensionPath, 'extension')), 'no sources in the package');
  });

  suite.test('a rewind launch activates the extension and reaches the adapter process', async () => {
    assert.ok(folder);
    const from = dap.mark();
    // Until the adapter can launch, VS Code shows its launch error in a dialog, which a test window refuses, rejecting the promise.
    const started = Promise.resolve(vscode.debug.startDebugging(folder, {
      type: 'rewind', request: 'launch', name: 'smoke: heisenbug', program: 'heisenbug/heisenbug.elf', uartInput: config.heisenbugBadInput,
    })).then((ok) => (ok ? 'started' : 'not started'), (e: unknown) => `rejected: ${e instanceof Error ? e.message : String(e)}`);
    const init = await dap.response('initialize', from);
    assert.strictEqual(init.success, true, 'the adapter answers initialize');
    const launchRequest = await dap.next('the launch request', from, (m) => m.dir === 'toAdapter' && m.command === 'launch');
    // The configuration provider filled in what launch.json left out.
    assert.strictEqual(launchRequest.arguments?.mode, 'record');
    assert.strictEqual(launchRequest.arguments?.cwd, folder.uri.fsPath);
    const launch = await dap.response('launch', from);
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, 'onDebugResolve:rewind activated the extension');
    if (launch.success) {
      console.log('    (the adapter launched the program: stopping the session)');
      await started;
      await vscode.debug.stopDebugging();
    } else {
      // Until the adapter can launch, it answers with its own error: proof the message crossed the process boundary.
      assert.match(String(launch.message), /Rewind/, `the error comes from the Rewind adapter:\n${dap.dump()}`);
      const outcome = await started;
      assert.ok(outcome === 'not started' || outcome.includes(String(launch.message)), `startDebugging: ${outcome}`);
    }
    assert.deepStrictEqual(dap.errors, [], 'no transport errors');
  }, 45_000);

  suite.test('every Rewind command is registered', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    assert.deepStrictEqual(COMMANDS.filter((c) => !all.has(c)), []);
    assert.ok(all.has('rewind.timeline.focus'), 'the Timeline view is contributed');
  });

  suite.test('Show Timeline opens the Timeline view without an error', async () => {
    await vscode.commands.executeCommand('rewind.showTimeline');
  });

  suite.test('assembly sources get the riscv-asm language (breakpoints allowed there)', async () => {
    assert.ok((await vscode.languages.getLanguages()).includes('riscv-asm'));
    const doc = await vscode.workspace.openTextDocument(path.join(config.workspace, 'common', 'crt0.S'));
    assert.strictEqual(doc.languageId, 'riscv-asm');
  });

  suite.test('opening a .rwnd file shows the recording editor', async () => {
    const rec = vscode.Uri.file(path.join(config.workspace, 'heisenbug', 'smoke.rwnd'));
    fs.writeFileSync(rec.fsPath, 'not a real recording: only the editor choice is tested');
    await vscode.commands.executeCommand('vscode.open', rec);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputCustom, `active tab: ${tab?.label}`);
    assert.strictEqual(tab.input.viewType, 'rewind.recording');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    fs.rmSync(rec.fsPath);
  });

  suite.test('Rewind keybindings do not take keys VS Code already uses', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const ours = (ext.packageJSON as { contributes: { keybindings: Keybinding[] } }).contributes.keybindings;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse('vscode://defaultsettings/keybindings.json'));
    const defaults = parseJsonc(doc.getText()) as Keybinding[];
    fs.writeFileSync(path.join(path.dirname(config.resultsFile), 'default-keybindings.json'), JSON.stringify(defaults, null, 1));
    assert.ok(defaults.length > 500, `VS Code's default keybindings were read (${defaults.length})`);
    const clashes = ours.flatMap((k) =>
      defaults
        .filter((d) => !d.command.startsWith('rewind.') && d.command !== k.command && !d.command.startsWith('-'))
        .filter((d) => normaliseKey(d.key) === normaliseKey(k.key))
        .map((d) => `${k.key} (${k.command}) is ${d.command} when ${d.when ?? 'always'}`),
    );
    assert.deepStrictEqual(clashes, []);
    const all = new Set(await vscode.commands.getCommands(true));
    assert.deepStrictEqual(ours.map((k) => k.command).filter((c) => !all.has(c)), [], 'every key runs a command that exists in this VS Code');
  });

  try {
    await suite.run(config.resultsFile);
  } finally {
    dap.dispose();
  }
}
