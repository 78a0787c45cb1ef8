// Bottom-half event: a deferred device callback that changes guest state
// ran at this icount (shared/reference/replay.txt: bottom halves). The
// engine names callbacks by a small integer id and passes integer
// arguments. Payload: id (varint), argument count (varint), each argument
// (varint).

import { isVarintValue } from '../bytes';
import { EventBase, EventCodec, isU32, readVarintU32 } from './codec';
import { EventKind } from './kinds';

// Read once: hot decode paths then avoid a property lookup per event.
const KIND = EventKind.BottomHalf;

export interface BottomHalfEvent extends EventBase {
  readonly kind: EventKind.BottomHalf;
  readonly id: number;
  /** Non-negative safe integers. */
  readonly args: readonly number[];
}

export const MAX_BOTTOM_HALF_ARGS = 1024;

export const bottomHalfCodec: EventCodec<BottomHalfEvent> = {
  kind: KIND,
  name: 'bh',
  check(e) {
    if (!isU32(e.id)) return `bottom-half id ${e.id} is not an integer in 0..2^32-1`;
    if (!Array.isArray(e.args) || e.args.length > MAX_BOTTOM_HALF_ARGS) return `bottom-half arguments must be an array of at most ${MAX_BOTTOM_HALF_ARGS}`;
    for (const a of e.args) if (!isVarintValue(a)) return `bottom-half argument ${a} is not an integer in 0..2^53-1`;
    return undefined;
  },
  encode(e, out) {
    out.varint(e.id);
    out.varint(e.args.length);
    for (const a of e.args) out.varint(a);
  },
  decode(input, icount) {
    const id = readVarintU32(input, 'bottom-half id');
    const countAt = input.pos;
    const count = input.varint('bottom-half argument count');
    // Each argument takes at least one byte: check before allocating.
    if (count > MAX_BOTTOM_HALF_ARGS || count > input.remaining) input.fail(`bottom-half argument count ${count} is impossible here`, countAt);
    const args: number[] = [];
    for (let i = 0; i < count; i++) args.push(input.varint('bottom-half argument'));
    return { kind: KIND, icount, id, args };
  },
  describe(e) {
    return `id=${e.id} args=[${e.args.join(' ')}]`;
  },
};
