// Machine state (SavedState from every part of the machine) kept as JSON
// text: immutable once taken, measurable, and written to snapshot files as
// is. Plain JSON would silently turn typed arrays into objects, drop bigints
// and NaN, and lose -0, so those are tagged as {"$t": type, "v": value};
// anything else that is not plain data (Map, class instance, function) is
// refused when the snapshot is taken rather than lost on restore.

import { SavedState } from '../contracts';
import { SnapshotError } from './errors';

const TAG = '$t';

type TypedArrayConstructor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Uint8ClampedArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

const numberArrays: Record<string, TypedArrayConstructor> = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
};

function encodeNumber(n: number): unknown {
  if (Number.isNaN(n)) return { [TAG]: 'number', v: 'NaN' };
  if (n === Infinity) return { [TAG]: 'number', v: 'Infinity' };
  if (n === -Infinity) return { [TAG]: 'number', v: '-Infinity' };
  if (Object.is(n, -0)) return { [TAG]: 'number', v: '-0' };
  return n;
}

function typedArrayName(value: object): string | undefined {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return undefined;
  return value.constructor.name;
}

/** The state as JSON text; throws SnapshotError for what cannot be restored exactly. */
export function encodeState(state: SavedState): string {
  if (typeof state !== 'object' || state === null || typeof state.kind !== 'string' || typeof state.version !== 'number') {
    throw new SnapshotError('invalid-argument', 'machine state must be a SavedState object with a string kind and a number version');
  }
  // Tagged objects this encoder made itself: their reserved key is expected.
  const made = new WeakSet<object>();
  const tagged = (value: object): object => {
    made.add(value);
    return value;
  };
  const number = (n: number): unknown => {
    const e = encodeNumber(n);
    return typeof e === 'object' && e !== null ? tagged(e) : e;
  };
  const replacer = function (this: Record<string, unknown>, key: string, value: unknown): unknown {
    // `this[key]` is the value before toJSON (a Date would otherwise arrive as a string).
    const raw = this[key];
    const where = key === '' ? 'the state' : `field "${key}"`;
    if (typeof raw === 'bigint') return tagged({ [TAG]: 'bigint', v: raw.toString() });
    if (typeof raw === 'number') return number(raw);
    if (typeof raw === 'function' || typeof raw === 'symbol') throw new SnapshotError('invalid-argument', `${where} of the machine state holds a ${typeof raw}`);
    if (typeof raw !== 'object' || raw === null || made.has(raw)) return value;
    const typed = typedArrayName(raw);
    if (typed !== undefined) {
      if (typed === 'BigInt64Array' || typed === 'BigUint64Array') {
        return tagged({ [TAG]: typed, v: Array.from(raw as BigInt64Array, (b) => b.toString()) });
      }
      if (!(typed in numberArrays)) throw new SnapshotError('invalid-argument', `${where} of the machine state is an unsupported ${typed}`);
      return tagged({ [TAG]: typed, v: Array.from(raw as Float64Array, number) });
    }
    const proto: unknown = Object.getPrototypeOf(raw);
    if (Array.isArray(raw)) return value;
    if (proto !== Object.prototype && proto !== null) {
      const name = (raw as { constructor?: { name?: string } }).constructor?.name ?? 'non-plain object';
      throw new SnapshotError('invalid-argument', `${where} of the machine state is a ${name}; only plain data can be saved`);
    }
    if (Object.prototype.hasOwnProperty.call(raw, TAG)) throw new SnapshotError('invalid-argument', `${where} of the machine state uses the reserved key "${TAG}"`);
    return value;
  };
  return JSON.stringify(state, replacer);
}

function decodeNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && v !== null && (v as Record<string, unknown>)[TAG] === 'number') {
    const text = (v as Record<string, unknown>).v;
    if (text === 'NaN') return NaN;
    if (text === 'Infinity') return Infinity;
    if (text === '-Infinity') return -Infinity;
    if (text === '-0') return -0;
  }
  throw new SnapshotError('malformed', 'machine state holds a malformed number');
}

function revive(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const obj = value as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(obj, TAG)) return value;
  const tag = obj[TAG];
  const v = obj.v;
  if (tag === 'number') return decodeNumber(obj);
  if (tag === 'bigint' && typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  if ((tag === 'BigInt64Array' || tag === 'BigUint64Array') && Array.isArray(v) && v.every((x) => typeof x === 'string' && /^-?\d+$/.test(x))) {
    const values = v.map((x) => BigInt(x as string));
    return tag === 'BigInt64Array' ? BigInt64Array.from(values) : BigUint64Array.from(values);
  }
  if (typeof tag === 'string' && Object.prototype.hasOwnProperty.call(numberArrays, tag) && Array.isArray(v)) {
    return numberArrays[tag].from(v.map(decodeNumber));
  }
  throw new SnapshotError('malformed', `machine state holds a malformed tagged value (${String(tag)})`);
}

/** A fresh copy of the state from its JSON text; throws SnapshotError if the text is not a state. */
export function decodeState(text: string): SavedState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_key, value: unknown) => revive(value));
  } catch (e) {
    if (e instanceof SnapshotError) throw e;
    throw new SnapshotError('malformed', 'machine state is not valid JSON');
  }
  const s = parsed as Partial<SavedState> | null;
  if (typeof s !== 'object' || s === null || typeof s.kind !== 'string' || typeof s.version !== 'number') {
    throw new SnapshotError('malformed', 'machine state has no string kind and number version');
  }
  return s as SavedState;
}
