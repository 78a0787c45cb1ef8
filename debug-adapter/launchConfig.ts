// The `rewind` launch configuration: every attribute VS Code may send,
// checked once, with an error that names the attribute and says what is
// expected. Paths are resolved against `cwd` (default: the folder of the
// launch.json workspace, as VS Code passes it) so the rest of the adapter
// only sees absolute, validated values.
import * as fs from 'fs';
import * as path from 'path';
import { ErrorCode, UserError } from './errors';

export type SessionMode = 'record' | 'replay';
/** Where guest UART input comes from: VS Code's terminal, the Debug Console, or a file of scripted bytes. */
export type UartInput = { kind: 'terminal' } | { kind: 'debugConsole' } | { kind: 'file'; path: string };

export interface LaunchSettings {
  readonly program: string;
  readonly mode: SessionMode;
  /** The .rwnd to write (record) or read (replay); undefined records to memory only. */
  readonly recording: string | undefined;
  readonly stopOnEntry: boolean;
  readonly icountShift: number;
  readonly ramSizeMiB: number;
  readonly uartInput: UartInput;
  readonly snapshotBudgetMiB: number;
  readonly cwd: string;
}

export const DEFAULTS = {
  mode: 'record' as SessionMode,
  stopOnEntry: false,
  icountShift: 0,
  ramSizeMiB: 128,
  snapshotBudgetMiB: 512,
};

const KNOWN = new Set(['type', 'request', 'name', 'program', 'mode', 'recording', 'stopOnEntry', 'icountShift', 'ramSizeMiB', 'uartInput', 'snapshotBudgetMiB', 'cwd', '__sessionId', '__configurationTarget', 'noDebug', '__restart', 'presentation', 'preLaunchTask', 'postDebugTask', 'internalConsoleOptions', 'debugServer', 'suppressMultipleSessionWarning', 'serverReadyAction']);

function invalid(attribute: string, expected: string, got: unknown): UserError {
  const shown = typeof got === 'string' ? `'${got}'` : JSON.stringify(got);
  return new UserError(ErrorCode.InvalidLaunchConfiguration, `Launch configuration: '${attribute}' ${expected} (got ${shown}).`);
}

function optionalInteger(args: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const value = args[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(name, `must be a whole number from ${min} to ${max}`, value);
  }
  return value;
}

function optionalString(args: Record<string, unknown>, name: string): string | undefined {
  const value = args[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw invalid(name, 'must be a non-empty string', value);
  return value;
}

/**
 * Checks and normalises the arguments of a launch request. `fileExists` is
 * injectable for tests; by default it asks the file system.
 */
export function parseLaunchArguments(raw: unknown, fileExists: (p: string) => boolean = (p) => fs.existsSync(p)): LaunchSettings {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new UserError(ErrorCode.InvalidLaunchConfiguration, 'Launch configuration: expected an object of attributes.');
  }
  const args = raw as Record<string, unknown>;
  const unknown = Object.keys(args).filter((k) => !KNOWN.has(k));
  if (unknown.length > 0) {
    throw new UserError(ErrorCode.InvalidLaunchConfiguration, `Launch configuration: unknown attribute${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}.`);
  }

  const cwd = path.resolve(optionalString(args, 'cwd') ?? process.cwd());
  const mode = args.mode ?? DEFAULTS.mode;
  if (mode !== 'record' && mode !== 'replay') throw invalid('mode', "must be 'record' or 'replay'", mode);

  const programArg = optionalString(args, 'program');
  if (programArg === undefined) {
    throw new UserError(ErrorCode.InvalidLaunchConfiguration, "Launch configuration: 'program' is required: the path of the RISC-V ELF to debug.");
  }
  const program = path.resolve(cwd, programArg);
  if (!fileExists(program)) throw invalid('program', 'must name an existing ELF file', programArg);

  const recordingArg = optionalString(args, 'recording');
  const recording = recordingArg === undefined ? undefined : path.resolve(cwd, recordingArg);
  if (mode === 'replay') {
    if (recording === undefined) {
      throw new UserError(ErrorCode.InvalidLaunchConfiguration, "Launch configuration: 'recording' is required in replay mode: the .rwnd file to replay.");
    }
    if (!fileExists(recording)) throw invalid('recording', 'must name an existing recording in replay mode', recordingArg);
  }

  const stopOnEntry = args.stopOnEntry ?? DEFAULTS.stopOnEntry;
  if (typeof stopOnEntry !== 'boolean') throw invalid('stopOnEntry', 'must be true or false', stopOnEntry);

  return {
    program,
    mode,
    recording,
    stopOnEntry,
    icountShift: optionalInteger(args, 'icountShift', DEFAULTS.icountShift, 0, 10),
    ramSizeMiB: optionalInteger(args, 'ramSizeMiB', DEFAULTS.ramSizeMiB, 1, 2048),
    uartInput: parseUartInput(args.uartInput, cwd, fileExists),
    snapshotBudgetMiB: optionalInteger(args, 'snapshotBudgetMiB', DEFAULTS.snapshotBudgetMiB, 16, 65536),
    cwd,
  };
}

function parseUartInput(value: unknown, cwd: string, fileExists: (p: string) => boolean): UartInput {
  if (value === undefined || value === 'terminal') return { kind: 'terminal' };
  if (value === 'debugConsole') return { kind: 'debugConsole' };
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid('uartInput', "must be 'terminal', 'debugConsole' or the path of a file of scripted input", value);
  }
  const file = path.resolve(cwd, value);
  if (!fileExists(file)) throw invalid('uartInput', "must be 'terminal', 'debugConsole' or an existing file of scripted input", value);
  return { kind: 'file', path: file };
}
