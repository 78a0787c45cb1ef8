// The loaded program: ELF + DWARF units, their line tables, the function
// index and symbol lookups. Builds everything once; every reader failure
// becomes a warning and costs only the unit or table concerned.
import { DW_AT as DW_AT_, DW_TAG as DW_TAG_ } from './constants';
import { ElfFile, ElfSymbol, parseElf } from './elf';
import { Die, DwarfSections, Unit, attrConst, attrString, dwarfSections, readInfo } from './info';
import { LineTable, readLineTable } from './line';
import { LineIndex } from './lines';
import { Resolver, Scope, unitFunctions } from './scopes';
import { ArangeSet, readAranges } from './aranges';
import { dieRanges, inRanges } from './ranges';

// Local aliases keep constant lookups off the module-export accessors in hot loops.
const DW_AT = DW_AT_;
const DW_TAG = DW_TAG_;

interface FnEntry {
  start: number;
  end: number;
  fn: Scope;
}

export class Program implements Resolver {
  readonly elf: ElfFile;
  readonly sections: DwarfSections;
  readonly units: Unit[];
  readonly warnings: string[] = [];
  readonly lines: LineIndex;
  readonly functions: Scope[] = [];
  private readonly fnIndex: FnEntry[] = [];
  private readonly lineTables = new Map<Unit, LineTable | undefined>();
  readonly dieAt: (offset: number) => Die | undefined;
  /** ELF function and object symbols sorted by address, for `<sym+off>` and disassembly. */
  readonly addressSymbols: ElfSymbol[];

  constructor(bytes: Uint8Array) {
    const warn = (m: string): void => {
      if (this.warnings.length < 1000) this.warnings.push(m);
    };
    this.elf = parseElf(bytes, warn);
    this.sections = dwarfSections((n) => this.elf.section(n));
    const info = readInfo(this.sections, warn);
    this.units = info.units;
    this.dieAt = info.dieAt;
    const tables: LineTable[] = [];
    for (const u of this.units) {
      const t = this.lineTableOf(u);
      if (t) tables.push(t);
    }
    this.lines = new LineIndex(tables);
    for (const u of this.units) {
      try {
        this.functions.push(...unitFunctions(this, u, warn));
      } catch (e) {
        warn(`functions of unit at 0x${u.offset.toString(16)}: ${(e as Error).message}`);
      }
    }
    for (const fn of this.functions) for (const r of fn.ranges) this.fnIndex.push({ start: r.start, end: r.end, fn });
    this.fnIndex.sort((a, b) => a.start - b.start);
    this.addressSymbols = this.elf.symbols
      .filter((s) => (s.kind === 'function' || s.kind === 'object' || s.kind === 'notype') && s.sectionIndex !== 0 && s.sectionIndex < 0xff00 && s.name !== '' && !s.name.startsWith('$'))
      .sort((a, b) => a.value - b.value);
  }

  private globalList: Die[] | undefined;

  /** File-scope variable definitions (external and static) of every unit. */
  globalVariables(): Die[] {
    if (this.globalList) return this.globalList;
    const out: Die[] = [];
    for (const u of this.units) {
      for (const d of u.root.children) {
        if (d.tag !== DW_TAG.variable) continue;
        if (d.attrs.has(DW_AT.declaration) && !d.attrs.has(DW_AT.location) && !d.attrs.has(DW_AT.const_value)) continue;
        out.push(d);
      }
    }
    this.globalList = out;
    return out;
  }

  lineTableOf(unit: Unit): LineTable | undefined {
    if (this.lineTables.has(unit)) return this.lineTables.get(unit);
    let table: LineTable | undefined;
    const off = attrConst(unit.root.attrs.get(DW_AT.stmt_list));
    if (off !== undefined) {
      try {
        const compDir = attrString(unit, unit.root.attrs.get(DW_AT.comp_dir)) ?? '';
        const name = attrString(unit, unit.root.attrs.get(DW_AT.name)) ?? '';
        table = readLineTable(this.sections.line, off, this.sections, compDir, name);
      } catch (e) {
        this.warnings.push(`.debug_line at 0x${off.toString(16)}: ${(e as Error).message}; no line info for that unit`);
      }
    }
    this.lineTables.set(unit, table);
    return table;
  }

