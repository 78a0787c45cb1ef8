// All replay event kinds together: the event union, the codec for each kind,
// and the framing every event shares — icount delta (varint) from the
// previous event, kind (1 byte), payload (docs/replay-log.md: events).

import { ByteReader, ByteWriter, isVarintValue } from '../bytes';
import { BottomHalfEvent, bottomHalfCodec } from './bottomHalf';
import { CheckpointEvent, checkpointCodec } from './checkpoint';
import { ClockReadEvent, clockReadCodec } from './clock';
import { EventBase, EventCodec } from './codec';
import { DebuggerWriteEvent, debuggerWriteCodec } from './debuggerWrite';
import { EndEvent, endCodec } from './end';
import { InputEvent, inputCodec } from './input';
import { EventKind } from './kinds';
import { ShutdownEvent, shutdownCodec } from './shutdown';
import { WarpEvent, warpCodec } from './warp';

export type ReplayEvent =
  | InputEvent
  | ClockReadEvent
  | WarpEvent
  | BottomHalfEvent
  | ShutdownEvent
  | CheckpointEvent
  | EndEvent
  | DebuggerWriteEvent;

// Indexed by kind byte; each codec only ever sees events of its own kind.
const codecs: (EventCodec<EventBase> | undefined)[] = [];
function register<E extends EventBase>(codec: EventCodec<E>): void {
  codecs[codec.kind] = codec as unknown as EventCodec<EventBase>;
}
register(inputCodec);
register(clockReadCodec);
register(warpCodec);
register(bottomHalfCodec);
register(shutdownCodec);
register(checkpointCodec);
register(endCodec);
register(debuggerWriteCodec);

function codecOf(kind: number): EventCodec<EventBase> | undefined {
  return Number.isInteger(kind) && kind >= 0 && kind < codecs.length ? codecs[kind] : undefined;
}

/** The dump name of a kind ('input', 'clock', ...). */
export function eventKindName(kind: EventKind): string {
  return codecOf(kind)?.name ?? `kind-${kind}`;
}

/**
 * Why `event` cannot follow an event at `previousIcount`, or undefined when
 * it can. Writers call this before encoding anything.
 */
export function checkEvent(event: ReplayEvent, previousIcount: number): string | undefined {
  if (typeof event !== 'object' || event === null) return 'an event must be an object';
  const codec = codecOf(event.kind);
  if (!codec) return `unknown event kind ${String(event.kind)}`;
  if (!isVarintValue(event.icount)) return `icount ${event.icount} is not an integer in 0..2^53-1`;
  if (event.icount < previousIcount) return `icount ${event.icount} is before the previous event's icount ${previousIcount}`;
  return codec.check(event);
}

/** Appends a checked event: delta, kind, payload. */
export function encodeEvent(event: ReplayEvent, previousIcount: number, out: ByteWriter): void {
  out.varint(event.icount - previousIcount);
  out.u8(event.kind);
  (codecOf(event.kind) as EventCodec<EventBase>).encode(event, out);
}

/** Reads one event following one at `previousIcount`. Throws LogError ('bad-event'). */
export function decodeEvent(input: ByteReader, previousIcount: number): ReplayEvent {
  const start = input.pos;
  const delta = input.varint('icount delta');
  const icount = previousIcount + delta;
  if (icount > Number.MAX_SAFE_INTEGER) input.fail(`icount ${previousIcount} + ${delta} passes 2^53-1`, start);
  const kindAt = input.pos;
  const kind = input.u8('event kind');
  const codec = codecOf(kind);
  if (!codec) return input.fail(`unknown event kind ${kind}`, kindAt);
  return codec.decode(input, icount) as ReplayEvent;
}

/** One line for `rewind dump`: icount, kind, payload. */
export function describeEvent(event: ReplayEvent): string {
  const codec = codecOf(event.kind);
  if (!codec) return `${event.icount} kind-${String(event.kind)}`;
  const payload = codec.describe(event);
  return payload ? `${event.icount} ${codec.name} ${payload}` : `${event.icount} ${codec.name}`;
}

export { EventKind, LOG_FORMAT_VERSION } from './kinds';
export type { InputEvent } from './input';
export type { ClockReadEvent } from './clock';
export type { WarpEvent } from './warp';
export type { BottomHalfEvent } from './bottomHalf';
export type { ShutdownEvent } from './shutdown';
export type { CheckpointEvent } from './checkpoint';
export type { EndEvent } from './end';
export type { DebuggerWriteEvent, MemoryWriteEvent, RegisterWriteEvent } from './debuggerWrite';
export { MAX_INPUT_BYTES } from './input';
export { HostClock } from './clock';
export { MAX_BOTTOM_HALF_ARGS } from './bottomHalf';
export { ShutdownReason } from './shutdown';
export { STATE_HASH_BYTES } from './checkpoint';
export { WriteTarget, PC_REGISTER, MAX_DEBUGGER_WRITE_BYTES, checkWritableRegister, registerName } from './debuggerWrite';
