// The lint rules that keep the layers of ARCHITECTURE.md apart must fire on
// a deliberate bad import or host-time read, and stay quiet on clean code.
import * as assert from 'assert';
import * as path from 'path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '..', '..');

async function lintAs(relativePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, relativePath) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering lint rules', function () {
  it('rejects the VS Code API in emulator/', async function () {
    const messages = await lintAs('emulator/probe.ts', "import * as vscode from 'vscode';\nexport const w = vscode.window;\n");
    assert.ok(messages.some((m) => m.startsWith('no-restricted-imports')), messages.join('\n'));
  });

  it('rejects @vscode/* packages in emulator/', async function () {
    const messages = await lintAs('emulator/probe.ts', "import { DebugSession } from '@vscode/debugadapter';\nexport const s = DebugSession;\n");
    assert.ok(messages.some((m) => m.startsWith('no-restricted-imports')), messages.join('\n'));
  });

  it('rejects host time, randomness and timers in emulator/', async function () {
    const code = [
      'export const a = Date.now();',
      'export const b = Math.random();',
      'export const c = new Date();',
      'setTimeout(() => undefined, 1);',
      '',
    ].join('\n');
    const messages = await lintAs('emulator/devices/probe.ts', code);
    assert.strictEqual(messages.filter((m) => m.startsWith('no-restricted-properties')).length, 2, messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('no-restricted-syntax')), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('no-restricted-globals')), messages.join('\n'));
  });

  it('rejects the VS Code API in debug-adapter/ but allows the DAP packages', async function () {
    const bad = await lintAs('debug-adapter/probe.ts', "import * as vscode from 'vscode';\nexport const w = vscode.window;\n");
    assert.ok(bad.some((m) => m.startsWith('no-restricted-imports')), bad.join('\n'));
    const good = await lintAs('debug-adapter/probe.ts', "import { DebugSession } from '@vscode/debugadapter';\nexport const s = DebugSession;\n");
    assert.deepStrictEqual(good, []);
  });

  it('allows the VS Code API in extension/', async function () {
    const messages = await lintAs('extension/probe.ts', "import * as vscode from 'vscode';\nexport const w = vscode.window;\n");
    assert.deepStrictEqual(messages, []);
  });
});
