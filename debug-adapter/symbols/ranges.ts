// Address ranges of a DIE: DW_AT_low_pc/high_pc, or DW_AT_ranges through
// .debug_rnglists (DWARF 5 section 2.17.3, DW_RLE_*) or .debug_ranges
// (DWARF 4 section 2.17.3, pairs with base-address selection entries).
import { DW_AT as DW_AT_ } from './constants';
import { Die, Unit, attrAddress, attrConst, rangesOffset } from './info';
import { ByteReader, SymbolsError } from './reader';

// Local aliases keep constant lookups off the module-export accessors in hot loops.
const DW_AT = DW_AT_;

export interface Range {
  start: number;
  /** Exclusive. */
  end: number;
}

const MAX_ENTRIES = 100000;

function addrIndex(unit: Unit, index: number): number {
  const r = new ByteReader(unit.sections.addr);
  r.seek(unit.addrBase + index * unit.addrSize);
  return r.unsigned(unit.addrSize);
}

export function readRnglist(unit: Unit, offset: number): Range[] {
  const r = new ByteReader(unit.sections.rnglists);
  r.seek(offset);
  const out: Range[] = [];
  let base = unit.baseAddress;
  for (let n = 0; n < MAX_ENTRIES; n++) {
    const kind = r.u8();
    switch (kind) {
      case 0: return out; // end_of_list
      case 1: base = addrIndex(unit, r.uleb()); break; // base_addressx
      case 2: { const s = addrIndex(unit, r.uleb()); const e = addrIndex(unit, r.uleb()); out.push({ start: s, end: e }); break; }
      case 3: { const s = addrIndex(unit, r.uleb()); out.push({ start: s, end: s + r.uleb() }); break; }
      case 4: { const s = r.uleb(); const e = r.uleb(); out.push({ start: base + s, end: base + e }); break; }
      case 5: base = r.unsigned(unit.addrSize); break;
      case 6: { const s = r.unsigned(unit.addrSize); const e = r.unsigned(unit.addrSize); out.push({ start: s, end: e }); break; }
      case 7: { const s = r.unsigned(unit.addrSize); out.push({ start: s, end: s + r.uleb() }); break; }
      default: throw new SymbolsError(`.debug_rnglists at 0x${offset.toString(16)}: unknown entry kind ${kind}`);
    }
  }
  throw new SymbolsError(`.debug_rnglists at 0x${offset.toString(16)}: list never ends`);
}

export function readRanges(unit: Unit, offset: number): Range[] {
  const r = new ByteReader(unit.sections.ranges);
  r.seek(offset);
  const out: Range[] = [];
  const max = unit.addrSize === 4 ? 0xffffffff : Number.MAX_SAFE_INTEGER;
  let base = unit.baseAddress;
  for (let n = 0; n < MAX_ENTRIES; n++) {
    const s = r.unsigned(unit.addrSize);
    const e = r.unsigned(unit.addrSize);
    if (s === 0 && e === 0) return out;
    if (s === max) base = e;
    else out.push({ start: base + s, end: base + e });
  }
  throw new SymbolsError(`.debug_ranges at 0x${offset.toString(16)}: list never ends`);
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
