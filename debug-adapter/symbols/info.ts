// .debug_info reader (DWARF 4 and 5, section 7.5): unit headers, the DIE tree
// and every attribute form GCC and clang emit, with strx/addrx/rnglistx/
// loclistx resolved through the unit's bases. A unit that fails to parse is
// dropped with a warning; the other units still load.
import { AbbrevAttr, abbrevTableAt } from './abbrev';
import { DW_AT as AT_, DW_FORM as FORM_, DW_UT as UT_ } from './constants';

// Local aliases: property reads on an imported binding can cost an accessor call per read in the hot loop.
const DW_AT = AT_;
const DW_FORM = FORM_;
const DW_UT = UT_;
import { ByteReader, SymbolsError, stringAt } from './reader';

const EMPTY = new Uint8Array(0);

export interface DwarfSections {
  info: Uint8Array;
  abbrev: Uint8Array;
  str: Uint8Array;
  lineStr: Uint8Array;
  strOffsets: Uint8Array;
  addr: Uint8Array;
  line: Uint8Array;
  rnglists: Uint8Array;
  ranges: Uint8Array;
  loclists: Uint8Array;
  loc: Uint8Array;
  aranges: Uint8Array;
  frame: Uint8Array;
}

export function dwarfSections(get: (name: string) => Uint8Array | undefined): DwarfSections {
  return {
    info: get('.debug_info') ?? EMPTY,
    abbrev: get('.debug_abbrev') ?? EMPTY,
    str: get('.debug_str') ?? EMPTY,
    lineStr: get('.debug_line_str') ?? EMPTY,
    strOffsets: get('.debug_str_offsets') ?? EMPTY,
    addr: get('.debug_addr') ?? EMPTY,
    line: get('.debug_line') ?? EMPTY,
    rnglists: get('.debug_rnglists') ?? EMPTY,
    ranges: get('.debug_ranges') ?? EMPTY,
    loclists: get('.debug_loclists') ?? EMPTY,
    loc: get('.debug_loc') ?? EMPTY,
    aranges: get('.debug_aranges') ?? EMPTY,
    frame: get('.debug_frame') ?? EMPTY,
  };
}

/** Raw attribute value: numbers for constants/addresses/offsets, absolute .debug_info offsets for refs. */
export type AttrRaw = number | bigint | string | Uint8Array;

export interface Attr {
  form: number;
  raw: AttrRaw;
}

/**
 * A DIE's attributes: the abbreviation's (attribute, form) list shared by
 * every DIE using it, and this DIE's values in the same order. Cheaper than a
 * Map per DIE, and DIEs have few attributes.
 */
export class DieAttrs {
  constructor(
    private readonly spec: readonly AbbrevAttr[],
    private readonly values: readonly Attr[],
  ) {}

  get(at: number): Attr | undefined {
    const spec = this.spec;
    for (let i = 0; i < spec.length; i++) if (spec[i].at === at) return this.values[i];
    return undefined;
  }

  has(at: number): boolean {
    return this.get(at) !== undefined;
  }
}

export interface Die {
  offset: number;
  tag: number;
  attrs: DieAttrs;
  children: Die[];
  parent: Die | undefined;
  unit: Unit;
}

export interface Unit {
  offset: number;
  version: number;
  unitType: number;
  addrSize: number;
  offsetSize: number;
  end: number;
  root: Die;
  sections: DwarfSections;
  strOffsetsBase: number;
  addrBase: number;
  rnglistsBase: number;
  loclistsBase: number;
  /** Base address for range and location lists (DW_AT_low_pc of the unit). */
  baseAddress: number;
}

const REF_FORMS = new Set<number>([DW_FORM.ref1, DW_FORM.ref2, DW_FORM.ref4, DW_FORM.ref8, DW_FORM.ref_udata, DW_FORM.ref_addr]);
const STRX_FORMS = new Set<number>([DW_FORM.strx, DW_FORM.strx1, DW_FORM.strx2, DW_FORM.strx3, DW_FORM.strx4, DW_FORM.GNU_str_index]);
const ADDRX_FORMS = new Set<number>([DW_FORM.addrx, DW_FORM.addrx1, DW_FORM.addrx2, DW_FORM.addrx3, DW_FORM.addrx4, DW_FORM.GNU_addr_index]);
const SIGNED_FORMS = new Set<number>([DW_FORM.sdata, DW_FORM.implicit_const]);
const STRING_FORMS = new Set<number>([DW_FORM.string, DW_FORM.strp, DW_FORM.line_strp, DW_FORM.strp_sup, DW_FORM.GNU_strp_alt]);

