// Text form of a replay log for `rewind dump`, in the spirit of QEMU's
// replay-dump: the header, then one line per event (icount, kind, payload),
// then how the log ended.

import { hex } from './events/codec';
import { describeEvent } from './events';
import { readLog } from './reader';

/** The lines of a dump of `bytes`; never throws on bad input (the last line names the error). */
export function dumpLog(bytes: Uint8Array): string[] {
  const log = readLog(bytes);
  const lines: string[] = [];
  if (log.header) {
    const h = log.header;
    const m = h.machine;
    lines.push(`# format version ${h.version}`);
    lines.push(`# board ${m.board} ram 0x${m.ramBase.toString(16)}+0x${m.ramSize.toString(16)} icount-shift ${m.icountShift} devices ${m.devices.join(',') || '(none)'}`);
    lines.push(`# elf-sha256 ${hex(h.elfSha256)}`);
    for (const [key, value] of Object.entries(h.metadata)) lines.push(`# meta ${key}=${JSON.stringify(value)}`);
  }
  for (const e of log.events) lines.push(describeEvent(e));
  if (log.error) lines.push(`# error (${log.error.code}): ${log.error.message}`);
  else lines.push(`# complete: ${log.events.length} events in ${log.chunkCount} chunks, ${log.validBytes} bytes`);
  return lines;
}
