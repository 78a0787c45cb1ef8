// Saving and reading recordings for the interim engine, in the replay log
// format of emulator/replay (docs/replay-log.md): UART input and RTC clock
// reads at their icounts, then END. The time-travel engine writes these
// itself (with checkpoints and snapshots) once it lands.
import { createHash } from 'crypto';
import { DRAM_BASE } from '../../emulator/index';
import { EventKind, HostClock, MAX_INPUT_BYTES, MemorySink, ReplayEvent, ReplayLogWriter, readLog } from '../../emulator/replay/index';

export interface RecordedInputs {
  readonly ramSizeMiB: number;
  readonly icountShift: number;
  readonly uart: ReadonlyArray<{ readonly icount: number; readonly bytes: Uint8Array }>;
  readonly clockReads: ReadonlyArray<{ readonly icount: number; readonly value: bigint }>;
  /** Where the recording ends (END's icount). */
  readonly end: number;
}

/** The board's device names in the order the machine saves them (the engine's BOARD_DEVICES). */
const DEVICES = ['clint', 'plic', 'uart', 'rtc', 'test'];

export function elfHash(elf: Uint8Array): Uint8Array {
  return createHash('sha256').update(elf).digest();
}

export function encodeRecording(elf: Uint8Array, program: string, data: RecordedInputs): Uint8Array {
  const sink = new MemorySink();
  const writer = new ReplayLogWriter(sink, {
    machine: { board: 'virt', ramBase: DRAM_BASE, ramSize: data.ramSizeMiB * 2 ** 20, icountShift: data.icountShift, devices: DEVICES },
    elfSha256: elfHash(elf),
    metadata: { program, createdBy: 'Rewind debug adapter' },
  });
  const events: ReplayEvent[] = [];
  for (const u of data.uart) {
    for (let i = 0; i < u.bytes.length; i += MAX_INPUT_BYTES) {
      events.push({ kind: EventKind.Input, icount: u.icount, device: 0, bytes: u.bytes.subarray(i, i + MAX_INPUT_BYTES) });
    }
  }
  for (const c of data.clockReads) events.push({ kind: EventKind.ClockRead, icount: c.icount, clock: HostClock.Realtime, wallNs: c.value });
  // Stable by icount: inputs and clock reads keep their own orders.
  events.sort((a, b) => a.icount - b.icount);
  for (const e of events) writer.append(e);
  writer.close(data.end);
  return sink.bytes();
}

/** Reads a recording made for `elf`; throws an Error whose message is written for the user. */
export function decodeRecording(bytes: Uint8Array, elf: Uint8Array): RecordedInputs {
  const log = readLog(bytes);
  if (!log.header) throw new Error(`it is not a readable recording: ${log.error?.message ?? 'no header'}`);
  const want = elfHash(elf);
  const got = log.header.elfSha256;
  if (got.length !== want.length || got.some((b, i) => b !== want[i])) {
    throw new Error(`it was recorded with a different program (${log.header.metadata.program ?? 'unknown'}): the ELF's SHA-256 does not match`);
  }
  const m = log.header.machine;
  if (m.board !== 'virt' || m.ramBase !== DRAM_BASE || m.ramSize % 2 ** 20 !== 0) throw new Error(`it was recorded on a machine this build does not have (${m.board}, RAM at 0x${m.ramBase.toString(16)})`);
  const uart: Array<{ icount: number; bytes: Uint8Array }> = [];
  const clockReads: Array<{ icount: number; value: bigint }> = [];
  let end: number | undefined;
  for (const e of log.events) {
    if (e.kind === EventKind.Input && e.device === 0) uart.push({ icount: e.icount, bytes: e.bytes.slice() });
    else if (e.kind === EventKind.ClockRead) clockReads.push({ icount: e.icount, value: e.wallNs });
    else if (e.kind === EventKind.End) end = e.icount;
  }
  // A recording cut short (a crash while recording) replays up to its last event.
  const last = log.events.length ? log.events[log.events.length - 1].icount : 0;
  return { ramSizeMiB: m.ramSize / 2 ** 20, icountShift: m.icountShift, uart, clockReads, end: end ?? last };
}