interface UnitHeader {
  offset: number;
  version: number;
  unitType: number;
  addrSize: number;
  offsetSize: number;
  abbrevOffset: number;
  dieStart: number;
  end: number;
}

function readUnitHeader(r: ByteReader): UnitHeader {
  const offset = r.pos;
  let length = r.u32();
  let offsetSize = 4;
  if (length === 0xffffffff) {
    length = r.u64();
    offsetSize = 8;
  } else if (length >= 0xfffffff0) {
    throw new SymbolsError(`unit at 0x${offset.toString(16)}: reserved length 0x${length.toString(16)}`);
  }
  const end = r.pos + length;
  if (end > r.end) throw new SymbolsError(`unit at 0x${offset.toString(16)}: length runs past the end of .debug_info`);
  const version = r.u16();
  let unitType: number = DW_UT.compile;
  let addrSize: number;
  let abbrevOffset: number;
  if (version >= 5) {
    unitType = r.u8();
    addrSize = r.u8();
    abbrevOffset = offsetSize === 8 ? r.u64() : r.u32();
    if (unitType === DW_UT.skeleton || unitType === DW_UT.split_compile) r.skip(8);
    else if (unitType === DW_UT.type || unitType === DW_UT.split_type) r.skip(8 + offsetSize);
  } else if (version >= 2) {
    abbrevOffset = offsetSize === 8 ? r.u64() : r.u32();
    addrSize = r.u8();
  } else {
    throw new SymbolsError(`unit at 0x${offset.toString(16)}: unsupported DWARF version ${version}`);
  }
  if (version > 5) throw new SymbolsError(`unit at 0x${offset.toString(16)}: unsupported DWARF version ${version}`);
  if (addrSize !== 4 && addrSize !== 8 && addrSize !== 2) throw new SymbolsError(`unit at 0x${offset.toString(16)}: unsupported address size ${addrSize}`);
  return { offset, version, unitType, addrSize, offsetSize, abbrevOffset, dieStart: r.pos, end };
}

function readOffset(r: ByteReader, h: UnitHeader): number {
  return h.offsetSize === 8 ? r.u64() : r.u32();
}

function readForm(r: ByteReader, form: number, h: UnitHeader, s: DwarfSections, implicitConst: number | undefined): Attr {
  switch (form) {
    case DW_FORM.addr: return { form, raw: r.unsigned(h.addrSize) };
    case DW_FORM.block1: return { form, raw: r.bytesN(r.u8()) };
    case DW_FORM.block2: return { form, raw: r.bytesN(r.u16()) };
    case DW_FORM.block4: return { form, raw: r.bytesN(r.u32()) };
    case DW_FORM.block:
    case DW_FORM.exprloc: return { form, raw: r.bytesN(r.uleb()) };
    case DW_FORM.data1: return { form, raw: r.u8() };
    case DW_FORM.data2: return { form, raw: r.u16() };
    case DW_FORM.data4: return { form, raw: r.u32() };
    case DW_FORM.data8: {
      const v = r.u64big();
      return { form, raw: v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v };
    }
    case DW_FORM.data16: return { form, raw: r.bytesN(16) };
    case DW_FORM.sdata: return { form, raw: r.sleb() };
    case DW_FORM.udata: return { form, raw: r.uleb() };
    // Strings are decoded when asked for (attrString): most are never read.
    case DW_FORM.string: {
      const at = r.pos;
      r.skipCString();
      return { form, raw: at };
    }
    case DW_FORM.strp:
    case DW_FORM.line_strp: return { form, raw: readOffset(r, h) };
    case DW_FORM.strp_sup:
    case DW_FORM.GNU_strp_alt: readOffset(r, h); return { form, raw: '<string in supplementary file>' };
    case DW_FORM.flag: return { form, raw: r.u8() };
    case DW_FORM.flag_present: return { form, raw: 1 };
    case DW_FORM.ref1: return { form, raw: h.offset + r.u8() };
    case DW_FORM.ref2: return { form, raw: h.offset + r.u16() };
    case DW_FORM.ref4: return { form, raw: h.offset + r.u32() };
    case DW_FORM.ref8: return { form, raw: h.offset + r.u64() };
    case DW_FORM.ref_udata: return { form, raw: h.offset + r.uleb() };
    case DW_FORM.ref_addr: return { form, raw: h.version <= 2 ? r.unsigned(h.addrSize) : readOffset(r, h) };
    case DW_FORM.ref_sig8: return { form, raw: r.u64big() };
    case DW_FORM.ref_sup4: return { form, raw: r.u32() };
    case DW_FORM.ref_sup8: return { form, raw: r.u64() };
    case DW_FORM.GNU_ref_alt: return { form, raw: readOffset(r, h) };
    case DW_FORM.sec_offset: return { form, raw: readOffset(r, h) };
    case DW_FORM.implicit_const: return { form, raw: implicitConst ?? 0 };
    case DW_FORM.strx:
    case DW_FORM.addrx:
    case DW_FORM.loclistx:
    case DW_FORM.rnglistx:
    case DW_FORM.GNU_addr_index:
    case DW_FORM.GNU_str_index: return { form, raw: r.uleb() };
    case DW_FORM.strx1:
    case DW_FORM.addrx1: return { form, raw: r.u8() };
    case DW_FORM.strx2:
    case DW_FORM.addrx2: return { form, raw: r.u16() };
    case DW_FORM.strx3:
    case DW_FORM.addrx3: return { form, raw: r.u24() };
    case DW_FORM.strx4:
    case DW_FORM.addrx4: return { form, raw: r.u32() };
    case DW_FORM.indirect: {
      const actual = r.uleb();
      if (actual === DW_FORM.indirect) throw new SymbolsError('DW_FORM_indirect pointing at itself');
      return readForm(r, actual, h, s, implicitConst);
    }
    default:
      throw new SymbolsError(`unsupported attribute form 0x${form.toString(16)}`);
  }
}

