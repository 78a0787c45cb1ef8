// Launch attributes are validated with errors that name the attribute.
import * as assert from 'assert';
import * as path from 'path';
import { ErrorCode, UserError } from '../../debug-adapter/errors';
import { parseLaunchArguments } from '../../debug-adapter/launchConfig';

const existing = new Set(['/ws/prog.elf', '/ws/run.rwnd', '/ws/input.txt']);
const exists = (p: string) => existing.has(p);

function errorOf(args: unknown): string {
  try {
    parseLaunchArguments(args, exists);
  } catch (err) {
    assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
    assert.strictEqual(err.code, ErrorCode.InvalidLaunchConfiguration);
    return err.message;
  }
  assert.fail('expected the configuration to be refused');
}

describe('launch configuration', function () {
  it('fills defaults and resolves paths against cwd', function () {
    const s = parseLaunchArguments({ program: 'prog.elf', cwd: '/ws' }, exists);
    assert.deepStrictEqual(s, {
      program: '/ws/prog.elf',
      mode: 'record',
      recording: undefined,
      stopOnEntry: false,
      icountShift: 0,
      ramSizeMiB: 128,
      uartInput: { kind: 'terminal' },
      snapshotBudgetMiB: 512,
      cwd: '/ws',
    });
  });

  it('accepts a full replay configuration with scripted input', function () {
    const s = parseLaunchArguments({ type: 'rewind', request: 'launch', name: 'r', program: '/ws/prog.elf', mode: 'replay', recording: 'run.rwnd', cwd: '/ws', uartInput: 'input.txt', icountShift: 3, ramSizeMiB: 64, snapshotBudgetMiB: 256, stopOnEntry: true }, exists);
    assert.strictEqual(s.recording, path.resolve('/ws/run.rwnd'));
    assert.deepStrictEqual(s.uartInput, { kind: 'file', path: '/ws/input.txt' });
    assert.strictEqual(s.icountShift, 3);
    assert.strictEqual(s.stopOnEntry, true);
  });

  it('names the attribute in every refusal', function () {
    assert.match(errorOf({ cwd: '/ws' }), /'program' is required/);
    assert.match(errorOf({ program: 'missing.elf', cwd: '/ws' }), /'program' must name an existing ELF file \(got 'missing.elf'\)/);
    assert.match(errorOf({ program: 'prog.elf', cwd: '/ws', mode: 'rewind' }), /'mode' must be 'record' or 'replay'/);
    assert.match(errorOf({ program: 'prog.elf', cwd: '/ws', mode: 'replay' }), /'recording' is required in replay mode/);
    assert.match(errorOf({ program: 'prog.elf', cwd: '/ws', mode: 'replay', recording: 'nope.rwnd' }), /'recording' must name an existing recording/);
    assert.match(errorOf({ program: 'prog.elf', cwd: '/ws', icountShift: 1.5 }), /'icountShift' must be a whole number from 0 to 10 \(got 1.5\)/);
    assert.match(errorOf({ program: 'prog.elf', cwd: '/ws', ramSizeMiB: '128' }), /'ramSizeMiB' must be a whole number/);
    assert.match(errorOf({ program: 'prog.elf', cwd: '/ws', stopOnEntry: 'yes' }), /'stopOnEntry' must be true or false/);
    assert.match(errorOf({ program: 'prog.elf', cwd: '/ws', uartInput: 'nofile' }), /'uartInput' must be 'terminal', 'debugConsole' or an existing file/);
    assert.match(errorOf({ program: 'prog.elf', cwd: '/ws', snapshotBudgetMiB: 0 }), /'snapshotBudgetMiB' must be a whole number from 16/);
    assert.match(errorOf({ program: 'prog.elf', cwd: '/ws', progam: 'typo' }), /unknown attribute 'progam'/);
    assert.match(errorOf(null), /expected an object/);
  });
});
