// Formats values the way gdb's `print` does (C language, default settings,
// ASCII charset): structs as {a = 1, b = 2}, arrays with <repeats N times>
// and the 200-element limit, char arrays and char pointers as strings,
// enums by name, pointers with <symbol+offset>, floats with %g precision 9/17.
import { typeName } from './typename';
import { CType, resolved, sizeOf } from './types';
import { Value, bytesToBigInt, floatOf, isFullyMissing, isPartlyMissing, isSignedType, scalarOf, subValue } from './values';

export interface FormatEnv {
  /** `<sym+off>` for an address, or undefined when gdb would print none. */
  symbolize(address: number): string | undefined;
  readMemory(address: number, size: number): Uint8Array | undefined;
}

const PRINT_MAX = 200;
const REPEAT_THRESHOLD = 10;

/** printf("%.<precision>g") */
export function formatG(x: number, precision: number): string {
  if (Number.isNaN(x)) return x < 0 ? '-nan' : 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(x)));
  let s = x.toExponential(precision - 1);
  let e = Number(s.slice(s.indexOf('e') + 1));
  if (Number.isNaN(e)) e = exp;
  if (e < -4 || e >= precision) {
    const [m, ex] = s.split('e');
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const en = Number(ex);
    return `${mant}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  s = x.toFixed(Math.max(0, precision - 1 - e));
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

function escapeChar(c: number, quote: string): string {
  switch (c) {
    case 7: return '\\a';
    case 8: return '\\b';
    case 9: return '\\t';
    case 10: return '\\n';
    case 11: return '\\v';
    case 12: return '\\f';
    case 13: return '\\r';
    case 27: return '\\033';
    case 92: return '\\\\';
    default:
      if (String.fromCharCode(c) === quote) return `\\${quote}`;
      if (c >= 32 && c < 127) return String.fromCharCode(c);
      return `\\${c.toString(8).padStart(3, '0')}`;
  }
}

export function charLiteral(c: number): string {
  return `'${escapeChar(c & 0xff, "'")}'`;
}

/** gdb's generic_printstr for 1-byte characters; `stoppedEarly` adds the trailing "...". */
export function formatString(bytes: Uint8Array, dropTrailingNul: boolean, stoppedEarly = false): string {
  let len = bytes.length;
  if (dropTrailingNul && len > 0 && bytes[len - 1] === 0 && !stoppedEarly) len--;
  if (len === 0) return '""';
  const parts: string[] = [];
  let inQuote = false;
  let cur = '';
  let printed = 0;
  let i = 0;
  for (; i < len && printed < PRINT_MAX; ) {
    const c = bytes[i];
    let reps = 1;
    while (i + reps < len && bytes[i + reps] === c) reps++;
    if (reps > REPEAT_THRESHOLD) {
      if (inQuote) {
        parts.push(`"${cur}"`);
        cur = '';
        inQuote = false;
      }
      parts.push(`${charLiteral(c)} <repeats ${reps} times>`);
      i += reps;
      printed += REPEAT_THRESHOLD;
    } else {
      inQuote = true;
      cur += escapeChar(c, '"');
      i++;
      printed++;
    }
  }
  if (inQuote) parts.push(`"${cur}"`);
  let s = parts.join(', ');
  if (i < len || stoppedEarly) s += '...';
  return s;
}

function isCharLike(t: CType): boolean {
  const r = resolved(t);
  return r.kind === 'base' && r.size === 1 && (r.encoding === 'signed_char' || r.encoding === 'unsigned_char');
}

/** Reads a NUL-terminated string for a char pointer (at most 200 characters, as gdb's print elements). */
function readCString(env: FormatEnv, address: number): string {
  const out: number[] = [];
  for (let a = address; out.length < PRINT_MAX; a++) {
    const b = env.readMemory(a >>> 0, 1);
    if (!b || b.length < 1) {
      if (out.length === 0) return `<error: Cannot access memory at address 0x${(address >>> 0).toString(16)}>`;
      break;
    }
    if (b[0] === 0) return formatString(Uint8Array.from(out), false);
    out.push(b[0]);
  }
  return formatString(Uint8Array.from(out), false, out.length >= PRINT_MAX);
}

function formatPointer(v: Value, env: FormatEnv): string {
  const r = resolved(v.type) as Extract<CType, { kind: 'pointer' }>;
  const addr = Number(bytesToBigInt(v.bytes, false));
  let s = `0x${addr.toString(16)}`;
  const sym = env.symbolize(addr);
  if (sym) s += ` <${sym}>`;
  if (addr !== 0 && isCharLike(r.target)) s += ` ${readCString(env, addr)}`;
  return s;
}

