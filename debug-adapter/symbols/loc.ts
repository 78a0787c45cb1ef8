// Location lists: .debug_loclists (DWARF 5 section 2.6.2, DW_LLE_*) and
// .debug_loc (DWARF 4, begin/end pairs with 2-byte expression lengths).
// Returns the expression that applies at a pc, if any.
import { Unit } from './info';
import { readDwarf4List, readDwarf5List } from './lists';

export interface LocEntry {
  start: number;
  end: number;
  expr: Uint8Array;
}

/** The location list at `offset` (of .debug_loclists, or .debug_loc before DWARF 5). */
export function readLoclist(unit: Unit, offset: number): LocEntry[] {
  // The expression after each entry's bounds: a 2-byte length in DWARF 4, ULEB128 in DWARF 5.
  return unit.version < 5
    ? readDwarf4List(unit, 'loc', offset, (start, end, r) => ({ start, end, expr: r.bytesN(r.u16()) }))
    : readDwarf5List(unit, 'loclists', offset, (start, end, r) => ({ start, end, expr: r.bytesN(r.uleb()) }));
}

export function locationAt(entries: readonly LocEntry[], pc: number): Uint8Array | undefined {
  for (const e of entries) if (pc >= e.start && pc < e.end) return e.expr;
  return undefined;
}