  private arangeSets: ArangeSet[] | undefined;

  /** The unit whose code holds `pc`, from .debug_aranges (or unit ranges when that section is absent). */
  unitAt(pc: number): Unit | undefined {
    this.arangeSets ??= readAranges(this.sections.aranges, (m) => this.warnings.push(m));
    for (const set of this.arangeSets) {
      if (inRanges(set.ranges, pc)) return this.units.find((u) => u.offset === set.unitOffset);
    }
    for (const u of this.units) {
      try {
        if (inRanges(dieRanges(u.root), pc)) return u;
      } catch {
        // a unit with unreadable ranges covers nothing
      }
    }
    return undefined;
  }

  /** The concrete function whose code holds `pc`. */
  functionAt(pc: number): Scope | undefined {
    let lo = 0;
    let hi = this.fnIndex.length - 1;
    let found: Scope | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const e = this.fnIndex[mid];
      if (e.start <= pc) {
        if (pc < e.end) found = e.fn;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found) return found;
    // Ranges may nest (a nested function inside another's range): linear fallback.
    for (const e of this.fnIndex) if (pc >= e.start && pc < e.end) return e.fn;
    return undefined;
  }

  /** The ELF symbol at or before `addr` (for `<sym+off>`); functions and objects only. */
  symbolAt(addr: number, kinds: ReadonlyArray<ElfSymbol['kind']> = ['function', 'object', 'notype']): { symbol: ElfSymbol; offset: number } | undefined {
    for (let i = this.lastSymbolAtOrBefore(addr); i >= 0; i--) {
      const s = this.addressSymbols[i];
      if (!kinds.includes(s.kind)) continue;
      return { symbol: s, offset: addr - s.value };
    }
    return undefined;
  }

  /** Index in `addressSymbols` of the last symbol at or before `addr` (-1 if none). */
  private lastSymbolAtOrBefore(addr: number): number {
    let lo = 0;
    let hi = this.addressSymbols.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.addressSymbols[mid].value <= addr) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  }

  /**
   * `sym` or `sym+off` for an address as gdb's `print` shows it (minimal
   * symbols: only inside an allocated section, only within a sized symbol,
   * else the nearest zero-sized label before it).
   */
  symbolize(addr: number): string | undefined {
    const sec = this.elf.sections.findIndex((s) => (s.flags & 2) !== 0 && s.size > 0 && addr >= s.addr && addr < s.addr + s.size);
    if (sec < 0) return undefined;
    let zeroSized: ElfSymbol | undefined;
    let pick: ElfSymbol | undefined;
    for (let i = this.lastSymbolAtOrBefore(addr); i >= 0; i--) {
      const s = this.addressSymbols[i];
      if (s.sectionIndex !== sec) continue;
      if (s.size === 0) {
        zeroSized ??= s;
        continue;
      }
      pick = addr < s.value + s.size ? s : zeroSized;
      break;
    }
    pick ??= zeroSized;
    // Code: the DWARF function wins unless the ELF symbol is closer (gdb's build_address_symbolic).
    const fn = this.functionAt(addr);
    if (fn && fn.kind === 'function' && (!pick || pick.value <= fn.ranges[0].start)) {
      const off = addr - fn.ranges[0].start;
      return off === 0 ? fn.name : `${fn.name}+${off}`;
    }
    if (!pick) return undefined;
    const off = addr - pick.value;
    return off === 0 ? pick.name : `${pick.name}+${off}`;
  }

  symbolNamed(name: string): ElfSymbol | undefined {
    return this.elf.symbols.find((s) => s.name === name && (s.kind === 'function' || s.kind === 'object'));
  }
}