function formatScalar(v: Value, env: FormatEnv): string {
  const r = resolved(v.type);
  switch (r.kind) {
    case 'base': {
      if (r.encoding === 'float') return formatG(floatOf(v), r.size === 4 ? 9 : 17);
      if (r.encoding === 'bool') {
        const x = scalarOf(v);
        return x === 0n ? 'false' : x === 1n ? 'true' : x.toString();
      }
      const x = scalarOf(v);
      if (isCharLike(r) && v.bitSize === undefined) return `${x} ${charLiteral(Number(BigInt.asUintN(8, x)))}`;
      return x.toString();
    }
    case 'enum': {
      const x = Number(scalarOf(v));
      const e = r.enumerators.find((en) => en.value === x);
      return e ? e.name : String(x);
    }
    case 'pointer':
      return formatPointer(v, env);
    default:
      return bytesToBigInt(v.bytes, isSignedType(r)).toString();
  }
}

/** Work left for one top-level format: corrupt DWARF (a struct containing itself) must not explode. */
interface Budget {
  left: number;
}

function formatArray(v: Value, r: Extract<CType, { kind: 'array' }>, env: FormatEnv, depth: number, budget: Budget): string {
  const count = r.count ?? 0;
  const elemSize = sizeOf(r.element);
  if (isCharLike(r.element) && !v.missing) return formatString(v.bytes.subarray(0, count), true);
  const items: string[] = [];
  let i = 0;
  let printed = 0;
  while (i < count && printed < PRINT_MAX) {
    const el = subValue(v, r.element, i * elemSize);
    let reps = 1;
    while (i + reps < count && elemSize > 0 && sameBytes(v, i * elemSize, (i + reps) * elemSize, elemSize)) reps++;
    const text = formatValue(el, env, depth + 1, budget);
    if (reps > REPEAT_THRESHOLD) {
      items.push(`${text} <repeats ${reps} times>`);
      i += reps;
      printed += REPEAT_THRESHOLD;
    } else {
      items.push(text);
      i++;
      printed++;
    }
  }
  return `{${items.join(', ')}${i < count ? '...' : ''}}`;
}

function sameBytes(v: Value, a: number, b: number, n: number): boolean {
  for (let k = 0; k < n; k++) {
    if (v.bytes[a + k] !== v.bytes[b + k]) return false;
    if ((v.missing?.[a + k] ?? 0) !== (v.missing?.[b + k] ?? 0)) return false;
  }
  return true;
}

/** The value as gdb prints it inside aggregates, `info locals` and frame arguments. */
export function formatValue(v: Value, env: FormatEnv, depth = 0, budget: Budget = { left: 100000 }): string {
  if (v.error) return `<error: ${v.error}>`;
  if (v.synthetic) return '<synthetic pointer>';
  if (depth > 20 || --budget.left < 0) return '...';
  const r = resolved(v.type);
  if (r.kind === 'struct' || r.kind === 'union') {
    if (isFullyMissing(v)) return '<optimized out>';
    const fields = r.members.map((m) => {
      const sub = subValue(v, m.type, m.byteOffset, m.bitSize, m.bitOffset);
      return `${m.name ?? ''}${m.name ? ' = ' : ''}${formatValue(sub, env, depth + 1, budget)}`;
    });
    return `{${fields.join(', ')}}`;
  }
  if (r.kind === 'array') {
    if (isFullyMissing(v)) return '<optimized out>';
    return formatArray(v, r, env, depth, budget);
  }
  if (r.kind === 'function') {
    const addr = v.address ?? 0;
    const sym = env.symbolize(addr);
    return `{${typeName(v.type)}} 0x${addr.toString(16)}${sym ? ` <${sym}>` : ''}`;
  }
  if (r.kind === 'void') return 'void';
  if (isPartlyMissing(v)) return '<optimized out>';
  return formatScalar(v, env);
}

/** What `print EXPR` shows after "$N = ": top-level pointers get their type in parentheses. */
export function formatTopLevel(v: Value, env: FormatEnv): string {
  const r = resolved(v.type);
  if (r.kind === 'pointer' && !v.error && !v.synthetic && !isPartlyMissing(v)) {
    // gdb omits the "(char *)" for plain (possibly qualified) char pointers that are not typedefs.
    const plainChar = v.type.kind === 'pointer' && charName(v.type.target) === 'char';
    if (!plainChar) return `(${typeName(v.type)}) ${formatValue(v, env)}`;
  }
  return formatValue(v, env);
}

function charName(t: CType): string | undefined {
  let cur = t;
  while (cur.kind === 'qualified') cur = cur.target;
  return cur.kind === 'base' ? cur.name : undefined;
}
