// Turns instruction bytes into the line GNU objdump 2.40 (`objdump -d`)
// prints for an rv32imac_zicsr_zifencei ELF: mnemonic, operands, branch
// targets as absolute hex with an optional `<symbol+0x..>`, and objdump's
// `# address <symbol>` comments. Encodings objdump does not know print as
// `.2byte` / `.4byte` / `.8byte` / `.byte` directives, as objdump does.
//
// A Disassembler remembers, like objdump over a listing, the upper address
// part that lui/auipc left in each register, so that a following addi, load,
// store or jalr on that register gets the full address as a comment. The
// stateless `disassemble` starts from a clean slate each time.

import { decode16 } from './compressed';
import { decode32 } from './base';
import { DecodedForm } from './form';
import { DEFAULT_PRIV_SPEC, PrivSpec } from './csr-names';
import { Extensions, extensionsFromArch, RV32IMAC_ZICSR_ZIFENCEI } from './isa';
import { encodedLength, hex, REG_GP, REG_TP } from './fields';

/** A symbol near an address, as the debugger's symbol table knows it. */
export interface SymbolRef {
  readonly name: string;
  readonly address: number;
}

/** Finds the symbol to name `address` by (objdump: the nearest one at or below it). */
export type SymbolLookup = (address: number) => SymbolRef | undefined;

export interface DisassembleOptions {
  /** Annotates targets and comment addresses with `<name+0xoffset>`, as objdump does from the symbol table. */
  readonly symbols?: SymbolLookup;
  /** Value of `__global_pointer$`: when known, gp-relative accesses get an address comment, as in objdump. */
  readonly globalPointer?: number;
  /** Privileged spec the program was built for (its `.riscv.attributes`; see readRiscvAttributes): picks CSR names. Default 1.12, as objdump. */
  readonly privSpec?: PrivSpec;
  /** ISA string the program was built for (Tag_RISCV_arch): only its extensions decode. Default rv32imac_zicsr_zifencei. */
  readonly arch?: string;
}

export interface Disassembly {
  /** Bytes the instruction occupies: 2 or 4 for every RV32IMAC encoding; 6, 8, ... for longer encodings; fewer when the input ended early. */
  readonly length: number;
  /** `addi`, `j`, `csrr`, ... or a data directive (`.4byte`) for an unknown encoding. */
  readonly mnemonic: string;
  /** Operands as objdump prints them, including a target's `<symbol>` annotation. */
  readonly operands: string;
  /** objdump's trailing comment (`# 80001066 <data>`), when it prints one. */
  readonly comment?: string;
  /** The whole line: `mnemonic operands # comment`, single-space separated. */
  readonly text: string;
  /** Branch or jump target (absolute), for pc-relative control flow. */
  readonly target?: number;
  /** The address shown in `comment`. */
  readonly commentAddress?: number;
}

const LITTLE_ENDIAN_WORD_BYTES = 4;

export class Disassembler {
  /** Upper address parts left by lui/auipc/c.lui, per register (objdump's hi_addr). */
  private readonly high: Array<number | undefined> = new Array<number | undefined>(32).fill(undefined);

  private readonly isa: Extensions;

  constructor(private readonly options: DisassembleOptions = {}) {
    this.isa = options.arch !== undefined ? extensionsFromArch(options.arch) : RV32IMAC_ZICSR_ZIFENCEI;
  }

  /** Forgets the lui/auipc history (e.g. when the listing jumps elsewhere). */
  reset(): void {
    this.high.fill(undefined);
  }

