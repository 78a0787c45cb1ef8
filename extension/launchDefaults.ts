// What a `rewind` launch configuration becomes before VS Code sends it to
// the adapter: the attributes and defaults (the same as
// debug-adapter/launchConfig.ts), the configurations offered for a set of
// ELFs, and the resolution of an empty or partial configuration (F5 without
// a launch.json) from the active editor. Pure: the provider in
// configurationProvider.ts does the file system and UI work.
import * as path from 'path';
import { DEBUG_TYPE, RewindMode } from './protocol';
import { programName } from './elfDiscovery';

/** The launch attributes the adapter accepts (see the adapter's launchConfig.ts). */
export interface RewindLaunchAttributes {
  program?: string;
  mode?: RewindMode;
  recording?: string;
  stopOnEntry?: boolean;
  icountShift?: number;
  ramSizeMiB?: number;
  uartInput?: string;
  snapshotBudgetMiB?: number;
  cwd?: string;
}

export interface RewindConfiguration extends RewindLaunchAttributes {
  type: string;
  request: string;
  name: string;
  [other: string]: unknown;
}

export const ATTRIBUTE_DEFAULTS = {
  mode: 'record' as RewindMode,
  stopOnEntry: false,
  icountShift: 0,
  ramSizeMiB: 128,
  uartInput: 'terminal',
  snapshotBudgetMiB: 512,
};

/** A path as written in launch.json: under the workspace folder it becomes `${workspaceFolder}/...`. */
export function launchJsonPath(absolute: string, workspaceFolder: string | undefined): string {
  if (workspaceFolder !== undefined) {
    const rel = path.relative(workspaceFolder, absolute);
    if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return `\${workspaceFolder}/${rel.split(path.sep).join('/')}`;
  }
  return absolute;
}

export function recordConfiguration(program: string, workspaceFolder?: string): RewindConfiguration {
  return {
    type: DEBUG_TYPE,
    request: 'launch',
    name: `Rewind: Record ${programName(program)}`,
    mode: 'record',
    program: launchJsonPath(program, workspaceFolder),
    recording: launchJsonPath(program.replace(/\.elf$/i, '') + '.rwnd', workspaceFolder),
    stopOnEntry: true,
  };
}

export function replayConfiguration(recording: string, program: string, workspaceFolder?: string): RewindConfiguration {
  return {
    type: DEBUG_TYPE,
    request: 'launch',
    name: `Rewind: Replay ${path.basename(recording)}`,
    mode: 'replay',
    program: launchJsonPath(program, workspaceFolder),
    recording: launchJsonPath(recording, workspaceFolder),
    stopOnEntry: true,
  };
}

/** The launch.json template when no ELF was found: the user fills in the program. */
export function templateConfiguration(): RewindConfiguration {
  return {
    type: DEBUG_TYPE,
    request: 'launch',
    name: 'Rewind: Record a program',
    mode: 'record',
    program: '${workspaceFolder}/program.elf',
    stopOnEntry: true,
  };
}

/**
 * The program a source or recording file most likely belongs to: the ELF
 * with the same name in the same folder (`heisenbug/heisenbug.c` ->
 * `heisenbug/heisenbug.elf`), else the only ELF in that folder, else the
 * only ELF with that name anywhere. Undefined when it is not clear.
 */
export function programFor(file: string, elfs: readonly string[]): string | undefined {
  if (/\.elf$/i.test(file)) return file;
  const dir = path.dirname(file);
  const stem = path.basename(file).replace(/\.[^.]*$/, '');
  const sameName = (elf: string): boolean => programName(elf) === stem;
  const inDir = elfs.filter((e) => path.dirname(e) === dir);
  const exact = inDir.find(sameName);
  if (exact) return exact;
  if (inDir.length === 1) return inDir[0];
  const named = elfs.filter(sameName);
  return named.length === 1 ? named[0] : undefined;
}

/** What the provider must do with a configuration VS Code is about to launch. */
export type Resolution =
  | { kind: 'launch'; configuration: RewindConfiguration }
  | { kind: 'pickProgram'; configuration: RewindConfiguration }
  | { kind: 'pickRecording'; configuration: RewindConfiguration }
  | { kind: 'error'; message: string };

export interface ResolutionContext {
  /** Absolute path of the file in the active editor, if any. */
  activeFile?: string;
  /** RISC-V ELFs found in the workspace (absolute). */
  elfs: readonly string[];
  workspaceFolder?: string;
}

/**
 * Fills a configuration VS Code is about to launch. An empty one (F5 with
 * no launch.json) becomes "record the program of the active editor" (or
 * "replay" when the active editor shows a .rwnd); a missing program is
 * taken from the active editor, else the user picks one.
 */
export function resolveConfiguration(raw: Readonly<Record<string, unknown>>, ctx: ResolutionContext): Resolution {
  const empty = raw.type === undefined && raw.request === undefined && raw.name === undefined;
  const active = ctx.activeFile;
  if (empty && active !== undefined && /\.rwnd$/i.test(active)) {
    const program = programFor(active, ctx.elfs);
    const configuration = replayConfiguration(active, program ?? '');
    if (program !== undefined) return { kind: 'launch', configuration };
    delete configuration.program;
    return { kind: 'pickProgram', configuration };
  }

  const configuration: RewindConfiguration = {
    ...raw,
    type: DEBUG_TYPE,
    request: typeof raw.request === 'string' ? raw.request : 'launch',
    name: typeof raw.name === 'string' ? raw.name : 'Rewind',
  };
  if (configuration.request !== 'launch') {
    return { kind: 'error', message: `Rewind only supports "request": "launch" (record or replay), not "${configuration.request}".` };
  }
  if (configuration.mode === undefined) configuration.mode = ATTRIBUTE_DEFAULTS.mode;
  // The adapter resolves relative paths against cwd; its own working folder is not the workspace.
  if (configuration.cwd === undefined && ctx.workspaceFolder !== undefined) configuration.cwd = ctx.workspaceFolder;
  if (empty && configuration.stopOnEntry === undefined) configuration.stopOnEntry = true;

  if (configuration.mode === 'replay' && (typeof configuration.recording !== 'string' || configuration.recording === '')) {
    return { kind: 'pickRecording', configuration };
  }
  if (typeof configuration.program === 'string' && configuration.program !== '') return { kind: 'launch', configuration };

  const guess = active === undefined ? undefined : programFor(active, ctx.elfs);
  if (guess !== undefined) {
    if (empty) configuration.name = `Rewind: Record ${programName(guess)}`;
    return { kind: 'launch', configuration: { ...configuration, program: guess } };
  }
  if (ctx.elfs.length === 0) {
    return { kind: 'error', message: 'No RISC-V ELF program found in the workspace: set "program" in the launch configuration to the ELF to debug.' };
  }
  return { kind: 'pickProgram', configuration };
}
