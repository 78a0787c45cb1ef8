// .debug_aranges reader (DWARF 5 section 6.1.2): per unit, the address
// ranges its code covers, for finding the unit of a pc without walking DIEs.
import { ByteReader, SymbolsError } from './reader';
import { Range } from './ranges';

export interface ArangeSet {
  /** Offset of the unit's header in .debug_info. */
  unitOffset: number;
  ranges: Range[];
}

export function readAranges(section: Uint8Array, warn: (m: string) => void): ArangeSet[] {
  const out: ArangeSet[] = [];
  const r = new ByteReader(section);
  while (r.pos + 4 <= r.end) {
    const start = r.pos;
    try {
      let len = r.u32();
      let offsetSize = 4;
      if (len === 0xffffffff) {
        len = r.u64();
        offsetSize = 8;
      }
      const end = r.pos + len;
      if (end > r.end) throw new SymbolsError('set runs past the end of the section');
      const version = r.u16();
      if (version !== 2) throw new SymbolsError(`unsupported version ${version}`);
      const unitOffset = offsetSize === 8 ? r.u64() : r.u32();
      const addrSize = r.u8();
      const segSize = r.u8();
      if (addrSize !== 4 && addrSize !== 8) throw new SymbolsError(`unsupported address size ${addrSize}`);
      // Tuples start at a multiple of twice the address size from the set's start.
      const tupleSize = 2 * addrSize + segSize;
      const headerEnd = r.pos - start;
      r.seek(start + Math.ceil(headerEnd / (2 * addrSize)) * (2 * addrSize));
      const ranges: Range[] = [];
      while (r.pos + tupleSize <= end) {
        if (segSize) r.skip(segSize);
        const addr = r.unsigned(addrSize);
        const length = r.unsigned(addrSize);
        if (addr === 0 && length === 0) break;
        ranges.push({ start: addr, end: addr + length });
      }
      out.push({ unitOffset, ranges });
      r.seek(end);
    } catch (e) {
      warn(`.debug_aranges at 0x${start.toString(16)}: ${(e as Error).message}; remaining sets skipped`);
      break;
    }
  }
  return out;
}
