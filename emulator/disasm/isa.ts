// Which extensions the disassembler decodes. objdump decodes only what the
// ELF's ISA string (Tag_RISCV_arch, ISA spec chapter 27 "ISA Extension
// Naming Conventions") names: without C every 16-bit parcel is `.2byte`,
// without Zifencei fence.i is `.4byte`, and so on. The default is the
// machine Rewind emulates: RV32IMAC + Zicsr + Zifencei.

export interface Extensions {
  readonly c: boolean;
  readonly m: boolean;
  /** The multiply half of M (implied by M). */
  readonly zmmul: boolean;
  readonly a: boolean;
  readonly zicsr: boolean;
  readonly zifencei: boolean;
  /** `pause` (fence w,0) is printed as such only with Zihintpause. */
  readonly zihintpause: boolean;
}

export const RV32IMAC_ZICSR_ZIFENCEI: Extensions = Object.freeze({
  c: true, m: true, zmmul: true, a: true, zicsr: true, zifencei: true, zihintpause: false,
});

/**
 * The extensions an ISA string names, e.g. `rv32i2p1_m2p0_a2p1_c2p0_zicsr2p0`
 * or `rv32imac_zicsr`. `g` stands for IMAFD + Zicsr + Zifencei.
 */
export function extensionsFromArch(arch: string): Extensions {
  const names = new Set<string>();
  const parts = arch.toLowerCase().replace(/^rv(32|64|128)/, '').split('_').filter((p) => p !== '');
  const single = parts.shift() ?? '';
  // Single-letter extensions, each optionally followed by a version (2p1, 2).
  for (const m of single.matchAll(/([a-z])(\d+(?:p\d+)?)?/g)) names.add(m[1]);
  for (const part of parts) names.add(part.replace(/\d+(p\d+)?$/, ''));
  if (names.has('g')) for (const e of ['i', 'm', 'a', 'f', 'd', 'zicsr', 'zifencei']) names.add(e);
  return {
    c: names.has('c'),
    m: names.has('m'),
    zmmul: names.has('m') || names.has('zmmul'),
    a: names.has('a'),
    zicsr: names.has('zicsr'),
    zifencei: names.has('zifencei'),
    zihintpause: names.has('zihintpause'),
  };
}
