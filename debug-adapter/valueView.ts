// C values as DAP variables: the text gdb's print shows (symbols layer),
// or hexadecimal for integers when VS Code asks for it; structs, unions,
// arrays and pointers expand into members, elements and the pointee, each
// with the C expression (evaluateName) that names it, so "Add to Watch",
// data breakpoints and setExpression work on any of them.
import { DebugProtocol } from '@vscode/debugprotocol';
import { hex } from './breakpoints';
import { HandleStore } from './handles';
import { FormatEnv, formatValue } from './symbols/format';
import { Value } from './symbols/index';
import { typeName } from './symbols/typename';
import { CType, resolved, sizeOf } from './symbols/types';
import { MAX_VALUE_SIZE, isPartlyMissing, scalarOf, subValue } from './symbols/values';

export interface ValueContext {
  readonly handles: HandleStore;
  readonly env: FormatEnv;
  readonly frameIndex: number;
  readonly hex: boolean;
}

/** Integer-like types shown in hex when asked (pointers always are). */
function isInteger(t: CType): boolean {
  const r = resolved(t);
  return (r.kind === 'base' && r.encoding !== 'float' && r.encoding !== 'complex') || r.kind === 'enum';
}

export function valueText(value: Value, ctx: Pick<ValueContext, 'env' | 'hex'>): string {
  if (ctx.hex && isInteger(value.type) && !value.error && !isPartlyMissing(value)) {
    try {
      const size = value.bitSize !== undefined ? Math.ceil(value.bitSize / 8) : value.bytes.length;
      const unsigned = BigInt.asUintN(Math.max(8, size * 8), scalarOf(value));
      return `0x${unsigned.toString(16)}`;
    } catch {
      // Fall through to gdb's format.
    }
  }
  return formatValue(value, ctx.env);
}

/** `base.member` with parentheses only where the base needs them. */
function member(base: string | undefined, name: string): string | undefined {
  if (base === undefined) return undefined;
  return /^[\w$.[\]]+$/.test(base) ? `${base}.${name}` : `(${base}).${name}`;
}

function element(base: string | undefined, index: number): string | undefined {
  if (base === undefined) return undefined;
  return /^[\w$.[\]]+$/.test(base) ? `${base}[${index}]` : `(${base})[${index}]`;
}

function pointee(target: CType): boolean {
  const r = resolved(target);
  return r.kind !== 'void' && r.kind !== 'function' && r.kind !== 'unknown' && sizeOf(target) > 0;
}

/** One DAP variable for a C value; aggregates and pointers get a reference for their children. */
export function toVariable(name: string, value: Value, evaluateName: string | undefined, ctx: ValueContext): DebugProtocol.Variable {
  const r = resolved(value.type);
  const variable: DebugProtocol.Variable = {
    name,
    value: valueText(value, ctx),
    type: typeName(value.type),
    variablesReference: 0,
    evaluateName,
  };
  if (value.address !== undefined && value.bitSize === undefined) variable.memoryReference = hex(value.address);
  if (value.error) return variable;
  const expandable =
    ((r.kind === 'struct' || r.kind === 'union') && r.members.length > 0) ||
    (r.kind === 'array' && (r.count ?? 0) > 0) ||
    (r.kind === 'pointer' && pointee(r.target) && !isPartlyMissing(value) && scalarOf(value) !== 0n);
  if (!expandable) return variable;
  variable.variablesReference = ctx.handles.add({ kind: 'value', value, evaluateName, frameIndex: ctx.frameIndex });
  if (r.kind === 'array') variable.indexedVariables = r.count;
  else if (r.kind !== 'pointer') variable.namedVariables = (r as { members: unknown[] }).members.length;
  return variable;
}

/** The children of an expanded value, paged for arrays (`start`, `count`). */
export function childrenOf(
  value: Value,
  evaluateName: string | undefined,
  ctx: ValueContext,
  read: (address: number, size: number) => Uint8Array | undefined,
  start = 0,
  count?: number,
): DebugProtocol.Variable[] {
  const r = resolved(value.type);
  if (r.kind === 'struct' || r.kind === 'union') {
    return r.members.map((m, i) => {
      const sub = subValue(value, m.type, m.byteOffset, m.bitSize, m.bitOffset);
      const name = m.name ?? `<anonymous ${i}>`;
      return toVariable(name, sub, m.name ? member(evaluateName, m.name) : undefined, ctx);
    });
  }
  if (r.kind === 'array') {
    const total = r.count ?? 0;
    const size = sizeOf(r.element);
    const from = Math.max(0, start);
    const to = Math.min(total, count === undefined || count === 0 ? total : from + count);
    const out: DebugProtocol.Variable[] = [];
    for (let i = from; i < to; i++) out.push(toVariable(`[${i}]`, subValue(value, r.element, i * size), element(evaluateName, i), ctx));
    return out;
  }
  if (r.kind === 'pointer') {
    const address = Number(BigInt.asUintN(32, scalarOf(value)));
    const size = sizeOf(r.target);
    const name = evaluateName === undefined ? '*' : `*${/^[\w$.[\]]+$/.test(evaluateName) ? evaluateName : `(${evaluateName})`}`;
    if (!(size > 0 && size <= MAX_VALUE_SIZE)) return [{ name, value: '<incomplete type>', variablesReference: 0 }];
    const bytes = read(address, size);
    const target: Value = bytes ? { type: r.target, bytes, address } : { type: r.target, bytes: new Uint8Array(size), address, error: `Cannot access memory at address 0x${address.toString(16)}` };
    return [toVariable(name, target, evaluateName === undefined ? undefined : name, ctx)];
  }
  return [];
}
