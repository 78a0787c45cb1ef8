// `rewind dump run.rwnd`: the replay log as text, one event per line
// (docs/replay-log.md: the dump format), in the spirit of QEMU's
// replay-dump. A damaged log prints its valid prefix, then the error with
// its byte offset (exit status 2).
import { dumpLog, readLog } from '../emulator/index';
import { CliIo, writeAll } from './io';
import { EXIT_BAD_LOG, readOneLogArgument } from './recordingFiles';

export const DUMP_USAGE = `usage: rewind dump <run.rwnd>

Prints a recording's header as '#' lines, then one line per event: icount,
kind, payload. The last line says whether the log is complete or names
its first error and byte offset (exit status 2).
`;

export async function runCommandDump(args: readonly string[], io: CliIo): Promise<number> {
  const input = await readOneLogArgument(args, io, 'dump', DUMP_USAGE);
  if (typeof input === 'number') return input;
  const { bytes: log, path: logPath } = input;
  await writeAll(io.stdout, dumpLog(log).join('\n') + '\n');
  const error = readLog(log).error;
  // A log that stops cleanly after a chunk (a recorder killed between flushes) is incomplete, not damaged.
  if (!error || error.code === 'unterminated') return 0;
  await writeAll(io.stderr, `rewind: ${logPath}: ${error.message}\n`);
  return EXIT_BAD_LOG;
}
