// Input event: bytes a serial device received from the host (UART RX; the
// keyboard of the UART terminal). Payload: device id (varint), byte count
// (varint, at least 1), the bytes.

import { EventBase, EventCodec, isU32, readVarintU32 } from './codec';
import { EventKind } from './kinds';

// Read once: hot decode paths then avoid a property lookup per event.
const KIND = EventKind.Input;

export interface InputEvent extends EventBase {
  readonly kind: EventKind.Input;
  /** Which serial device (0 = uart0); the engine maps ids to devices. */
  readonly device: number;
  readonly bytes: Uint8Array;
}

/** Largest byte count of one input event: bigger pastes are split by the caller. */
export const MAX_INPUT_BYTES = 64 * 1024;

function printable(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b === 0x5c) s += '\\\\';
    else if (b === 0x22) s += '\\"';
    else if (b === 0x0a) s += '\\n';
    else if (b === 0x0d) s += '\\r';
    else if (b === 0x09) s += '\\t';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\x' + b.toString(16).padStart(2, '0');
  }
  return s;
}

export const inputCodec: EventCodec<InputEvent> = {
  kind: KIND,
  name: 'input',
  check(e) {
    if (!isU32(e.device)) return `input device id ${e.device} is not an integer in 0..2^32-1`;
    if (!(e.bytes instanceof Uint8Array)) return 'input bytes must be a Uint8Array';
    if (e.bytes.length === 0) return 'an input event needs at least one byte';
    if (e.bytes.length > MAX_INPUT_BYTES) return `input of ${e.bytes.length} bytes exceeds ${MAX_INPUT_BYTES}`;
    return undefined;
  },
  encode(e, out) {
    out.varint(e.device);
    out.varint(e.bytes.length);
    out.bytes(e.bytes);
  },
  decode(input, icount) {
    const device = readVarintU32(input, 'input device id');
    const countAt = input.pos;
    const count = input.varint('input byte count');
    if (count === 0 || count > MAX_INPUT_BYTES) input.fail(`input byte count ${count} is outside 1..${MAX_INPUT_BYTES}`, countAt);
    const bytes = input.view(count, 'input bytes');
    return { kind: KIND, icount, device, bytes };
  },
  describe(e) {
    return `device=${e.device} count=${e.bytes.length} "${printable(e.bytes)}"`;
  },
};
