// The shape a decoder hands to the printer: the mnemonic and operands chosen
// by GNU objdump's rules, plus what objdump needs to print its
// "# address <symbol>" comments for lui/auipc + addi/load/store/jalr pairs
// (binutils opcodes/riscv-dis.c, maybe_print_address).

/** One place where objdump tries to resolve `base + offset` to an address. */
export interface AddressProbe {
  readonly base: number;
  readonly offset: number;
}

export interface DecodedForm {
  readonly mnemonic: string;
  /** Operands as printed, without the branch/jump target. */
  readonly operands: string;
  /** Control-flow target (pc-relative, already added to pc), printed as the last operand. */
  readonly target?: number;
  /** Address resolutions objdump attempts for this instruction, in operand order. */
  readonly probes?: readonly AddressProbe[];
  /** lui / auipc / c.lui: the upper address part `reg` now holds. */
  readonly setsHigh?: { readonly reg: number; readonly value: number };
}

export function form(mnemonic: string, operands = '', extra?: Omit<DecodedForm, 'mnemonic' | 'operands'>): DecodedForm {
  return { mnemonic, operands, ...extra };
}

export function probe(base: number, offset: number): readonly AddressProbe[] {
  return [{ base, offset }];
}