  /**
   * Disassembles the instruction at the start of `code` (little-endian bytes,
   * or a number holding up to 4 of them, low byte first) located at `pc`.
   * Never throws: any input gives a line.
   */
  disassemble(code: Uint8Array | number, pc: number): Disassembly {
    const bytes = typeof code === 'number' ? wordBytes(code) : code;
    pc = pc >>> 0;
    if (bytes.length < 2) return this.data(bytes, bytes.length);
    const parcel = bytes[0] | (bytes[1] << 8);
    const length = encodedLength(parcel);
    if (bytes.length < length) return this.data(bytes, bytes.length);
    let decoded: DecodedForm | undefined;
    if (length === 2) decoded = this.isa.c ? decode16(parcel, pc) : undefined;
    else if (length === 4) decoded = decode32((bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0, pc, this.isa, this.options.privSpec ?? DEFAULT_PRIV_SPEC);
    if (decoded === undefined) return this.data(bytes, length);
    return this.render(decoded, length);
  }

  private render(decoded: DecodedForm, length: number): Disassembly {
    let operands = decoded.operands;
    if (decoded.target !== undefined) {
      operands += (operands === '' ? '' : ',') + this.address(decoded.target);
    }
    let commentAddress: number | undefined;
    for (const p of decoded.probes ?? []) {
      const resolved = this.resolve(p.base, p.offset);
      if (resolved !== undefined) commentAddress = resolved;
    }
    if (decoded.setsHigh !== undefined) this.high[decoded.setsHigh.reg] = decoded.setsHigh.value;
    const comment = commentAddress === undefined ? undefined : `# ${this.address(commentAddress)}`;
    let text = decoded.mnemonic;
    if (operands !== '') text += ` ${operands}`;
    if (comment !== undefined) text += ` ${comment}`;
    return {
      length,
      mnemonic: decoded.mnemonic,
      operands,
      text,
      ...(comment !== undefined ? { comment, commentAddress } : {}),
      ...(decoded.target !== undefined ? { target: decoded.target } : {}),
    };
  }

  /** objdump's maybe_print_address: the address `base + offset` names, if it can tell. */
  private resolve(base: number, offset: number): number | undefined {
    const high = this.high[base];
    if (high !== undefined) {
      this.high[base] = undefined;
      return ((base !== 0 ? high : 0) + offset) >>> 0;
    }
    if (base === REG_GP && this.options.globalPointer !== undefined) return (this.options.globalPointer + offset) >>> 0;
    if (base === REG_TP || base === 0) return offset >>> 0;
    return undefined;
  }

  /** An address as objdump prints it: hex, then ` <symbol+0xoff>` when a symbol table is at hand. */
  private address(address: number): string {
    const text = hex(address);
    const symbol = this.options.symbols?.(address);
    if (symbol === undefined) return text;
    const delta = address - (symbol.address >>> 0);
    if (delta === 0) return `${text} <${symbol.name}>`;
    return delta > 0 ? `${text} <${symbol.name}+0x${hex(delta)}>` : `${text} <${symbol.name}-0x${hex(-delta)}>`;
  }

  /** An encoding objdump does not know (or input cut short): shown as data, as objdump does. */
  private data(bytes: Uint8Array, length: number): Disassembly {
    let mnemonic: string;
    let operands: string;
    if (length === 2 || length === 4 || length === 8) {
      let value = 0n;
      for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
      mnemonic = `.${length}byte`;
      operands = `0x${value.toString(16)}`;
    } else {
      mnemonic = '.byte';
      operands = Array.from(bytes.subarray(0, length), (b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ');
    }
    return { length, mnemonic, operands, text: operands === '' ? mnemonic : `${mnemonic} ${operands}` };
  }
}

function wordBytes(word: number): Uint8Array {
  const bytes = new Uint8Array(LITTLE_ENDIAN_WORD_BYTES);
  for (let i = 0; i < LITTLE_ENDIAN_WORD_BYTES; i++) bytes[i] = (word >>> (8 * i)) & 0xff;
  return bytes;
}

/** Disassembles one instruction with no lui/auipc history (see Disassembler). */
export function disassemble(code: Uint8Array | number, pc: number, options?: DisassembleOptions): Disassembly {
  return new Disassembler(options).disassemble(code, pc);
}
