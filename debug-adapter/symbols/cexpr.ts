// Parser for the C expressions the debugger evaluates (hover, watch,
// conditional breakpoints): identifiers, $registers, literals, member
// access, indexing, unary and binary operators with C precedence, casts to
// type names, sizeof and the conditional operator.

export type TypeSpec = { base: string; pointers: number; arrays: number[] };

export type CExpr =
  | { op: 'num'; value: bigint; unsigned: boolean; long: boolean }
  | { op: 'float'; value: number; single: boolean }
  | { op: 'char'; value: number }
  | { op: 'ident'; name: string }
  | { op: 'reg'; name: string }
  | { op: 'member'; object: CExpr; name: string; arrow: boolean }
  | { op: 'index'; object: CExpr; index: CExpr }
  | { op: 'unary'; operator: string; operand: CExpr }
  | { op: 'binary'; operator: string; left: CExpr; right: CExpr }
  | { op: 'cond'; test: CExpr; then: CExpr; else: CExpr }
  | { op: 'cast'; type: TypeSpec; operand: CExpr }
  | { op: 'sizeofType'; type: TypeSpec }
  | { op: 'call'; callee: CExpr; args: CExpr[] };

export class CExprError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CExprError';
  }
}

interface Token {
  kind: 'ident' | 'num' | 'float' | 'char' | 'reg' | 'punct' | 'end';
  text: string;
  pos: number;
}

const PUNCT = ['->', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '(', ')', '[', ']', '.', '*', '&', '+', '-', '!', '~', '/', '%', '<', '>', '^', '|', '?', ':', ','];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_]/.test(src[i])) i++;
      out.push({ kind: 'ident', text: src.slice(start, i), pos: start });
    } else if (c === '$') {
      i++;
      while (i < src.length && /[A-Za-z0-9_]/.test(src[i])) i++;
      out.push({ kind: 'reg', text: src.slice(start + 1, i), pos: start });
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(0[xX][0-9a-fA-F]+|[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+\.(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+|[0-9]+)([uUlLfF]*)/.exec(src.slice(i));
      if (!m) throw new CExprError(`Invalid number "${src.slice(i, i + 10)}".`);
      i += m[0].length;
      const isFloat = !/^0[xX]/.test(m[1]) && /[.eE]/.test(m[1]);
      out.push({ kind: isFloat ? 'float' : 'num', text: m[0], pos: start });
    } else if (c === "'") {
      i++;
      let value: number;
      if (src[i] === '\\') {
        const esc = src[i + 1];
        const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, e: 27 };
        if (esc !== undefined && /[0-7]/.test(esc)) {
          const m = /^[0-7]{1,3}/.exec(src.slice(i + 1)) as RegExpExecArray;
          value = parseInt(m[0], 8);
          i += 1 + m[0].length;
        } else if (esc === 'x') {
          const m = /^[0-9a-fA-F]+/.exec(src.slice(i + 2));
          if (!m) throw new CExprError('\\x escape without hex digits');
          value = parseInt(m[0], 16) & 0xff;
          i += 2 + m[0].length;
        } else if (esc !== undefined && esc in simple) {
          value = simple[esc];
          i += 2;
        } else throw new CExprError('Unmatched single quote.');
      } else {
        if (i >= src.length) throw new CExprError('Unmatched single quote.');
        value = src.charCodeAt(i);
        i++;
      }
      if (src[i] !== "'") throw new CExprError('Unmatched single quote.');
      i++;
      out.push({ kind: 'char', text: String(value), pos: start });
    } else {
      const p = PUNCT.find((x) => src.startsWith(x, i));
      if (!p) throw new CExprError(`Invalid character '${c}' in expression.`);
      i += p.length;
      out.push({ kind: 'punct', text: p, pos: start });
    }
  }
  out.push({ kind: 'end', text: '', pos: src.length });
  return out;
}

const BINARY: Array<string[]> = [
  ['||'],
  ['&&'],
  ['|'],
  ['^'],
  ['&'],
  ['==', '!='],
  ['<', '>', '<=', '>='],
  ['<<', '>>'],
  ['+', '-'],
  ['*', '/', '%'],
];

const TYPE_WORDS = new Set(['int', 'char', 'short', 'long', 'unsigned', 'signed', 'float', 'double', 'void', '_Bool', 'struct', 'union', 'enum', 'const', 'volatile']);

/** `src` as a type name ("struct flags", "u32 *"), or undefined when it is not one. */
export function parseTypeName(src: string, isTypeName: (name: string) => boolean): TypeSpec | undefined {
  try {
    const e = parseCExpr(`sizeof(${src})`, isTypeName);
    return e.op === 'sizeofType' ? e.type : undefined;
  } catch {
    return undefined;
  }
}

