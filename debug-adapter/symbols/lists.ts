// The entry walking that location lists (loc.ts) and range lists
// (ranges.ts) share. DWARF 5 .debug_loclists and .debug_rnglists (sections
// 2.6.2 and 2.17.3) have the same entry kinds: end of list, a base address
// given directly or as a .debug_addr index, start/end and start/length
// pairs given either way, and offset pairs from the base; only location
// lists have a default location. DWARF 4 .debug_loc and .debug_ranges are
// both address pairs from the base, where a first address of all ones
// selects a new base and (0, 0) ends the list. What follows an entry's
// bounds (a location list's expression) is read by the caller.
import { DW_LLE as LLE_, DW_RLE as RLE_ } from './constants';
import { Unit, addressAtIndex } from './info';
import { ByteReader, SymbolsError } from './reader';

// Local aliases keep constant lookups off the module-export accessors in hot loops.
const DW_LLE = LLE_;
const DW_RLE = RLE_;

/** Makes the list element for [start, end), reading what follows the bounds from `r`. */
export type ListEntry<T> = (start: number, end: number, r: ByteReader) => T;

const MAX_ENTRIES = 100000;

/** Each DW_RLE code as the DW_LLE code of the same name. */
const LLE_OF_RLE = new Map<number, number>(Object.entries(DW_RLE).map(([name, code]) => [code, DW_LLE[name as keyof typeof DW_RLE]]));

/** The DWARF 5 list at `offset` of .debug_loclists or .debug_rnglists. */
export function readDwarf5List<T>(unit: Unit, section: 'loclists' | 'rnglists', offset: number, entry: ListEntry<T>): T[] {
  const r = new ByteReader(unit.sections[section]);
  r.seek(offset);
  const out: T[] = [];
  let base = unit.baseAddress;
  for (let n = 0; n < MAX_ENTRIES; n++) {
    const code = r.u8();
    const kind = section === 'loclists' ? code : LLE_OF_RLE.get(code);
    switch (kind) {
      case DW_LLE.end_of_list: return out;
      case DW_LLE.base_addressx: base = addressAtIndex(unit, r.uleb()); break;
      case DW_LLE.base_address: base = r.unsigned(unit.addrSize); break;
      case DW_LLE.startx_endx: { const s = addressAtIndex(unit, r.uleb()); const e = addressAtIndex(unit, r.uleb()); out.push(entry(s, e, r)); break; }
      case DW_LLE.startx_length: { const s = addressAtIndex(unit, r.uleb()); const len = r.uleb(); out.push(entry(s, s + len, r)); break; }
      case DW_LLE.start_end: { const s = r.unsigned(unit.addrSize); const e = r.unsigned(unit.addrSize); out.push(entry(s, e, r)); break; }
      case DW_LLE.start_length: { const s = r.unsigned(unit.addrSize); const len = r.uleb(); out.push(entry(s, s + len, r)); break; }
      case DW_LLE.offset_pair: { const s = r.uleb(); const e = r.uleb(); out.push(entry(base + s, base + e, r)); break; }
      case DW_LLE.default_location: out.push(entry(0, 0x100000000, r)); break; // wherever no other entry applies
      default: throw new SymbolsError(`.debug_${section} at 0x${offset.toString(16)}: unknown entry kind ${code}`);
    }
  }
  throw new SymbolsError(`.debug_${section} at 0x${offset.toString(16)}: list never ends`);
}

/** The DWARF 4 list at `offset` of .debug_loc or .debug_ranges. */
export function readDwarf4List<T>(unit: Unit, section: 'loc' | 'ranges', offset: number, entry: ListEntry<T>): T[] {
  const r = new ByteReader(unit.sections[section]);
  r.seek(offset);
  const out: T[] = [];
  const baseSelection = unit.addrSize === 4 ? 0xffffffff : Number.MAX_SAFE_INTEGER;
  let base = unit.baseAddress;
  for (let n = 0; n < MAX_ENTRIES; n++) {
    const s = r.unsigned(unit.addrSize);
    const e = r.unsigned(unit.addrSize);
    if (s === 0 && e === 0) return out;
    if (s === baseSelection) base = e;
    else out.push(entry(base + s, base + e, r));
  }
  throw new SymbolsError(`.debug_${section} at 0x${offset.toString(16)}: list never ends`);
}
