// Reads the `.riscv.attributes` section of an ELF (RISC-V psABI, "Attributes"
// chapter; layout of the generic ELF build-attributes format): the ISA string
// and the privileged-spec version, which decides the CSR names objdump
// prints. Malformed input never throws; it reads as "not stated".

import { DEFAULT_PRIV_SPEC, PrivSpec } from './csr-names';

const FORMAT_VERSION = 0x41; // 'A'
const TAG_FILE = 1;
const TAG_RISCV_ARCH = 5;
const TAG_RISCV_PRIV_SPEC = 8;
const TAG_RISCV_PRIV_SPEC_MINOR = 10;
const TAG_RISCV_PRIV_SPEC_REVISION = 12;

export interface RiscvAttributes {
  /** Tag_RISCV_arch, e.g. `rv32i2p1_m2p0_a2p1_c2p0_zicsr2p0_zifencei2p0`. */
  readonly arch?: string;
  /** The privileged spec the file names, or objdump's default (1.12) when it names none or one objdump does not know. */
  readonly privSpec: PrivSpec;
}

const KNOWN_SPECS: Record<string, PrivSpec> = { '1.9.1': '1.9.1', '1.10.0': '1.10', '1.11.0': '1.11', '1.12.0': '1.12' };

export function readRiscvAttributes(section: Uint8Array): RiscvAttributes {
  const values = new Map<number, number | string>();
  try {
    parse(section, values);
  } catch {
    // A truncated section keeps what was read before the cut.
  }
  const arch = values.get(TAG_RISCV_ARCH);
  const num = (tag: number): number => { const v = values.get(tag); return typeof v === 'number' ? v : 0; };
  const key = `${num(TAG_RISCV_PRIV_SPEC)}.${num(TAG_RISCV_PRIV_SPEC_MINOR)}.${num(TAG_RISCV_PRIV_SPEC_REVISION)}`;
  return { ...(typeof arch === 'string' ? { arch } : {}), privSpec: KNOWN_SPECS[key] ?? DEFAULT_PRIV_SPEC };
}

function parse(bytes: Uint8Array, out: Map<number, number | string>): void {
  if (bytes.length === 0 || bytes[0] !== FORMAT_VERSION) return;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 1;
  while (pos + 4 <= bytes.length) {
    const length = view.getUint32(pos, true);
    const end = Math.min(pos + length, bytes.length);
    if (length < 4) return;
    let p = pos + 4;
    const vendorEnd = bytes.indexOf(0, p);
    if (vendorEnd < 0 || vendorEnd >= end) return;
    const vendor = ascii(bytes, p, vendorEnd);
    p = vendorEnd + 1;
    if (vendor === 'riscv') readSubsections(bytes, view, p, end, out);
    pos = end;
  }
}

function readSubsections(bytes: Uint8Array, view: DataView, p: number, end: number, out: Map<number, number | string>): void {
  while (p + 5 <= end) {
    const tag = bytes[p];
    const size = view.getUint32(p + 1, true);
    if (size < 5) return;
    const subEnd = Math.min(p + size, end);
    if (tag === TAG_FILE) {
      let q = p + 5;
      while (q < subEnd) {
        const [attr, afterTag] = uleb(bytes, q);
        if (attr % 2 === 1) { // odd tags hold NUL-terminated strings, even ones ULEB128 numbers
          const nul = bytes.indexOf(0, afterTag);
          if (nul < 0 || nul >= subEnd) return;
          out.set(attr, ascii(bytes, afterTag, nul));
          q = nul + 1;
        } else {
          const [value, next] = uleb(bytes, afterTag);
          out.set(attr, value);
          q = next;
        }
      }
    }
    p = subEnd;
  }
}

function uleb(bytes: Uint8Array, p: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    if (p >= bytes.length) throw new RangeError('truncated ULEB128');
    const b = bytes[p++];
    value += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return [value, p];
  }
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}
