// Checkpoint event: a SHA-256 of the whole machine state at this icount,
// written periodically while recording so replay can report the first
// checkpoint where the re-executed machine differs (divergence).
// Payload: the 32-byte hash.

import { EventBase, EventCodec, hex } from './codec';
import { EventKind } from './kinds';

// Read once: hot decode paths then avoid a property lookup per event.
const KIND = EventKind.Checkpoint;

export const STATE_HASH_BYTES = 32;

export interface CheckpointEvent extends EventBase {
  readonly kind: EventKind.Checkpoint;
  readonly stateHash: Uint8Array;
}

export const checkpointCodec: EventCodec<CheckpointEvent> = {
  kind: KIND,
  name: 'checkpoint',
  check(e) {
    if (!(e.stateHash instanceof Uint8Array) || e.stateHash.length !== STATE_HASH_BYTES) return `checkpoint hash must be ${STATE_HASH_BYTES} bytes`;
    return undefined;
  },
  encode(e, out) {
    out.bytes(e.stateHash);
  },
  decode(input, icount) {
    return { kind: KIND, icount, stateHash: input.view(STATE_HASH_BYTES, 'checkpoint hash') };
  },
  describe(e) {
    return `hash=${hex(e.stateHash)}`;
  },
};