const MAX_DEPTH = 4096;

function readUnit(s: DwarfSections, r: ByteReader, h: UnitHeader): Unit {
  const abbrevs = abbrevTableAt(s.abbrev, h.abbrevOffset);
  const unit = { ...h, sections: s, strOffsetsBase: 0, addrBase: 0, rnglistsBase: 0, loclistsBase: 0, baseAddress: 0 } as Unit & UnitHeader;
  r.seek(h.dieStart);
  const stack: Die[] = [];
  let root: Die | undefined;
  while (r.pos < h.end) {
    const offset = r.pos;
    const code = r.uleb();
    if (code === 0) {
      stack.pop();
      if (stack.length === 0) break;
      continue;
    }
    const ab = abbrevs.get(code);
    if (!ab) throw new SymbolsError(`DIE at 0x${offset.toString(16)}: unknown abbreviation code ${code}`);
    const values: Attr[] = new Array(ab.attrs.length);
    for (let i = 0; i < ab.attrs.length; i++) {
      const a = ab.attrs[i];
      values[i] = readForm(r, a.form, h, s, a.implicitConst);
    }
    const attrs = new DieAttrs(ab.attrs, values);
    const parent = stack.length > 0 ? stack[stack.length - 1] : undefined;
    const die: Die = { offset, tag: ab.tag, attrs, children: [], parent, unit };
    if (parent) parent.children.push(die);
    else if (!root) root = die;
    else break; // a second top-level DIE: the unit has only one root
    if (ab.hasChildren) {
      if (stack.length >= MAX_DEPTH) throw new SymbolsError(`DIE at 0x${offset.toString(16)}: nesting deeper than ${MAX_DEPTH}`);
      stack.push(die);
    } else if (!parent) break;
  }
  if (!root) throw new SymbolsError(`unit at 0x${h.offset.toString(16)} has no DIEs`);
  unit.root = root;
  const num = (at: number): number | undefined => {
    const v = root.attrs.get(at)?.raw;
    return typeof v === 'number' ? v : undefined;
  };
  unit.strOffsetsBase = num(DW_AT.str_offsets_base) ?? (h.version >= 5 ? 8 : 0);
  unit.addrBase = num(DW_AT.addr_base) ?? num(DW_AT.GNU_addr_base) ?? (h.version >= 5 ? 8 : 0);
  unit.rnglistsBase = num(DW_AT.rnglists_base) ?? 0;
  unit.loclistsBase = num(DW_AT.loclists_base) ?? 0;
  const low = root.attrs.get(DW_AT.low_pc);
  if (low) unit.baseAddress = attrAddress(unit, low) ?? 0;
  return unit;
}

export interface InfoResult {
  units: Unit[];
  dieAt: (offset: number) => Die | undefined;
}

