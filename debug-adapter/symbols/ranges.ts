// Address ranges of a DIE: DW_AT_low_pc/high_pc, or DW_AT_ranges through
// .debug_rnglists (DWARF 5 section 2.17.3, DW_RLE_*) or .debug_ranges
// (DWARF 4 section 2.17.3, pairs with base-address selection entries).
import { DW_AT as DW_AT_ } from './constants';
import { Die, Unit, attrAddress, attrConst, rangesOffset } from './info';
import { readDwarf4List, readDwarf5List } from './lists';

// Local aliases keep constant lookups off the module-export accessors in hot loops.
const DW_AT = DW_AT_;

export interface Range {
  start: number;
  /** Exclusive. */
  end: number;
}

const bounds = (start: number, end: number): Range => ({ start, end });

/** The range list at `offset` of .debug_rnglists (DWARF 5). */
export function readRnglist(unit: Unit, offset: number): Range[] {
  return readDwarf5List(unit, 'rnglists', offset, bounds);
}

/** The range list at `offset` of .debug_ranges (DWARF 4). */
export function readRanges(unit: Unit, offset: number): Range[] {
  return readDwarf4List(unit, 'ranges', offset, bounds);
}

/** The code ranges a DIE covers (empty when it has none). */
export function dieRanges(die: Die): Range[] {
  const unit = die.unit;
  const rangesAttr = die.attrs.get(DW_AT.ranges);
  if (rangesAttr) {
    const off = rangesOffset(unit, rangesAttr);
    if (off === undefined) return [];
    const list = unit.version >= 5 ? readRnglist(unit, off) : readRanges(unit, off);
    return list.filter((x) => x.end > x.start);
  }
  const low = attrAddress(unit, die.attrs.get(DW_AT.low_pc));
  if (low === undefined) return [];
  const highAttr = die.attrs.get(DW_AT.high_pc);
  if (!highAttr) return [{ start: low, end: low + 1 }];
  // address class (addr, addrx) is absolute; constant class is a length
  const high = attrAddress(unit, highAttr);
  const end = high ?? low + (attrConst(highAttr) ?? 0);
  return end > low ? [{ start: low, end }] : [];
}

export function inRanges(ranges: readonly Range[], pc: number): boolean {
  for (const r of ranges) if (pc >= r.start && pc < r.end) return true;
  return false;
}
