// Location lists: .debug_loclists (DWARF 5 section 2.6.2, DW_LLE_*) and
// .debug_loc (DWARF 4, begin/end pairs with 2-byte expression lengths).
// Returns the expression that applies at a pc, if any.
import { Unit } from './info';
import { ByteReader, SymbolsError } from './reader';

export interface LocEntry {
  start: number;
  end: number;
  expr: Uint8Array;
}

const MAX_ENTRIES = 100000;

function addrIndex(unit: Unit, index: number): number {
  const r = new ByteReader(unit.sections.addr);
  r.seek(unit.addrBase + index * unit.addrSize);
  return r.unsigned(unit.addrSize);
}

export function readLoclist(unit: Unit, offset: number): LocEntry[] {
  if (unit.version < 5) return readLoc(unit, offset);
  const r = new ByteReader(unit.sections.loclists);
  r.seek(offset);
  const out: LocEntry[] = [];
  let base = unit.baseAddress;
  const expr = (): Uint8Array => r.bytesN(r.uleb());
  for (let n = 0; n < MAX_ENTRIES; n++) {
    const kind = r.u8();
    switch (kind) {
      case 0: return out;
      case 1: base = addrIndex(unit, r.uleb()); break; // base_addressx
      case 2: { const s = addrIndex(unit, r.uleb()); const e = addrIndex(unit, r.uleb()); out.push({ start: s, end: e, expr: expr() }); break; }
      case 3: { const s = addrIndex(unit, r.uleb()); const len = r.uleb(); out.push({ start: s, end: s + len, expr: expr() }); break; }
      case 4: { const s = r.uleb(); const e = r.uleb(); out.push({ start: base + s, end: base + e, expr: expr() }); break; }
      case 5: out.push({ start: 0, end: 0x100000000, expr: expr() }); break; // default_location
      case 6: base = r.unsigned(unit.addrSize); break;
      case 7: { const s = r.unsigned(unit.addrSize); const e = r.unsigned(unit.addrSize); out.push({ start: s, end: e, expr: expr() }); break; }
      case 8: { const s = r.unsigned(unit.addrSize); const len = r.uleb(); out.push({ start: s, end: s + len, expr: expr() }); break; }
      default: throw new SymbolsError(`.debug_loclists at 0x${offset.toString(16)}: unknown entry kind ${kind}`);
    }
  }
  throw new SymbolsError(`.debug_loclists at 0x${offset.toString(16)}: list never ends`);
}

function readLoc(unit: Unit, offset: number): LocEntry[] {
  const r = new ByteReader(unit.sections.loc);
  r.seek(offset);
  const out: LocEntry[] = [];
  const max = unit.addrSize === 4 ? 0xffffffff : Number.MAX_SAFE_INTEGER;
  let base = unit.baseAddress;
  for (let n = 0; n < MAX_ENTRIES; n++) {
    const s = r.unsigned(unit.addrSize);
    const e = r.unsigned(unit.addrSize);
    if (s === 0 && e === 0) return out;
    if (s === max) {
      base = e;
      continue;
    }
    const len = r.u16();
    out.push({ start: base + s, end: base + e, expr: r.bytesN(len) });
  }
  throw new SymbolsError(`.debug_loc at 0x${offset.toString(16)}: list never ends`);
}

export function locationAt(entries: readonly LocEntry[], pc: number): Uint8Array | undefined {
  for (const e of entries) if (pc >= e.start && pc < e.end) return e.expr;
  return undefined;
}
