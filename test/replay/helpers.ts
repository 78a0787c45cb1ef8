// Shared pieces of the replay log tests: a fixed-seed PRNG, a sample
// header, random events of every kind, and a writer that remembers where
// each chunk ends so tests know which events a valid prefix must hold.

import {
  EventKind,
  HostClock,
  LogHeaderInit,
  MemorySink,
  ReplayEvent,
  ReplayLogWriter,
  ShutdownReason,
  WriteTarget,
} from '../../emulator/replay';

/** Mulberry32: small, fast, fixed-seed; enough for test data. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 2^32). */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.u32() / 0x100000000) * n);
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
}

export function sampleHeader(): LogHeaderInit {
  const elfSha256 = new Uint8Array(32);
  for (let i = 0; i < 32; i++) elfSha256[i] = (i * 7 + 3) & 0xff;
  return {
    machine: { board: 'virt', ramBase: 0x80000000, ramSize: 128 * 1024 * 1024, icountShift: 3, devices: ['uart0', 'clint', 'plic', 'rtc', 'finisher'] },
    elfSha256,
    metadata: { program: 'hello.elf', 'created-by': 'rewind test', recorded: '2024-01-02T03:04:05Z' },
  };
}

/** One event of every kind except END, at increasing icounts starting after `from`. */
export function oneOfEachKind(from = 0): ReplayEvent[] {
  const hash = new Uint8Array(32).map((_, i) => 255 - i);
  return [
    { kind: EventKind.Input, icount: from + 10, device: 0, bytes: new Uint8Array([0x68, 0x69, 0x0a]) },
    { kind: EventKind.ClockRead, icount: from + 10, clock: HostClock.Realtime, wallNs: 1_700_000_000_123_456_789n },
    { kind: EventKind.Warp, icount: from + 500, ns: 1_000_000 },
    { kind: EventKind.BottomHalf, icount: from + 501, id: 3, args: [0, 127, 128, 2 ** 32, Number.MAX_SAFE_INTEGER] },
    { kind: EventKind.Shutdown, icount: from + 900, reason: ShutdownReason.GuestExit, code: 7 },
    { kind: EventKind.DebuggerWrite, icount: from + 950, target: WriteTarget.Memory, paddr: 0x80001000, bytes: new Uint8Array([0xc8, 0, 0, 0]) },
    { kind: EventKind.DebuggerWrite, icount: from + 950, target: WriteTarget.Register, register: 31, value: 0x1234 },
    { kind: EventKind.Checkpoint, icount: from + 1000, stateHash: hash },
  ];
}

/** A random event at `icount` (never END). */
export function randomEvent(rng: Prng, icount: number): ReplayEvent {
  switch (rng.below(8)) {
    case 0:
      return { kind: EventKind.Input, icount, device: rng.below(3), bytes: rng.bytes(1 + rng.below(6)) };
    case 1:
      return { kind: EventKind.ClockRead, icount, clock: HostClock.Realtime, wallNs: (BigInt(rng.u32()) << 32n) | BigInt(rng.u32()) };
    case 2:
      return { kind: EventKind.Warp, icount, ns: rng.u32() * 1000 };
    case 3:
      return { kind: EventKind.BottomHalf, icount, id: rng.below(8), args: Array.from({ length: rng.below(4) }, () => rng.u32()) };
    case 4:
      return { kind: EventKind.Shutdown, icount, reason: rng.pick([ShutdownReason.GuestExit, ShutdownReason.GuestReset, ShutdownReason.HostRequest]), code: rng.below(256) };
    case 5:
      return { kind: EventKind.DebuggerWrite, icount, target: WriteTarget.Memory, paddr: 0x80000000 + rng.below(1 << 20), bytes: rng.bytes(1 + rng.below(8)) };
    case 6:
      return { kind: EventKind.DebuggerWrite, icount, target: WriteTarget.Register, register: 1 + rng.below(32), value: rng.u32() };
    default:
      return { kind: EventKind.Checkpoint, icount, stateHash: rng.bytes(32) };
  }
}

export function randomEvents(rng: Prng, count: number): ReplayEvent[] {
  const events: ReplayEvent[] = [];
  let icount = 0;
  for (let i = 0; i < count; i++) {
    // Mostly small deltas, sometimes none (several events at one icount), sometimes huge.
    const r = rng.below(10);
    icount += r === 0 ? 0 : r < 8 ? rng.below(2000) : rng.u32() * 64;
    events.push(randomEvent(rng, icount));
  }
  return events;
}

export interface WrittenLog {
  bytes: Uint8Array;
  /** All events written, END included when closed. */
  events: ReplayEvent[];
  headerLength: number;
  /** End offset of each chunk, in order. */
  chunkEnds: number[];
  /** Events contained in chunks 0..k, for each chunk k. */
  eventsThroughChunk: number[];
}

/** Writes `events` (plus END at `endIcount` unless undefined) with the given chunk threshold. */
export function writeLog(events: readonly ReplayEvent[], endIcount: number | undefined, chunkBytes: number, header = sampleHeader()): WrittenLog {
  const sink = new MemorySink();
  const chunkEnds: number[] = [];
  const eventsThroughChunk: number[] = [];
  let headerLength = -1;
  const recordingSink = {
    write(bytes: Uint8Array): void {
      sink.write(bytes);
      if (headerLength < 0) {
        headerLength = bytes.length;
        return;
      }
      chunkEnds.push(sink.length);
      // flush() writes the chunk before clearing its pending count.
      eventsThroughChunk.push(writer.eventCount);
    },
  };
  // Referenced by the sink only for chunks, which come after construction.
  const writer = new ReplayLogWriter(recordingSink, header, { chunkBytes });
  for (const e of events) writer.append(e);
  const all = [...events];
  if (endIcount !== undefined) {
    writer.close(endIcount);
    all.push({ kind: EventKind.End, icount: endIcount });
  } else {
    writer.flush();
  }
  return { bytes: sink.bytes(), events: all, headerLength, chunkEnds, eventsThroughChunk };
}
