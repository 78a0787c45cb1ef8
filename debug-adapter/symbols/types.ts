// C types from .debug_info (DWARF 5 section 5): base, pointer, qualifiers,
// typedef, struct/union with bitfield members, arrays with bounds, enums and
// function types, plus their C spelling as gdb's `ptype`/`whatis` print it.
import { DW_AT as DW_AT_, DW_ATE as DW_ATE_, DW_TAG as DW_TAG_ } from './constants';
import { Die, attrBlock, attrConst, attrRef, attrString, isSignedForm } from './info';
import { Resolver, dieName } from './scopes';

// Local aliases keep constant lookups off the module-export accessors in hot loops.
const DW_AT = DW_AT_;
const DW_ATE = DW_ATE_;
const DW_TAG = DW_TAG_;

export type BaseEncoding = 'signed' | 'unsigned' | 'float' | 'bool' | 'signed_char' | 'unsigned_char' | 'address' | 'utf' | 'complex';

export interface Member {
  name: string | undefined;
  type: CType;
  byteOffset: number;
  /** For bitfields: width and offset in bits from byteOffset*8 (little-endian numbering). */
  bitSize?: number;
  bitOffset?: number;
}

export type CType =
  | { kind: 'void' }
  | { kind: 'base'; name: string; size: number; encoding: BaseEncoding }
  | { kind: 'pointer'; size: number; target: CType }
  | { kind: 'qualified'; qualifier: 'const' | 'volatile' | 'restrict' | '_Atomic'; target: CType }
  | { kind: 'typedef'; name: string; target: CType }
  | { kind: 'struct' | 'union'; name: string | undefined; size: number; members: Member[]; incomplete: boolean }
  | { kind: 'array'; element: CType; count: number | undefined }
  | { kind: 'enum'; name: string | undefined; size: number; signed: boolean; enumerators: Array<{ name: string; value: number }> }
  | { kind: 'function'; returns: CType; params: CType[]; varargs: boolean; prototyped: boolean }
  | { kind: 'unknown'; name: string };

export const VOID: CType = { kind: 'void' };

const GDB_BASE_NAMES: Record<string, string> = {
  'short int': 'short',
  'short unsigned int': 'unsigned short',
  'long int': 'long',
  'long unsigned int': 'unsigned long',
  'long long int': 'long long',
  'long long unsigned int': 'unsigned long long',
};

/** Base type names as gdb spells them in C ("long long int" is shown as "long long"). */
export function baseTypeName(name: string): string {
  return GDB_BASE_NAMES[name] ?? name;
}

/** Strips typedefs and qualifiers. */
export function resolved(t: CType): CType {
  let cur = t;
  for (let i = 0; i < 64 && (cur.kind === 'typedef' || cur.kind === 'qualified'); i++) cur = cur.target;
  return cur;
}

export function sizeOf(t: CType): number {
  const r = resolved(t);
  switch (r.kind) {
    case 'base':
    case 'pointer':
    case 'struct':
    case 'union':
    case 'enum':
      return r.size;
    case 'array':
      return r.count === undefined ? 0 : r.count * sizeOf(r.element);
    case 'function':
      return 1;
    default:
      return 0;
  }
}

function encodingOf(ate: number | undefined, size: number): BaseEncoding {
  switch (ate) {
    case DW_ATE.signed: return 'signed';
    case DW_ATE.unsigned: return 'unsigned';
    case DW_ATE.float: return 'float';
    case DW_ATE.boolean: return 'bool';
    case DW_ATE.signed_char: return 'signed_char';
    case DW_ATE.unsigned_char: return 'unsigned_char';
    case DW_ATE.address: return 'address';
    case DW_ATE.UTF: return 'utf';
    case DW_ATE.complex_float: return 'complex';
    default: return size === 1 ? 'unsigned_char' : 'unsigned';
  }
}

/** Builds and caches CTypes per DIE; cycles (struct with a pointer to itself) are handled by caching before recursing. */
export class TypeReader {
  private readonly cache = new Map<number, CType>();

  constructor(private readonly r: Resolver, private readonly warn: (m: string) => void) {}

  /** The type named by DW_AT_type of `die` (void when absent). */
  typeOf(die: Die): CType {
    const ref = attrRef(die.attrs.get(DW_AT.type));
    if (ref === undefined) return VOID;
    return this.typeAt(ref);
  }

  typeAt(offset: number, depth = 0): CType {
    const hit = this.cache.get(offset);
    if (hit) return hit;
    const die = this.r.dieAt(offset);
    if (!die) return { kind: 'unknown', name: `<type at 0x${offset.toString(16)}>` };
    if (depth > 200) return { kind: 'unknown', name: '<type nesting too deep>' };
    try {
      return this.build(die, depth);
    } catch (e) {
      this.warn(`type at 0x${offset.toString(16)}: ${(e as Error).message}`);
      const t: CType = { kind: 'unknown', name: '<unreadable type>' };
      this.cache.set(offset, t);
      return t;
    }
  }

  private sub(die: Die, depth: number): CType {
    const ref = attrRef(die.attrs.get(DW_AT.type));
    return ref === undefined ? VOID : this.typeAt(ref, depth + 1);
  }

