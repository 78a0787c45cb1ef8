// Shutdown event: the machine stopped or reset at this icount. The
// sifive_test finisher gives pass (0x5555), fail with a code
// ((code << 16) | 0x3333) and reset (0x7777); the host may also ask for a
// stop. Payload: reason (1 byte), code (varint).

import { EventBase, EventCodec, checkMember, isU32, readMember, readVarintU32 } from './codec';
import { EventKind } from './kinds';

// Read once: hot decode paths then avoid a property lookup per event.
const KIND = EventKind.Shutdown;

/** Values are on disk. */
export enum ShutdownReason {
  /** The guest exited through the finisher; code 0 is pass. */
  GuestExit = 0,
  /** The guest reset the machine through the finisher. */
  GuestReset = 1,
  /** The host asked the machine to stop (user quit, recorder closed). */
  HostRequest = 2,
}

export interface ShutdownEvent extends EventBase {
  readonly kind: EventKind.Shutdown;
  readonly reason: ShutdownReason;
  /** Exit code for GuestExit, else 0 by convention. */
  readonly code: number;
}

export const shutdownCodec: EventCodec<ShutdownEvent> = {
  kind: KIND,
  name: 'shutdown',
  check(e) {
    const reason = checkMember(ShutdownReason, e.reason, 'shutdown reason');
    if (reason) return reason;
    if (!isU32(e.code)) return `shutdown code ${e.code} is not an integer in 0..2^32-1`;
    return undefined;
  },
  encode(e, out) {
    out.u8(e.reason);
    out.varint(e.code);
  },
  decode(input, icount) {
    const reason = readMember(input, ShutdownReason, 'u8', 'shutdown reason', 'shutdown reason');
    const code = readVarintU32(input, 'shutdown code');
    return { kind: KIND, icount, reason: reason as ShutdownReason, code };
  },
  describe(e) {
    const name = e.reason === ShutdownReason.GuestExit ? 'exit' : e.reason === ShutdownReason.GuestReset ? 'reset' : 'host';
    return `reason=${name} code=${e.code}`;
  },
};
