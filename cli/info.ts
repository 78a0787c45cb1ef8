// `rewind info run.rwnd`: what a recording holds — its header (program
// hash and path, board, RAM, icount shift, metadata), how many events of
// each kind, and its length in instructions. A damaged log is described up
// to its first error, which is named with its byte offset (exit status 2).
import { LogError, readLog } from '../emulator/index';
import { EventKind, ReplayEvent, eventKindName } from '../emulator/replay/index';
import { CliIo, writeAll } from './io';
import { EXIT_BAD_LOG, readOneLogArgument } from './recordingFiles';

export const INFO_USAGE = `usage: rewind info <run.rwnd>

Describes a recording: program, board configuration, metadata, event
counts by kind and length in instructions.
`;

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The info lines for a log's contents. */
export function describeLog(events: readonly ReplayEvent[], complete: boolean, error: LogError | undefined, validBytes: number, totalBytes: number): string[] {
  const counts = new Map<string, number>();
  let inputBytes = 0;
  let length = 0;
  for (const e of events) {
    const name = eventKindName(e.kind);
    counts.set(name, (counts.get(name) ?? 0) + 1);
    if (e.kind === EventKind.Input) inputBytes += e.bytes.length;
    length = e.icount;
  }
  const lines = [`length:     ${length} instructions${complete ? '' : ' (recorded so far: the log is incomplete)'}`];
  lines.push(`events:     ${events.length}${[...counts].map(([k, n]) => `, ${k} ${n}`).join('')}`);
  if (inputBytes > 0) lines.push(`input:      ${inputBytes} bytes`);
  lines.push(`log:        ${totalBytes} bytes${validBytes < totalBytes ? `, valid prefix ${validBytes}` : ''}`);
  lines.push(complete ? 'status:     complete' : `status:     ${error ? `${error.code}: ${error.message}` : 'incomplete'}`);
  return lines;
}

export async function runCommandInfo(args: readonly string[], io: CliIo): Promise<number> {
  const input = await readOneLogArgument(args, io, 'info', INFO_USAGE);
  if (typeof input === 'number') return input;
  const { bytes: log, path: logPath } = input;
  const contents = readLog(log);
  const h = contents.header;
  if (!h) {
    await writeAll(io.stderr, `rewind: ${logPath}: ${contents.error?.message ?? 'unreadable'}\n`);
    return EXIT_BAD_LOG;
  }
  const m = h.machine;
  const lines = [
    `recording:  ${logPath} (format version ${h.version})`,
    `program:    sha256 ${hex(h.elfSha256)}${h.metadata.elfPath ? ` (${h.metadata.elfPath})` : ''}`,
    `machine:    ${m.board}, RAM ${m.ramSize / 2 ** 20} MiB at 0x${m.ramBase.toString(16)}, icount shift ${m.icountShift}, devices ${m.devices.join(', ')}`,
    ...Object.entries(h.metadata).map(([k, v]) => `meta:       ${k} = ${v}`),
    ...describeLog(contents.events, contents.complete, contents.error, contents.validBytes, log.length),
  ];
  await writeAll(io.stdout, lines.join('\n') + '\n');
  // A log that stops cleanly after a chunk (a recorder killed between flushes) is incomplete, not damaged.
  if (!contents.error || contents.error.code === 'unterminated') return 0;
  await writeAll(io.stderr, `rewind: ${logPath}: ${contents.error.message}\n`);
  return EXIT_BAD_LOG;
}