/** Reads every unit of .debug_info; bad units are reported through `warn` and skipped. */
export function readInfo(s: DwarfSections, warn: (msg: string) => void): InfoResult {
  const units: Unit[] = [];
  const r = new ByteReader(s.info);
  while (r.pos < r.end) {
    let h: UnitHeader;
    try {
      h = readUnitHeader(r);
    } catch (e) {
      warn(`.debug_info: ${(e as Error).message}; the remaining units are skipped`);
      break;
    }
    try {
      const unit = readUnit(s, new ByteReader(s.info, 0, h.end), h);
      if (h.unitType === DW_UT.compile || h.unitType === DW_UT.partial || h.unitType === DW_UT.skeleton) units.push(unit);
    } catch (e) {
      warn(`.debug_info unit at 0x${h.offset.toString(16)}: ${(e as Error).message}; unit skipped`);
    }
    r.seek(h.end);
  }
  let index: Map<number, Die> | undefined;
  const dieAt = (offset: number): Die | undefined => {
    if (!index) {
      index = new Map();
      for (const u of units) {
        const stack = [u.root];
        while (stack.length) {
          const d = stack.pop() as Die;
          index.set(d.offset, d);
          for (const c of d.children) stack.push(c);
        }
      }
    }
    return index.get(offset);
  };
  return { units, dieAt };
}

// ---- attribute accessors: resolve a form to the value its class means ----

function indexed(section: Uint8Array, base: number, index: number, size: number): number {
  const r = new ByteReader(section);
  r.seek(base + index * size);
  return r.unsigned(size);
}

/** The string an attribute holds; undefined when absent or when its offset is bad (corrupt input). */
export function attrString(unit: Unit, a: Attr | undefined): string | undefined {
  try {
    return attrStringOrThrow(unit, a);
  } catch {
    return undefined;
  }
}

function attrStringOrThrow(unit: Unit, a: Attr | undefined): string | undefined {
  if (!a) return undefined;
  if (typeof a.raw === 'string') return a.raw;
  if (typeof a.raw === 'number') {
    if (a.form === DW_FORM.string) return stringAt(unit.sections.info, a.raw);
    if (a.form === DW_FORM.strp) return stringAt(unit.sections.str, a.raw);
    if (a.form === DW_FORM.line_strp) return stringAt(unit.sections.lineStr, a.raw);
  }
  if (STRX_FORMS.has(a.form) && typeof a.raw === 'number') {
    const off = indexed(unit.sections.strOffsets, unit.strOffsetsBase, a.raw, unit.offsetSize);
    return stringAt(unit.sections.str, off);
  }
  return undefined;
}

/** Entry `index` of the unit's .debug_addr table (addrx forms, DW_LLE/DW_RLE *x entries). */
export function addressAtIndex(unit: Unit, index: number): number {
  return indexed(unit.sections.addr, unit.addrBase, index, unit.addrSize);
}

export function attrAddress(unit: Unit, a: Attr | undefined): number | undefined {
  if (!a) return undefined;
  if (ADDRX_FORMS.has(a.form) && typeof a.raw === 'number') return addressAtIndex(unit, a.raw);
  if (a.form === DW_FORM.addr && typeof a.raw === 'number') return a.raw;
  return undefined;
}

/** Constant class value; signed forms keep their sign, dataN are unsigned. */
export function attrConst(a: Attr | undefined): number | undefined {
  if (!a) return undefined;
  if (typeof a.raw === 'number' && !REF_FORMS.has(a.form) && !STRX_FORMS.has(a.form) && !ADDRX_FORMS.has(a.form) && !STRING_FORMS.has(a.form)) return a.raw;
  if (typeof a.raw === 'bigint') return Number(a.raw);
  return undefined;
}

export function isSignedForm(a: Attr): boolean {
  return SIGNED_FORMS.has(a.form);
}

export function attrRef(a: Attr | undefined): number | undefined {
  if (!a || !REF_FORMS.has(a.form) || typeof a.raw !== 'number') return undefined;
  return a.raw;
}

export function attrBlock(a: Attr | undefined): Uint8Array | undefined {
  return a && a.raw instanceof Uint8Array ? a.raw : undefined;
}

/** Offset of a range list in .debug_rnglists/.debug_ranges, with rnglistx resolved. */
export function rangesOffset(unit: Unit, a: Attr): number | undefined {
  if (typeof a.raw !== 'number') return undefined;
  if (a.form === DW_FORM.rnglistx) return unit.rnglistsBase + indexed(unit.sections.rnglists, unit.rnglistsBase, a.raw, unit.offsetSize);
  return a.raw;
}

export function loclistOffset(unit: Unit, a: Attr): number | undefined {
  if (typeof a.raw !== 'number') return undefined;
  if (a.form === DW_FORM.loclistx) return unit.loclistsBase + indexed(unit.sections.loclists, unit.loclistsBase, a.raw, unit.offsetSize);
  return a.raw;
}

export function isLocList(a: Attr): boolean {
  return a.form === DW_FORM.sec_offset || a.form === DW_FORM.loclistx || ((a.form === DW_FORM.data4 || a.form === DW_FORM.data8) && !(a.raw instanceof Uint8Array));
}
