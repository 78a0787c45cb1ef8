// What the recording commands (record, replay, info, dump, seek) share:
// strict option parsing, reading input files with clear errors, finding the
// program a log was recorded with, and the snapshot file kept next to a log
// (`run.rwnd.snap`).
import { promises as fs } from 'fs';
import * as path from 'path';
import { LogHeader } from '../emulator/index';
import { CliIo, writeAll } from './io';

export const EXIT_USAGE = 2;
/** Exit status for a log that cannot be read or used. */
export const EXIT_BAD_LOG = 2;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One option a command takes: a flag, or one with a value. */
export interface OptionSpec {
  readonly name: string;
  readonly value: boolean;
  readonly alias?: string;
}

export interface ParsedArgs {
  readonly positional: string[];
  readonly values: Map<string, string>;
  readonly flags: Set<string>;
}

/** Parses `args` strictly: an unknown option or a missing value is a UsageError. */
export function parseArgs(args: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const positional: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const given = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = specs.find((s) => s.name === given || s.alias === given);
    if (!spec) throw new UsageError(`unknown option '${arg}'`);
    if (!spec.value) {
      if (eq > 0) throw new UsageError(`${spec.name} takes no value`);
      flags.add(spec.name);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`${spec.name} needs a value`);
    values.set(spec.name, value);
  }
  return { positional, values, flags };
}

/** A whole number option in [min, max]. */
export function integerOption(parsed: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const text = parsed.values.get(name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new UsageError(`${name} needs a whole number, got '${text}'`);
  const value = Number(text);
  if (value < min || value > max) throw new UsageError(`${name} must be from ${min} to ${max}, got ${value}`);
  return value;
}

/** Reads a file, or writes a clear message and returns undefined. */
export async function readInput(io: CliIo, file: string, what: string): Promise<Uint8Array | undefined> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    await writeAll(io.stderr, `rewind: cannot read ${what} ${file}: ${why}\n`);
    return undefined;
  }
}

/** The snapshot file kept next to a log. */
export function snapshotPathOf(logPath: string): string {
  return `${logPath}.snap`;
}

/** Reads the snapshot file next to a log, if there is one (its absence is normal). */
export async function readSnapshotFileNextTo(logPath: string): Promise<Uint8Array | undefined> {
  try {
    return await fs.readFile(snapshotPathOf(logPath));
  } catch {
    return undefined;
  }
}

/** The program a log names in its metadata (`elfPath`), resolved against the log's folder when relative. */
export function elfPathFromHeader(header: LogHeader, logPath: string): string | undefined {
  const recorded = header.metadata.elfPath;
  if (!recorded) return undefined;
  return path.isAbsolute(recorded) ? recorded : path.resolve(path.dirname(logPath), recorded);
}

/** Writes a usage error the way every command does. */
export async function reportUsage(io: CliIo, command: string, e: UsageError): Promise<number> {
  await writeAll(io.stderr, `rewind ${command}: ${e.message}\n(rewind ${command} --help shows the options)\n`);
  return EXIT_USAGE;
}

/**
 * The common start of the commands that read one log (`info`, `dump`):
 * --help, exactly one path, the file read. Returns its bytes and path, or
 * the exit status to end with.
 */
export async function readOneLogArgument(
  args: readonly string[],
  io: CliIo,
  command: string,
  usage: string,
): Promise<{ readonly bytes: Uint8Array; readonly path: string } | number> {
  if (args.includes('--help') || args.includes('-h')) {
    await writeAll(io.stdout, usage);
    return 0;
  }
  let logPath: string;
  try {
    const parsed = parseArgs(args, []);
    if (parsed.positional.length !== 1) throw new UsageError('give the path of one .rwnd log');
    logPath = parsed.positional[0];
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return reportUsage(io, command, e);
  }
  const bytes = await readInput(io, logPath, 'recording');
  return bytes ? { bytes, path: logPath } : EXIT_USAGE;
}
