// `rewind replay run.rwnd [--elf prog.elf]`: re-executes a recording with
// its logged inputs, prints the guest's UART output again, and checks every
// checkpoint. Exit 0 when the replay matches the recording; 1 with a
// divergence report (first icount that differs, expected and actual state
// hashes, the nearest event); 2 for a log that cannot be used (the error
// names the byte offset) — after replaying its valid prefix, if it has one.
import { EngineStop, RecordingError, openReplay, readLog } from '../emulator/index';
import { CliIo, writeAll } from './io';
import { EXIT_BAD_LOG, EXIT_USAGE, UsageError, elfPathFromHeader, parseArgs, readInput, reportUsage } from './recordingFiles';

export const REPLAY_USAGE = `usage: rewind replay <run.rwnd> [--elf prog.elf] [--quiet]

Replays a recording made by 'rewind record': the same program gets the same
inputs at the same instructions, and every checkpoint's machine-state hash
is compared. The program defaults to the one named in the log's header.

options:
  --elf <file>   the program the recording was made with
  --quiet        do not print the guest's UART output

exit status: 0 the replay matches; 1 it diverges (report on stderr);
2 bad usage, or a log or program that cannot be used.
`;

export const EXIT_DIVERGED = 1;

export async function runCommandReplay(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    await writeAll(io.stdout, REPLAY_USAGE);
    return 0;
  }
  let logPath: string;
  let elfOption: string | undefined;
  let quiet: boolean;
  try {
    const parsed = parseArgs(args, [{ name: '--elf', value: true }, { name: '--quiet', value: false }]);
    if (parsed.positional.length !== 1) throw new UsageError(parsed.positional.length === 0 ? 'which recording? give the path of a .rwnd log' : 'one recording at a time');
    logPath = parsed.positional[0];
    elfOption = parsed.values.get('--elf');
    quiet = parsed.flags.has('--quiet');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return reportUsage(io, 'replay', e);
  }
  const opened = await openForReplay(io, logPath, elfOption);
  if (typeof opened === 'number') return opened;
  const { engine, complete, logError } = opened;
  const output: Uint8Array[] = [];
  if (!quiet) engine.onUartOutput((bytes) => output.push(bytes));
  const task = engine.continueForward();
  let step = task.next();
  while (!step.done) {
    if (output.length > 0) await writeAll(io.stdout, Buffer.concat(output.splice(0)));
    step = task.next();
  }
  if (output.length > 0) await writeAll(io.stdout, Buffer.concat(output.splice(0)));
  let stop: EngineStop = step.value;
  // Past the guest's exit the log still holds its final events: check them too.
  if (stop.kind === 'exit' && engine.divergence) stop = engine.divergence;
  if (stop.kind === 'divergence') {
    await writeAll(
      io.stderr,
      [
        `rewind: the replay DIVERGES from the recording at instruction ${stop.icount}`,
        `  what:          ${stop.reason}`,
        ...(stop.expectedHash ? [`  expected hash: ${stop.expectedHash}`, `  actual hash:   ${stop.actualHash}`] : []),
        `  nearest event: ${stop.nearestEvent}`,
        '',
      ].join('\n'),
    );
    return EXIT_DIVERGED;
  }
  const length = engine.status().length;
  if (logError && logError.code !== 'unterminated') {
    await writeAll(io.stderr, `rewind: replayed the valid prefix of the log (${length} instructions) without divergence, but the log is damaged: ${logError.message}\n`);
    return EXIT_BAD_LOG;
  }
  const how = stop.kind === 'exit' ? `the guest exited with code ${stop.code}` : `the recording ends (${stop.kind})`;
  await writeAll(io.stderr, `rewind: replay matches the recording: ${length} instructions, ${how}${complete ? '' : ' (the log is incomplete)'}\n`);
  return 0;
}

/** Reads a log and its program and opens the replay, or reports why not (returning the exit status). */
export async function openForReplay(io: CliIo, logPath: string, elfOption: string | undefined, snapshotFile?: Uint8Array): Promise<ReturnType<typeof openReplay> | number> {
  const log = await readInput(io, logPath, 'recording');
  if (!log) return EXIT_USAGE;
  const contents = readLog(log);
  if (!contents.header) {
    await writeAll(io.stderr, `rewind: ${logPath}: ${contents.error?.message ?? 'unreadable'}\n`);
    return EXIT_BAD_LOG;
  }
  const elfPath = elfOption ?? elfPathFromHeader(contents.header, logPath);
  if (!elfPath) {
    await writeAll(io.stderr, `rewind: ${logPath} does not name its program: give it with --elf\n`);
    return EXIT_USAGE;
  }
  const elf = await readInput(io, elfPath, 'program');
  if (!elf) return EXIT_USAGE;
  try {
    return openReplay({ elf, log, snapshotFile });
  } catch (e) {
    if (!(e instanceof RecordingError)) throw e;
    await writeAll(io.stderr, `rewind: ${logPath}: ${e.message}\n`);
    return EXIT_BAD_LOG;
  }
}
