// The shape every event kind implements next to its payload layout: check,
// encode (save), decode (load) and a one-line text description for
// `rewind dump`. Encoded payloads follow the icount delta and the kind byte
// (docs/replay-log.md: events).

import { ByteReader, ByteWriter } from '../bytes';
import { EventKind } from './kinds';

/** What every event carries: its kind and the icount at which it applies. */
export interface EventBase {
  readonly kind: EventKind;
  /** Retired instructions before the event takes effect (it applies at this instruction boundary). */
  readonly icount: number;
}

export interface EventCodec<E extends EventBase> {
  readonly kind: E['kind'];
  /** Lower-case name used in dumps. */
  readonly name: string;
  /** A reason the event cannot be written, or undefined when it can. */
  check(event: E): string | undefined;
  encode(event: E, out: ByteWriter): void;
  /** Reads the payload; `icount` is already decoded. Throws LogError on malformed input. */
  decode(input: ByteReader, icount: number): E;
  /** The payload as text (without icount and kind). */
  describe(event: E): string;
}

/** A safe non-negative integer below 2^32 (device ids, codes). */
export function isU32(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
}

/** A numeric TypeScript enum whose values are on disk (its reverse mapping names each value). */
export type OnDiskEnum = Readonly<Record<number, string>>;

/** Why `value` is not one of `values`, or undefined when it is. */
export function checkMember(values: OnDiskEnum, value: number, what: string): string | undefined {
  return isU32(value) && values[value] !== undefined ? undefined : `unknown ${what} ${String(value)}`;
}

/**
 * Reads one of `values`, stored as one byte or as a varint; fails at its
 * offset when the value is not a member. `label` names the field in
 * truncation errors, `what` the set in the unknown-value error.
 */
export function readMember(input: ByteReader, values: OnDiskEnum, width: 'u8' | 'varint', label: string, what: string): number {
  const at = input.pos;
  const value = width === 'u8' ? input.u8(label) : input.varint(label);
  if (values[value] === undefined) input.fail(`unknown ${what} ${value}`, at);
  return value;
}

/** Reads a varint that must fit in 32 bits (ids, codes, addresses); fails at its offset otherwise. */
export function readVarintU32(input: ByteReader, what: string): number {
  const at = input.pos;
  const value = input.varint(what);
  if (value > 0xffffffff) input.fail(`${what} ${value} is above 2^32-1`, at);
  return value;
}

export function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