/** Parses `src`; `isTypeName` says whether an identifier names a typedef (for casts). */
export function parseCExpr(src: string, isTypeName: (name: string) => boolean): CExpr {
  const toks = tokenize(src);
  let p = 0;
  const peek = (o = 0): Token => toks[Math.min(p + o, toks.length - 1)];
  const next = (): Token => toks[p++ < toks.length ? p - 1 : toks.length - 1];
  const isPunct = (t: Token, s: string): boolean => t.kind === 'punct' && t.text === s;
  const expect = (s: string): void => {
    const t = next();
    if (!isPunct(t, s)) throw new CExprError(t.kind === 'end' ? `A syntax error in expression, near \`'.` : `A syntax error in expression, near \`${src.slice(t.pos)}'.`);
  };
  const startsType = (t: Token): boolean => t.kind === 'ident' && (TYPE_WORDS.has(t.text) || isTypeName(t.text));

  const typeSpec = (): TypeSpec => {
    const words: string[] = [];
    while (peek().kind === 'ident' && (TYPE_WORDS.has(peek().text) || (words.length === 0 && isTypeName(peek().text)) || /^(struct|union|enum)$/.test(words[words.length - 1] ?? ''))) {
      const w = next().text;
      if (w === 'const' || w === 'volatile') continue;
      words.push(w);
    }
    if (words.length === 0) throw new CExprError('A syntax error in expression: expected a type name.');
    let pointers = 0;
    while (isPunct(peek(), '*') || (peek().kind === 'ident' && (peek().text === 'const' || peek().text === 'volatile'))) {
      if (next().text === '*') pointers++;
    }
    const arrays: number[] = [];
    while (isPunct(peek(), '[')) {
      next();
      const n = next();
      if (n.kind !== 'num') throw new CExprError('array size in a cast must be a number');
      arrays.push(Number(BigInt(n.text.replace(/[uUlL]+$/, ''))));
      expect(']');
    }
    return { base: words.join(' '), pointers, arrays };
  };

  const primary = (): CExpr => {
    const t = next();
    switch (t.kind) {
      case 'num': {
        const suffix = /[uUlL]*$/.exec(t.text)?.[0] ?? '';
        const digits = t.text.slice(0, t.text.length - suffix.length);
        const value = /^0[0-7]+$/.test(digits) ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
        return { op: 'num', value, unsigned: /u/i.test(suffix), long: /ll/i.test(suffix) };
      }
      case 'float': return { op: 'float', value: parseFloat(t.text), single: /f$/i.test(t.text) };
      case 'char': return { op: 'char', value: Number(t.text) };
      case 'reg': return { op: 'reg', name: t.text };
      case 'ident': return { op: 'ident', name: t.text };
      case 'punct':
        if (t.text === '(') {
          const e = expression();
          expect(')');
          return e;
        }
        break;
      default:
        break;
    }
    throw new CExprError(t.kind === 'end' ? `A syntax error in expression, near \`'.` : `A syntax error in expression, near \`${src.slice(t.pos)}'.`);
  };

  const postfix = (): CExpr => {
    let e = primary();
    for (;;) {
      const t = peek();
      if (isPunct(t, '.') || isPunct(t, '->')) {
        next();
        const name = next();
        if (name.kind !== 'ident') throw new CExprError('A syntax error in expression: member name expected.');
        e = { op: 'member', object: e, name: name.text, arrow: t.text === '->' };
      } else if (isPunct(t, '[')) {
        next();
        const index = expression();
        expect(']');
        e = { op: 'index', object: e, index };
      } else if (isPunct(t, '(')) {
        next();
        const args: CExpr[] = [];
        if (!isPunct(peek(), ')')) {
          do args.push(conditional());
          while (isPunct(peek(), ',') && next());
        }
        expect(')');
        e = { op: 'call', callee: e, args };
      } else return e;
    }
  };

  const unary = (): CExpr => {
    const t = peek();
    if (t.kind === 'punct' && ['-', '+', '!', '~', '*', '&'].includes(t.text)) {
      next();
      return { op: 'unary', operator: t.text, operand: unary() };
    }
    if (t.kind === 'ident' && t.text === 'sizeof') {
      next();
      if (isPunct(peek(), '(') && startsType(peek(1))) {
        next();
        const type = typeSpec();
        expect(')');
        return { op: 'sizeofType', type };
      }
      return { op: 'unary', operator: 'sizeof', operand: unary() };
    }
    if (isPunct(t, '(') && startsType(peek(1))) {
      next();
      const type = typeSpec();
      expect(')');
      return { op: 'cast', type, operand: unary() };
    }
    return postfix();
  };

  const binary = (level: number): CExpr => {
    if (level >= BINARY.length) return unary();
    let left = binary(level + 1);
    while (peek().kind === 'punct' && BINARY[level].includes(peek().text)) {
      const operator = next().text;
      left = { op: 'binary', operator, left, right: binary(level + 1) };
    }
    return left;
  };

  const conditional = (): CExpr => {
    const test = binary(0);
    if (!isPunct(peek(), '?')) return test;
    next();
    const then = expression();
    expect(':');
    return { op: 'cond', test, then, else: conditional() };
  };

  const expression = (): CExpr => {
    let e = conditional();
    while (isPunct(peek(), ',')) {
      next();
      e = { op: 'binary', operator: ',', left: e, right: conditional() };
    }
    return e;
  };

  const e = expression();
  if (peek().kind !== 'end') throw new CExprError(`A syntax error in expression, near \`${src.slice(peek().pos)}'.`);
  return e;
}
