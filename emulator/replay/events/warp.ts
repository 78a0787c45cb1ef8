// Warp event: virtual time jumped forward by an amount that depended on the
// host (the hart idled in WFI with no virtual timer armed, waiting for
// input). Deterministic warps (to the next timer deadline) are not logged.
// Payload: the jump in ns (varint).

import { isVarintValue } from '../bytes';
import { EventBase, EventCodec } from './codec';
import { EventKind } from './kinds';

// Read once: hot decode paths then avoid a property lookup per event.
const KIND = EventKind.Warp;

export interface WarpEvent extends EventBase {
  readonly kind: EventKind.Warp;
  /** How far virtual time moved, ns. */
  readonly ns: number;
}

export const warpCodec: EventCodec<WarpEvent> = {
  kind: KIND,
  name: 'warp',
  check(e) {
    return isVarintValue(e.ns) ? undefined : `warp of ${e.ns} ns is not an integer in 0..2^53-1`;
  },
  encode(e, out) {
    out.varint(e.ns);
  },
  decode(input, icount) {
    return { kind: KIND, icount, ns: input.varint('warp ns') };
  },
  describe(e) {
    return `ns=${e.ns}`;
  },
};
