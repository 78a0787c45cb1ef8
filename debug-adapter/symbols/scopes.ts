// The program's code scopes from .debug_info: concrete functions, their
// inlined subroutines (with call-site file/line) and lexical blocks, each with
// its address ranges and the variables declared directly in it. Abstract
// instances are reached through DW_AT_abstract_origin / DW_AT_specification.
import { DW_AT as DW_AT_, DW_TAG as DW_TAG_ } from './constants';
import { Die, Unit, attrConst, attrRef, attrString } from './info';
import { LineTable } from './line';
import { Range, dieRanges, inRanges } from './ranges';

// Local aliases keep constant lookups off the module-export accessors in hot loops.
const DW_AT = DW_AT_;
const DW_TAG = DW_TAG_;

export type ScopeKind = 'function' | 'inlined' | 'block';

export interface Scope {
  kind: ScopeKind;
  die: Die;
  name: string;
  ranges: Range[];
  children: Scope[];
  parent: Scope | undefined;
  /** DW_TAG_variable / DW_TAG_formal_parameter DIEs directly inside this scope. */
  variables: Die[];
  /** For inlined subroutines: where the call is. */
  callFile?: string;
  callLine?: number;
  callColumn?: number;
}

export interface Resolver {
  dieAt(offset: number): Die | undefined;
  lineTableOf(unit: Unit): LineTable | undefined;
}

/** Follows abstract_origin / specification links (bounded) to find an attribute. */
export function inheritedAttr(r: Resolver, die: Die, at: number): { die: Die; attr: NonNullable<ReturnType<Die['attrs']['get']>> } | undefined {
  let d: Die | undefined = die;
  for (let hops = 0; d && hops < 8; hops++) {
    const a = d.attrs.get(at);
    if (a) return { die: d, attr: a };
    const next: number | undefined = attrRef(d.attrs.get(DW_AT.abstract_origin)) ?? attrRef(d.attrs.get(DW_AT.specification));
    d = next === undefined ? undefined : r.dieAt(next);
  }
  return undefined;
}

export function dieName(r: Resolver, die: Die): string | undefined {
  const found = inheritedAttr(r, die, DW_AT.name);
  return found ? attrString(found.die.unit, found.attr) : undefined;
}

/** The DIE that carries a DIE's declaration (its abstract origin, if any). */
export function originOf(r: Resolver, die: Die): Die {
  let d = die;
  for (let hops = 0; hops < 8; hops++) {
    const next = attrRef(d.attrs.get(DW_AT.abstract_origin));
    const nd = next === undefined ? undefined : r.dieAt(next);
    if (!nd) break;
    d = nd;
  }
  return d;
}

export function fileName(r: Resolver, unit: Unit, index: number | undefined): string | undefined {
  if (index === undefined) return undefined;
  return r.lineTableOf(unit)?.files[index];
}

const MAX_SCOPE_DEPTH = 256;

function buildScope(r: Resolver, die: Die, kind: ScopeKind, parent: Scope | undefined, depth: number, warn: (m: string) => void): Scope {
  let ranges: Range[] = [];
  try {
    ranges = dieRanges(die);
  } catch (e) {
    warn(`ranges of DIE 0x${die.offset.toString(16)}: ${(e as Error).message}`);
  }
  const scope: Scope = { kind, die, name: kind === 'block' ? '' : dieName(r, die) ?? '??', ranges, children: [], parent, variables: [] };
  if (kind === 'inlined') {
    scope.callFile = fileName(r, die.unit, attrConst(die.attrs.get(DW_AT.call_file)));
    scope.callLine = attrConst(die.attrs.get(DW_AT.call_line));
    scope.callColumn = attrConst(die.attrs.get(DW_AT.call_column));
  }
  collect(r, die, scope, depth, warn);
  inheritAbstract(r, die, scope);
  return scope;
}

/**
 * Variables the abstract instance declares but the concrete one does not
 * mention (a static local, an optimized-away parameter) still belong to the
 * scope, after the concrete ones (gdb's inherit_abstract_dies).
 */
function inheritAbstract(r: Resolver, die: Die, scope: Scope): void {
  const originRef = attrRef(die.attrs.get(DW_AT.abstract_origin));
  const origin = originRef === undefined ? undefined : r.dieAt(originRef);
  if (!origin) return;
  const referenced = new Set<number>();
  const mark = (d: Die, depth: number): void => {
    for (const c of d.children) {
      const o = attrRef(c.attrs.get(DW_AT.abstract_origin));
      if (o !== undefined) referenced.add(o);
      if (depth < 64 && c.tag === DW_TAG.lexical_block) mark(c, depth + 1);
    }
  };
  mark(die, 0);
  for (const c of origin.children) {
    if ((c.tag === DW_TAG.variable || c.tag === DW_TAG.formal_parameter) && !referenced.has(c.offset)) scope.variables.push(c);
  }
}

function collect(r: Resolver, die: Die, scope: Scope, depth: number, warn: (m: string) => void): void {
  for (const c of die.children) {
    switch (c.tag) {
      case DW_TAG.variable:
      case DW_TAG.formal_parameter:
        scope.variables.push(c);
        break;
      case DW_TAG.inlined_subroutine:
        if (depth < MAX_SCOPE_DEPTH) scope.children.push(buildScope(r, c, 'inlined', scope, depth + 1, warn));
        break;
      case DW_TAG.lexical_block:
        if (depth < MAX_SCOPE_DEPTH) {
          const b = buildScope(r, c, 'block', scope, depth + 1, warn);
          // A block without its own ranges only groups declarations: fold it into the parent.
          if (b.ranges.length === 0) {
            scope.variables.push(...b.variables);
            scope.children.push(...b.children.map((x) => ({ ...x, parent: scope })));
          } else scope.children.push(b);
        }
        break;
      default:
        break;
    }
  }
}

/** Every concrete function (a subprogram with code) of the unit, nested ones included. */
export function unitFunctions(r: Resolver, unit: Unit, warn: (m: string) => void): Scope[] {
  const out: Scope[] = [];
  const stack: Die[] = [unit.root];
  while (stack.length) {
    const d = stack.pop() as Die;
    for (const c of d.children) {
      if (c.tag === DW_TAG.subprogram) {
        if (c.attrs.has(DW_AT.low_pc) || c.attrs.has(DW_AT.ranges)) {
          const s = buildScope(r, c, 'function', undefined, 0, warn);
          if (s.ranges.length) out.push(s);
        }
      } else if (c.tag !== DW_TAG.inlined_subroutine && c.tag !== DW_TAG.lexical_block && c.children.length) stack.push(c);
    }
  }
  return out;
}

/** The chain of scopes containing `pc`, innermost first, ending with the function. */
export function scopeChain(fn: Scope, pc: number): Scope[] {
  const chain: Scope[] = [fn];
  let cur = fn;
  for (;;) {
    const next = cur.children.find((c) => inRanges(c.ranges, pc));
    if (!next) break;
    chain.push(next);
    cur = next;
  }
  return chain.reverse();
}
