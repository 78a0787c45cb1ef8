// The extension's contributions in package.json, checked against what the
// extension promises: the `rewind` debugger, its commands with titles and
// codicons, the debug toolbar entries only in Rewind sessions, keybindings
// only while a Rewind session is stopped, and the activation events.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CommandIds } from '../../extension/commandIds';

interface Command { command: string; title: string; category?: string; icon?: unknown; enablement?: string }
interface MenuEntry { command: string; when?: string; group?: string }
interface Keybinding { command: string; key: string; mac?: string; when?: string }
interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: Command[];
    menus: Record<string, MenuEntry[]>;
    keybindings: Keybinding[];
    debuggers: { type: string; label: string; languages: string[]; configurationSnippets: { label: string }[] }[];
    breakpoints: { language: string }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as Manifest;
const commands = manifest.contributes.commands;
const byId = new Map(commands.map((c) => [c.command, c]));

describe('extension: package.json contributions', function () {
  it('contributes every command the extension registers, with the titles of the feature list', function () {
    const titles: Record<string, string> = {
      recordProgram: 'Record Program…', replayRecording: 'Replay Recording…', goToInstructionCount: 'Go to Instruction Count…',
      reverseStepIn: 'Reverse Step Into', reverseStepOut: 'Reverse Step Out', whoWroteThis: 'Who Wrote This?',
      goLive: 'Go Live From Here', showTimeline: 'Show Timeline',
    };
    for (const [key, id] of Object.entries(CommandIds)) {
      if (!(key in titles)) continue;
      const c = byId.get(id);
      assert.ok(c, `${id} is contributed`);
      assert.strictEqual(c.title, titles[key]);
      assert.strictEqual(c.category, 'Rewind');
    }
    assert.deepStrictEqual(Object.keys(titles).filter((k) => !(k in CommandIds)), [], 'the extension has an id for each');
  });

  it('gives every command a codicon (drawn in the theme\'s colours, unlike a fixed-colour SVG)', function () {
    for (const c of commands) assert.match(String(c.icon), /^\$\([a-z0-9-]+\)$/, `${c.command}: ${JSON.stringify(c.icon)}`);
    assert.notStrictEqual(byId.get(CommandIds.reverseStepIn)?.icon, byId.get(CommandIds.reverseStepOut)?.icon, 'Reverse Step Into and Out look different');
  });

  it('puts Reverse Step Into/Out, Go to Instruction Count and Go Live in the debug toolbar of Rewind sessions only', function () {
    const toolbar = manifest.contributes.menus['debug/toolBar'];
    assert.deepStrictEqual(toolbar.map((m) => m.command).sort(), [CommandIds.goLive, CommandIds.goToInstructionCount, CommandIds.reverseStepIn, CommandIds.reverseStepOut].sort());
    for (const m of toolbar) {
      assert.match(String(m.when), /(^|&& )debugType == rewind( &&|$)/, `${m.command}: ${m.when}`);
      assert.match(String(m.group), /^navigation@\d+$/, `${m.command} sits with the step buttons`);
    }
  });

  it('binds keys only in a Rewind session, to contributed or built-in debug commands', function () {
    for (const k of manifest.contributes.keybindings) {
      assert.match(String(k.when), /debugType == rewind/, `${k.key}: ${k.when}`);
      assert.ok(byId.has(k.command) || k.command.startsWith('workbench.action.debug.'), k.command);
    }
  });

  it('activates for Rewind launches, its commands, its view and .rwnd files', function () {
    const events = new Set(manifest.activationEvents);
    for (const e of ['onDebugResolve:rewind', 'onDebugDynamicConfigurations:rewind', 'onDebugInitialConfigurations', 'onView:rewind.timeline', 'onCustomEditor:rewind.recording']) {
      assert.ok(events.has(e), e);
    }
    for (const c of commands) assert.ok(events.has(`onCommand:${c.command}`), `onCommand:${c.command}`);
  });

  it('declares the rewind debugger for C, C++ and RISC-V assembly with both snippets', function () {
    const [d] = manifest.contributes.debuggers;
    assert.strictEqual(d.type, 'rewind');
    assert.strictEqual(d.label, 'Rewind (RISC-V record/replay)');
    assert.deepStrictEqual(d.languages, ['c', 'cpp', 'riscv-asm']);
    assert.deepStrictEqual(d.configurationSnippets.map((s) => s.label), ['Rewind: Record a program', 'Rewind: Replay a recording']);
    assert.deepStrictEqual(manifest.contributes.breakpoints.map((b) => b.language), ['c', 'cpp', 'riscv-asm']);
  });
});
