// The disassembler's public surface: RV32IMAC + Zicsr + Zifencei +
// privileged instructions printed exactly as GNU objdump 2.40 prints them,
// and the one-line-per-instruction trace format of `rewind run --trace`.

export { disassemble, Disassembler } from './disassembler';
export type { Disassembly, DisassembleOptions, SymbolLookup, SymbolRef } from './disassembler';
export { formatTraceLine } from './trace';
export type { TraceRecord } from './trace';
export { ABI_REGISTER_NAMES, encodedLength as instructionLength } from './fields';
export { csrName, knownCsrName, DEFAULT_PRIV_SPEC } from './csr-names';
export type { PrivSpec } from './csr-names';
export { readRiscvAttributes } from './attributes';
export type { RiscvAttributes } from './attributes';
export { extensionsFromArch } from './isa';
export type { Extensions } from './isa';
export { createSymbolLookup } from './symbols';
export type { ElfSymbol } from './symbols';
