// Chooses the symbol objdump names an address by, so the debugger's
// disassembly shows `j 80000010 <main+0x10>` exactly as `objdump -d` does
// (binutils objdump.c: compare_symbols and find_symbol_for_address, for a
// linked executable): the nearest symbol at or below the address, the lowest
// symbol when none is below, and among symbols at one value functions, then
// objects, then globals, then larger sizes, then names not starting with
// '.', then by name; a symbol in the section being shown wins a tie.

import { SymbolLookup, SymbolRef } from './disassembler';

/** One entry of an ELF symbol table (.symtab), as the ELF reader gives it. */
export interface ElfSymbol {
  readonly name: string;
  readonly address: number;
  readonly size: number;
  /** STT_*: 'FUNC', 'OBJECT', 'NOTYPE', 'SECTION', 'FILE', ... */
  readonly type: string;
  /** STB_*: 'LOCAL', 'GLOBAL', 'WEAK'. */
  readonly binding: string;
  /** Name of the section the symbol is defined in; undefined for undefined or common symbols. */
  readonly section?: string;
}

/** objdump leaves these out: section and file symbols, mapping symbols ($x, $d, $xrv32...), undefined ones. */
function counts(s: ElfSymbol): boolean {
  return s.type !== 'SECTION' && s.type !== 'FILE' && !s.name.startsWith('$') && s.name !== '' && s.section !== undefined;
}

function order(a: ElfSymbol, b: ElfSymbol): number {
  const keys = (s: ElfSymbol): number[] => [
    s.type === 'FUNC' ? 0 : 1,
    s.type === 'OBJECT' ? 0 : 1,
    s.binding === 'LOCAL' ? 1 : 0,
    s.binding === 'GLOBAL' ? 0 : 1,
    -s.size,
    s.name.startsWith('.') ? 1 : 0,
  ];
  const ka = keys(a), kb = keys(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** objdump prints control characters in symbol names as ^X. */
function displayName(name: string): string {
  return name.replace(/[\x00-\x1f]/g, (c) => `^${String.fromCharCode(c.charCodeAt(0) + 0x40)}`);
}

/**
 * A SymbolLookup over an ELF symbol table. `section` is the section being
 * disassembled (normally `.text`); it only breaks ties between symbols at
 * the same address.
 */
export function createSymbolLookup(symbols: readonly ElfSymbol[], section = '.text'): SymbolLookup {
  const table = symbols.filter(counts).map((s) => ({ ...s, address: s.address >>> 0 })).sort((a, b) => a.address - b.address || order(a, b));
  return (address: number): SymbolRef | undefined => {
    if (table.length === 0) return undefined;
    address >>>= 0;
    // Last symbol at or below the address, then the first of those sharing its value.
    let lo = 0, hi = table.length - 1, best = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (table[mid].address <= address) { best = mid; lo = mid + 1; } else hi = mid - 1;
    }
    while (best > 0 && table[best - 1].address === table[best].address) best--;
    let pick = table[best];
    for (let i = best; i < table.length && table[i].address === pick.address; i++) {
      if (table[i].section === section) { pick = table[i]; break; }
    }
    return { name: displayName(pick.name), address: pick.address };
  };
}
