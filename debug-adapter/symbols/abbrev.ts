// .debug_abbrev reader (DWARF 5 section 7.5.3): each table maps an
// abbreviation code to a tag, a children flag and (attribute, form) pairs,
// including DW_FORM_implicit_const values stored in the table itself.
import { DW_FORM } from './constants';
import { ByteReader, SymbolsError } from './reader';

export interface AbbrevAttr {
  at: number;
  form: number;
  implicitConst?: number;
}

export interface Abbrev {
  code: number;
  tag: number;
  hasChildren: boolean;
  attrs: AbbrevAttr[];
}

export type AbbrevTable = Map<number, Abbrev>;

const cache = new WeakMap<Uint8Array, Map<number, AbbrevTable>>();

/** The abbreviation table at `offset` (tables are shared by units, so cached per section). */
export function abbrevTableAt(section: Uint8Array, offset: number): AbbrevTable {
  let perSection = cache.get(section);
  if (!perSection) {
    perSection = new Map();
    cache.set(section, perSection);
  }
  const hit = perSection.get(offset);
  if (hit) return hit;
  const table: AbbrevTable = new Map();
  const r = new ByteReader(section);
  r.seek(offset);
  for (;;) {
    const code = r.uleb();
    if (code === 0) break;
    const tag = r.uleb();
    const hasChildren = r.u8() !== 0;
    const attrs: AbbrevAttr[] = [];
    for (;;) {
      const at = r.uleb();
      const form = r.uleb();
      if (at === 0 && form === 0) break;
      const attr: AbbrevAttr = { at, form };
      if (form === DW_FORM.implicit_const) attr.implicitConst = r.sleb();
      attrs.push(attr);
      if (attrs.length > 10000) throw new SymbolsError(`abbreviation ${code} at 0x${offset.toString(16)} has too many attributes`);
    }
    table.set(code, { code, tag, hasChildren, attrs });
  }
  perSection.set(offset, table);
  return table;
}