  private build(die: Die, depth: number): CType {
    const name = attrString(die.unit, die.attrs.get(DW_AT.name));
    const size = attrConst(die.attrs.get(DW_AT.byte_size)) ?? 0;
    const set = <T extends CType>(t: T): T => {
      this.cache.set(die.offset, t);
      return t;
    };
    switch (die.tag) {
      case DW_TAG.base_type:
        return set({ kind: 'base', name: baseTypeName(name ?? '?'), size, encoding: encodingOf(attrConst(die.attrs.get(DW_AT.encoding)), size) });
      case DW_TAG.pointer_type:
      case DW_TAG.reference_type: {
        const t = set({ kind: 'pointer', size: size || die.unit.addrSize, target: VOID as CType });
        t.target = this.sub(die, depth);
        return t;
      }
      case DW_TAG.const_type:
      case DW_TAG.volatile_type:
      case DW_TAG.restrict_type:
      case DW_TAG.atomic_type: {
        const qualifier = die.tag === DW_TAG.const_type ? 'const' : die.tag === DW_TAG.volatile_type ? 'volatile' : die.tag === DW_TAG.restrict_type ? 'restrict' : '_Atomic';
        const t = set({ kind: 'qualified', qualifier, target: VOID as CType });
        t.target = this.sub(die, depth);
        return t;
      }
      case DW_TAG.typedef: {
        const t = set({ kind: 'typedef', name: name ?? '?', target: VOID as CType });
        t.target = this.sub(die, depth);
        return t;
      }
      case DW_TAG.structure_type:
      case DW_TAG.union_type: {
        const t = set({ kind: die.tag === DW_TAG.union_type ? 'union' : 'struct', name, size, members: [] as Member[], incomplete: die.attrs.has(DW_AT.declaration) });
        for (const c of die.children) {
          if (c.tag !== DW_TAG.member) continue;
          t.members.push(this.member(c, depth, size));
        }
        return t;
      }
      case DW_TAG.array_type: {
        const element = this.sub(die, depth);
        const dims: Array<number | undefined> = [];
        for (const c of die.children) {
          if (c.tag !== DW_TAG.subrange_type) continue;
          const count = attrConst(c.attrs.get(DW_AT.count));
          const upperAttr = c.attrs.get(DW_AT.upper_bound);
          const upper = upperAttr && !attrRef(upperAttr) && !attrBlock(upperAttr) ? attrConst(upperAttr) : undefined;
          const lower = attrConst(c.attrs.get(DW_AT.lower_bound)) ?? 0;
          dims.push(count ?? (upper !== undefined ? upper - lower + 1 : undefined));
        }
        if (dims.length === 0) dims.push(undefined);
        let t: CType = element;
        for (let i = dims.length - 1; i >= 0; i--) t = { kind: 'array', element: t, count: dims[i] };
        return set(t);
      }
      case DW_TAG.enumeration_type: {
        const under = this.sub(die, depth);
        const ru = resolved(under);
        const enumerators: Array<{ name: string; value: number }> = [];
        let signed = ru.kind === 'base' ? ru.encoding === 'signed' || ru.encoding === 'signed_char' : false;
        for (const c of die.children) {
          if (c.tag !== DW_TAG.enumerator) continue;
          const a = c.attrs.get(DW_AT.const_value);
          let value = attrConst(a) ?? 0;
          if (a && isSignedForm(a) && value < 0) signed = true;
          if (a && !isSignedForm(a) && signed && size > 0 && size < 8 && value >= 2 ** (size * 8 - 1)) value -= 2 ** (size * 8);
          enumerators.push({ name: attrString(c.unit, c.attrs.get(DW_AT.name)) ?? '?', value });
        }
        return set({ kind: 'enum', name, size: size || sizeOf(under) || 4, signed, enumerators });
      }
      case DW_TAG.subroutine_type:
      case DW_TAG.subprogram: {
        const t = set({ kind: 'function', returns: VOID as CType, params: [] as CType[], varargs: false as boolean, prototyped: die.attrs.has(DW_AT.prototyped) });
        t.returns = this.sub(die, depth);
        for (const c of die.children) {
          if (c.tag === DW_TAG.formal_parameter) t.params.push(this.sub(c, depth));
          else if (c.tag === DW_TAG.unspecified_parameters) t.varargs = true;
        }
        return t;
      }
      case DW_TAG.unspecified_parameters:
        return set({ kind: 'void' });
      default:
        return set({ kind: 'unknown', name: name ?? dieName(this.r, die) ?? `<tag 0x${die.tag.toString(16)}>` });
    }
  }

  private member(c: Die, depth: number, parentSize: number): Member {
    const type = this.sub(c, depth);
    const name = attrString(c.unit, c.attrs.get(DW_AT.name));
    const loc = c.attrs.get(DW_AT.data_member_location);
    let byteOffset = 0;
    if (loc) {
      const block = attrBlock(loc);
      // DWARF 2 style: DW_OP_plus_uconst N
      if (block) byteOffset = block.length >= 2 && block[0] === 0x23 ? uleb(block, 1) : 0;
      else byteOffset = attrConst(loc) ?? 0;
    }
    const bitSize = attrConst(c.attrs.get(DW_AT.bit_size));
    if (bitSize === undefined) return { name, type, byteOffset };
    const dataBitOffset = attrConst(c.attrs.get(DW_AT.data_bit_offset));
    if (dataBitOffset !== undefined) {
      return { name, type, byteOffset: 0, bitSize, bitOffset: dataBitOffset };
    }
    // DWARF 2-4 DW_AT_bit_offset counts from the most significant bit of the storage unit.
    const legacy = attrConst(c.attrs.get(DW_AT.bit_offset)) ?? 0;
    const storage = attrConst(c.attrs.get(DW_AT.byte_size)) ?? (sizeOf(type) || parentSize);
    return { name, type, byteOffset, bitSize, bitOffset: storage * 8 - legacy - bitSize };
  }
}

function uleb(b: Uint8Array, pos: number): number {
  let result = 0;
  let mul = 1;
  for (let i = pos; i < b.length; i++) {
    result += (b[i] & 0x7f) * mul;
    if ((b[i] & 0x80) === 0) break;
    mul *= 128;
  }
  return result;
}
