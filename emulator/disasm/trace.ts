// One line of `rewind run --trace` per retired instruction: where it sits in
// time (icount), where in memory (pc), its encoding, objdump's disassembly
// of it, and the register it wrote. Columns follow objdump -d
// (`80000000:	00001517 	auipc	a0,0x1`) so a trace reads like a listing.

import { DisassembleOptions, Disassembler } from './disassembler';
import { ABI_REGISTER_NAMES } from './fields';

export interface TraceRecord {
  /** Retired-instruction count before this instruction ran (its position in time). */
  readonly icount: number;
  readonly pc: number;
  /** The instruction's encoding, low parcel in the low bits (a 16-bit one in bits 15:0). */
  readonly raw: number;
  /** 2 for a compressed instruction, 4 otherwise. */
  readonly length: 2 | 4;
  /** The register the instruction wrote and its new value; omitted when it wrote none (or x0). */
  readonly written?: { readonly reg: number; readonly value: number };
}

/** Width of the raw-encoding column: 8 hex digits, a compressed one left-aligned in it. */
const RAW_COLUMN = 8;
/** Width of the mnemonic column, long enough for `amomaxu.w.aqrl`. */
const MNEMONIC_COLUMN = 8;
/** Width given to the disassembly before the written-register annotation, so values line up. */
const DISASSEMBLY_COLUMN = 32;

/**
 * Formats one trace line, e.g.
 * `12 80000004: 06650513  add      a0,a0,102               a0=0x80001066`.
 * `disassembler` may carry lui/auipc history between lines and symbols.
 */
export function formatTraceLine(record: TraceRecord, disassembler: Disassembler | DisassembleOptions = {}): string {
  const dis = disassembler instanceof Disassembler ? disassembler : new Disassembler(disassembler);
  const raw = record.length === 2 ? record.raw & 0xffff : record.raw >>> 0;
  const decoded = dis.disassemble(raw, record.pc);
  const rawText = raw.toString(16).padStart(record.length * 2, '0').padEnd(RAW_COLUMN, ' ');
  let body = decoded.operands === '' ? decoded.mnemonic : `${decoded.mnemonic.padEnd(MNEMONIC_COLUMN, ' ')} ${decoded.operands}`;
  if (decoded.comment !== undefined) body += ` ${decoded.comment}`;
  const head = `${record.icount} ${hex8(record.pc)}: ${rawText}  `;
  const written = record.written;
  if (written === undefined || (written.reg & 31) === 0) return head + body;
  return `${head}${body.padEnd(DISASSEMBLY_COLUMN, ' ')} ${ABI_REGISTER_NAMES[written.reg & 31]}=0x${hex8(written.value)}`;
}

function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
