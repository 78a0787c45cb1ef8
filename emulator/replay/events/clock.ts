// Clock-read event: a value the guest read from a host clock. The goldfish
// RTC reports host wall time in ns since the Unix epoch, which is neither
// deterministic nor exact in a JS number, so it is kept as a bigint.
// Payload: clock id (varint), the ns value as 8 bytes little-endian.

import { EventBase, EventCodec, checkMember, readMember } from './codec';
import { EventKind } from './kinds';

// Read once: hot decode paths then avoid a property lookup per event.
const KIND = EventKind.ClockRead;

/** Host clocks whose reads are recorded. Values are on disk. */
export enum HostClock {
  /** Host wall time (Unix epoch, ns), read by the goldfish RTC. */
  Realtime = 0,
}

export interface ClockReadEvent extends EventBase {
  readonly kind: EventKind.ClockRead;
  readonly clock: HostClock;
  /** The value read, ns; 0 <= wallNs < 2^64. */
  readonly wallNs: bigint;
}

export const clockReadCodec: EventCodec<ClockReadEvent> = {
  kind: KIND,
  name: 'clock',
  check(e) {
    const clock = checkMember(HostClock, e.clock, 'host clock');
    if (clock) return clock;
    if (typeof e.wallNs !== 'bigint' || e.wallNs < 0n || e.wallNs >= 1n << 64n) return 'clock value must be a bigint in 0..2^64-1';
    return undefined;
  },
  encode(e, out) {
    out.varint(e.clock);
    out.u64(e.wallNs);
  },
  decode(input, icount) {
    const clock = readMember(input, HostClock, 'varint', 'clock id', 'host clock');
    const wallNs = input.u64('clock value');
    return { kind: KIND, icount, clock: clock as HostClock, wallNs };
  },
  describe(e) {
    return `clock=${HostClock[e.clock].toLowerCase()} ns=${e.wallNs}`;
  },
};
