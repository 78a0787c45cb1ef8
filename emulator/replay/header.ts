// The replay log header (docs/replay-log.md: header): magic, format
// version, header length, SHA-256 of the guest ELF, the machine
// configuration and free-form metadata as JSON, and a CRC-32 over all of it.
// The version is read before anything else is trusted, so a log from
// another format version gets a version error rather than a parse error.

import { ByteReader, ByteWriter } from './bytes';
import { readU32 } from './chunk';
import { crc32 } from './crc32';
import { LogError, logFailure } from './errors';
import { LOG_FORMAT_VERSION } from './events/kinds';

/** "RWNDLOG" followed by a zero byte. */
export const LOG_MAGIC = new Uint8Array([0x52, 0x57, 0x4e, 0x44, 0x4c, 0x4f, 0x47, 0x00]);
export const ELF_HASH_BYTES = 32;
/** Fixed part of the header: magic, version, length, ELF hash, two JSON lengths, CRC. */
export const HEADER_FIXED_BYTES = 8 + 4 + 4 + ELF_HASH_BYTES + 4 + 4 + 4;
/** Largest header accepted; a bigger length field is corruption. */
export const MAX_HEADER_BYTES = 1 << 20;

/** The machine a recording was made on; replay must build the same one. */
export interface MachineConfig {
  /** Board model, e.g. "virt" (QEMU -M virt). */
  readonly board: string;
  readonly ramBase: number;
  readonly ramSize: number;
  /** virtual_ns = icount << icountShift (ARCHITECTURE.md: clocks). */
  readonly icountShift: number;
  /** Device names in the board, in the order the engine numbers them. */
  readonly devices: readonly string[];
}

export interface LogHeader {
  /** Format version the log was written with (always LOG_FORMAT_VERSION once read). */
  readonly version: number;
  readonly machine: MachineConfig;
  /** SHA-256 of the guest ELF file, 32 bytes. */
  readonly elfSha256: Uint8Array;
  /**
   * Free-form key/values (program name, created-by, a timestamp the caller
   * supplies: the emulator never reads host time itself).
   */
  readonly metadata: Readonly<Record<string, string>>;
}

/** What a writer is given: the header without its version. */
export type LogHeaderInit = Omit<LogHeader, 'version'>;

const isSafeUint = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Why `value` is not a MachineConfig, or undefined when it is. */
export function checkMachineConfig(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'machine configuration must be an object';
  const v = value as Record<string, unknown>;
  const allowed = ['board', 'ramBase', 'ramSize', 'icountShift', 'devices'];
  for (const key of Object.keys(v)) if (!allowed.includes(key)) return `machine configuration has an unknown field "${key}"`;
  if (typeof v.board !== 'string' || v.board.length === 0) return 'machine configuration: board must be a non-empty string';
  if (!isSafeUint(v.ramBase)) return 'machine configuration: ramBase must be an integer in 0..2^53-1';
  if (!isSafeUint(v.ramSize) || v.ramSize === 0) return 'machine configuration: ramSize must be a positive integer';
  if (!isSafeUint(v.icountShift) || v.icountShift > 30) return 'machine configuration: icountShift must be an integer in 0..30';
  if (!Array.isArray(v.devices) || !v.devices.every((d) => typeof d === 'string')) return 'machine configuration: devices must be an array of strings';
  return undefined;
}

function checkMetadata(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'metadata must be an object';
  for (const [k, v] of Object.entries(value)) {
    // A "__proto__" key would not survive a round trip through a plain object.
    if (k === '__proto__') return 'metadata may not use the key "__proto__"';
    if (typeof v !== 'string') return `metadata "${k}" must be a string`;
  }
  return undefined;
}

function canonicalMachine(m: MachineConfig): MachineConfig {
  return { board: m.board, ramBase: m.ramBase, ramSize: m.ramSize, icountShift: m.icountShift, devices: [...m.devices] };
}

function canonicalMetadata(meta: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(meta).sort()) out[key] = meta[key];
  return out;
}

