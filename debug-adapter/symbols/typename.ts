// C spelling of types as gdb prints them: declarators built inside-out
// ("int (*)(const struct shape *)", "char [8]"), and `ptype`'s expanded form
// with struct/union/enum bodies.
import { CType, resolved } from './types';

function leafName(t: CType): string {
  switch (t.kind) {
    case 'void': return 'void';
    case 'base': return t.name;
    case 'typedef': return t.name;
    case 'struct':
    case 'union': return t.name ? `${t.kind} ${t.name}` : `${t.kind} {...}`;
    case 'enum': return t.name ? `enum ${t.name}` : 'enum {...}';
    case 'unknown': return t.name;
    default: return '?';
  }
}

function join(base: string, inner: string): string {
  if (inner === '') return base;
  return `${base} ${inner}`;
}

function paramList(t: Extract<CType, { kind: 'function' }>): string {
  const ps = t.params.map((p) => typeName(p, ''));
  if (t.varargs) ps.push('...');
  if (ps.length === 0) return t.prototyped ? '(void)' : '()';
  return `(${ps.join(', ')})`;
}

/**
 * The C declaration of `t` around declarator `inner` (a variable name, or ''
 * for an abstract type name). `expandLeaf` may replace the innermost named
 * type (ptype uses it to print struct bodies).
 */
export function typeName(t: CType, inner = '', expandLeaf?: (t: CType) => string | undefined, depth = 0): string {
  if (depth > 64) return join('...', inner);
  switch (t.kind) {
    case 'pointer': {
      const tgt = t.target;
      let bare = tgt;
      while (bare.kind === 'qualified') bare = bare.target;
      const needParens = bare.kind === 'array' || bare.kind === 'function';
      const star = inner.startsWith('const') || inner.startsWith('volatile') || inner.startsWith('restrict') ? `* ${inner}` : `*${inner}`;
      return typeName(tgt, needParens ? `(${star})` : star, expandLeaf, depth + 1);
    }
    case 'array':
      return typeName(t.element, `${inner}[${t.count ?? ''}]`, expandLeaf, depth + 1);
    case 'function':
      return typeName(t.returns, `${inner}${paramList(t)}`, expandLeaf, depth + 1);
    case 'qualified': {
      // A qualified array is an array of qualified elements: "const char [14]".
      if (t.target.kind === 'array') {
        const el = t.target.element;
        const already = el.kind === 'qualified' && el.qualifier === t.qualifier;
        const element: CType = already ? el : { kind: 'qualified', qualifier: t.qualifier, target: el };
        return typeName({ kind: 'array', element, count: t.target.count }, inner, expandLeaf, depth + 1);
      }
      if (t.target.kind === 'pointer') return typeName(t.target, inner === '' ? t.qualifier : `${t.qualifier} ${inner}`, expandLeaf, depth + 1);
      // Collect a run of qualifiers on a leaf: "const volatile int".
      const quals: string[] = [t.qualifier];
      let cur: CType = t.target;
      while (cur.kind === 'qualified' && cur.target.kind !== 'pointer') {
        quals.push(cur.qualifier);
        cur = cur.target;
      }
      if (cur.kind === 'array' || cur.kind === 'function' || cur.kind === 'qualified') return typeName(cur, inner, expandLeaf, depth + 1);
      const leaf = expandLeaf?.(cur) ?? leafName(cur);
      return join(`${quals.join(' ')} ${leaf}`, inner);
    }
    default:
      return join(expandLeaf?.(t) ?? leafName(t), inner);
  }
}

function enumBody(t: Extract<CType, { kind: 'enum' }>): string {
  let next = 0;
  const parts = t.enumerators.map((e) => {
    const s = e.value === next ? e.name : `${e.name} = ${e.value}`;
    next = e.value + 1;
    return s;
  });
  return `${leafName(t).replace(' {...}', '')} {${parts.join(', ')}}`;
}

function structBody(t: Extract<CType, { kind: 'struct' | 'union' }>, indent: string, depth: number): string {
  if (t.incomplete) return `${t.kind} ${t.name ?? ''} {\n${indent}    <incomplete type>\n${indent}}`;
  const head = t.name ? `${t.kind} ${t.name} {` : `${t.kind} {`;
  const lines = t.members.map((m) => {
    const anonymous = (x: CType): string | undefined => {
      const r = x;
      if ((r.kind === 'struct' || r.kind === 'union') && !r.name && depth < 8) return structBody(r, indent + '    ', depth + 1);
      if (r.kind === 'enum' && !r.name) return enumBody(r);
      return undefined;
    };
    const decl = typeName(m.type, m.name ?? '', anonymous);
    return `${indent}    ${decl}${m.bitSize !== undefined ? ` : ${m.bitSize}` : ''};`;
  });
  return `${head}\n${lines.join('\n')}${lines.length ? '\n' : ''}${indent}}`;
}

/** What gdb's `ptype` prints after "type = ". */
export function ptype(t: CType): string {
  let top = t;
  while (top.kind === 'typedef') top = top.target;
  let expanded = false;
  return typeName(top, '', (leaf) => {
    if (expanded) return undefined;
    let l = leaf;
    while (l.kind === 'typedef' && leaf === top) l = l.target;
    if (l.kind === 'struct' || l.kind === 'union') {
      expanded = true;
      return structBody(l, '', 0);
    }
    if (l.kind === 'enum') {
      expanded = true;
      return enumBody(l);
    }
    return undefined;
  });
}

/** What gdb's `whatis` prints (the type's name, one typedef level kept). */
export function whatis(t: CType): string {
  return typeName(t);
}

export function isCharType(t: CType): boolean {
  const r = resolved(t);
  return r.kind === 'base' && r.size === 1 && (r.encoding === 'signed_char' || r.encoding === 'unsigned_char');
}
