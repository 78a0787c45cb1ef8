// Replay log benchmark: bytes per UART input event on disk, and encode /
// decode throughput of a mixed event stream. Run: node --import tsx bench/replay-log.ts

import { EventKind, HostClock, MemorySink, ReplayEvent, ReplayLogWriter, ShutdownReason, readLog } from '../emulator/replay';

const header = {
  machine: { board: 'virt', ramBase: 0x80000000, ramSize: 128 << 20, icountShift: 3, devices: ['uart0', 'clint', 'plic', 'rtc', 'finisher'] },
  elfSha256: new Uint8Array(32),
  metadata: { program: 'bench' },
};

/** Deterministic xorshift32 so every run measures the same stream. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
}

function inputEvents(count: number, meanGap: number): ReplayEvent[] {
  const next = rng(7);
  const out: ReplayEvent[] = [];
  let icount = 0;
  for (let i = 0; i < count; i++) {
    icount += 1 + (next() % (2 * meanGap));
    out.push({ kind: EventKind.Input, icount, device: 0, bytes: new Uint8Array([0x20 + (next() % 95)]) });
  }
  return out;
}

function mixedEvents(count: number): ReplayEvent[] {
  const next = rng(11);
  const out: ReplayEvent[] = [];
  let icount = 0;
  const hash = new Uint8Array(32).fill(0xab);
  for (let i = 0; i < count; i++) {
    icount += next() % 100_000;
    const k = next() % 10;
    if (k < 5) out.push({ kind: EventKind.Input, icount, device: 0, bytes: new Uint8Array([next() & 0x7f]) });
    else if (k < 7) out.push({ kind: EventKind.ClockRead, icount, clock: HostClock.Realtime, wallNs: 1_700_000_000_000_000_000n + BigInt(icount) });
    else if (k < 8) out.push({ kind: EventKind.Warp, icount, ns: next() });
    else if (k < 9) out.push({ kind: EventKind.BottomHalf, icount, id: next() % 4, args: [next() % 1000] });
    else if (k < 10 && i % 100 === 0) out.push({ kind: EventKind.Checkpoint, icount, stateHash: hash });
    else out.push({ kind: EventKind.Shutdown, icount, reason: ShutdownReason.HostRequest, code: 0 });
  }
  return out;
}

function write(events: ReplayEvent[]): Uint8Array {
  const sink = new MemorySink();
  const writer = new ReplayLogWriter(sink, header);
  for (const e of events) writer.append(e);
  writer.close(events[events.length - 1].icount + 1);
  return sink.bytes();
}

function headerBytes(): number {
  const sink = new MemorySink();
  new ReplayLogWriter(sink, header);
  return sink.length;
}

function time<T>(fn: () => T, repeat: number): { ms: number; result: T } {
  let result = fn();
  const start = performance.now();
  for (let i = 0; i < repeat; i++) result = fn();
  return { ms: (performance.now() - start) / repeat, result };
}

const hdr = headerBytes();
console.log('replay log benchmark');
console.log(`header: ${hdr} bytes`);
for (const gap of [1_000, 100_000, 10_000_000]) {
  const events = inputEvents(100_000, gap);
  const bytes = write(events);
  console.log(`1-byte UART input, mean icount gap ${gap}: ${((bytes.length - hdr) / events.length).toFixed(2)} bytes/event (chunks included)`);
}

const events = mixedEvents(1_000_000);
const enc = time(() => write(events), 3);
const size = enc.result.length;
console.log(`mixed stream: ${events.length} events, ${(size / 1e6).toFixed(1)} MB, ${(size / events.length).toFixed(2)} bytes/event`);
console.log(`encode: ${(events.length / enc.ms / 1e3).toFixed(2)} M events/s, ${(size / enc.ms / 1e3).toFixed(1)} MB/s`);
const dec = time(() => readLog(enc.result), 3);
if (!dec.result.complete) throw new Error(`bench log did not read back: ${dec.result.error?.message}`);
console.log(`decode: ${(events.length / dec.ms / 1e3).toFixed(2)} M events/s, ${(size / dec.ms / 1e3).toFixed(1)} MB/s`);