/** Encodes a header; throws LogError('invalid-argument') for bad input. */
export function encodeHeader(init: LogHeaderInit): Uint8Array {
  const machineProblem = checkMachineConfig(init.machine);
  if (machineProblem) throw new LogError('invalid-argument', undefined, machineProblem);
  const metaProblem = checkMetadata(init.metadata);
  if (metaProblem) throw new LogError('invalid-argument', undefined, metaProblem);
  if (!(init.elfSha256 instanceof Uint8Array) || init.elfSha256.length !== ELF_HASH_BYTES) {
    throw new LogError('invalid-argument', undefined, `the ELF hash must be ${ELF_HASH_BYTES} bytes`);
  }
  const encoder = new TextEncoder();
  const machineJson = encoder.encode(JSON.stringify(canonicalMachine(init.machine)));
  const metaJson = encoder.encode(JSON.stringify(canonicalMetadata(init.metadata)));
  const total = HEADER_FIXED_BYTES + machineJson.length + metaJson.length;
  if (total > MAX_HEADER_BYTES) throw new LogError('invalid-argument', undefined, `header of ${total} bytes exceeds ${MAX_HEADER_BYTES}`);
  const out = new ByteWriter(total);
  out.bytes(LOG_MAGIC);
  out.u32(LOG_FORMAT_VERSION);
  out.u32(total);
  out.bytes(init.elfSha256);
  out.u32(machineJson.length);
  out.bytes(machineJson);
  out.u32(metaJson.length);
  out.bytes(metaJson);
  out.u32(crc32(out.view()));
  return out.toBytes();
}

function parseJson(r: ByteReader, what: string): unknown {
  const lengthAt = r.pos;
  const length = r.u32(`${what} length`);
  if (length > r.remaining) r.fail(`${what} length ${length} runs past the header`, lengthAt);
  const at = r.pos;
  const raw = r.view(length, what);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return r.fail(`${what} is not valid UTF-8`, at);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return r.fail(`${what} is not valid JSON`, at);
  }
}

/**
 * Reads the header at the start of `bytes`. Returns it with the offset of
 * the first chunk; throws LogError (magic, version, truncation, checksum,
 * malformed fields).
 */
export function decodeHeader(bytes: Uint8Array): { header: LogHeader; bodyOffset: number } {
  const magicLength = Math.min(bytes.length, LOG_MAGIC.length);
  for (let i = 0; i < magicLength; i++) {
    if (bytes[i] !== LOG_MAGIC[i]) throw new LogError('bad-magic', 0, 'not a Rewind replay log (the file does not start with "RWNDLOG\\0")');
  }
  const cutShort = (): LogError => new LogError('truncated-header', bytes.length, `the file ends after ${bytes.length} bytes, inside the header`);
  if (bytes.length < 12) throw cutShort();
  const version = readU32(bytes, 8);
  if (version !== LOG_FORMAT_VERSION) {
    throw new LogError('unsupported-version', 8, `log format version ${version} is not supported: this build reads version ${LOG_FORMAT_VERSION}`);
  }
  if (bytes.length < 16) throw cutShort();
  const length = readU32(bytes, 12);
  if (length < HEADER_FIXED_BYTES || length > MAX_HEADER_BYTES) {
    throw new LogError('bad-header', 12, `header length ${length} is outside ${HEADER_FIXED_BYTES}..${MAX_HEADER_BYTES}`);
  }
  if (length > bytes.length) throw new LogError('truncated-header', bytes.length, `the header needs ${length} bytes, the file has ${bytes.length}`);
  const stored = readU32(bytes, length - 4);
  const computed = crc32(bytes, 0, length - 4);
  if (stored !== computed) {
    throw new LogError('bad-header', length - 4, `header checksum mismatch (stored 0x${stored.toString(16)}, computed 0x${computed.toString(16)})`);
  }
  const h = new ByteReader(bytes, 16, length - 4, logFailure('bad-header'));
  const elfSha256 = h.view(ELF_HASH_BYTES, 'ELF hash').slice();
  const machineAt = h.pos;
  const machine = parseJson(h, 'machine configuration');
  const machineProblem = checkMachineConfig(machine);
  if (machineProblem) h.fail(machineProblem, machineAt);
  const metaAt = h.pos;
  const metadata = parseJson(h, 'metadata');
  const metaProblem = checkMetadata(metadata);
  if (metaProblem) h.fail(metaProblem, metaAt);
  if (h.remaining !== 0) h.fail(`${h.remaining} unexplained bytes at the end of the header`);
  return {
    header: {
      version,
      machine: canonicalMachine(machine as MachineConfig),
      elfSha256,
      metadata: canonicalMetadata(metadata as Record<string, string>),
    },
    bodyOffset: length,
  };
}
