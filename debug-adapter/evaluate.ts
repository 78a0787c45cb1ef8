// Evaluate and setExpression (DAP): C expressions in a frame, as gdb's
// print evaluates them (symbols layer), for hovers, watches and the Debug
// Console. In the Debug Console, a line starting with '>' is typed on the
// guest's UART instead:
//   >TEXT   sends TEXT and a line feed
//   >>TEXT  sends TEXT as is, with C escapes (\n \r \t \\ \xHH) decoded
// Setting a value writes guest memory, and is allowed only where the
// future is not recorded yet (the live edge of a recording).
import { DebugProtocol } from '@vscode/debugprotocol';
import { AdapterContext } from './context';
import { ErrorCode, UserError } from './errors';
import { Value } from './symbols/index';
import { resolved, sizeOf } from './symbols/types';
import { floatOf, scalarOf } from './symbols/values';
import { toVariable, valueText } from './valueView';

/** The bytes a Debug Console line types on the UART, or undefined when the line is an expression. */
export function consoleInput(line: string): Uint8Array | undefined {
  if (!line.startsWith('>')) return undefined;
  if (line.startsWith('>>')) return decodeEscapes(line.slice(2));
  const text = line.slice(1).startsWith(' ') ? line.slice(2) : line.slice(1);
  return Buffer.from(text + '\n', 'utf8');
}

export function decodeEscapes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\' || i + 1 >= text.length) {
      out.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = text[++i];
    if (n === 'n') out.push(10);
    else if (n === 'r') out.push(13);
    else if (n === 't') out.push(9);
    else if (n === '0') out.push(0);
    else if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(...Buffer.from(n, 'utf8'));
  }
  return Uint8Array.from(out);
}

export function evaluate(ctx: AdapterContext, args: DebugProtocol.EvaluateArguments): DebugProtocol.EvaluateResponse['body'] {
  const input = args.context === 'repl' ? consoleInput(args.expression) : undefined;
  if (input) {
    ctx.runtime.uartInput(input);
    return { result: `typed ${input.length} byte${input.length === 1 ? '' : 's'} on the UART`, variablesReference: 0 };
  }
  const quiet = args.context === 'hover' || args.context === 'watch';
  const state = ctx.stopped();
  const frameIndex = ctx.handles.frameIndex(args.frameId);
  const r = state.stack.evaluate(args.expression, frameIndex);
  if (!r.ok) throw new UserError(ErrorCode.EvaluationFailed, r.error, quiet);
  const hex = args.format?.hex === true;
  const v = toVariable('', r.value, args.expression, { handles: ctx.handles, env: state.stack.formatEnv, frameIndex, hex });
  return {
    result: hex ? v.value : r.text,
    type: r.type,
    variablesReference: v.variablesReference,
    namedVariables: v.namedVariables,
    indexedVariables: v.indexedVariables,
    memoryReference: v.memoryReference,
  };
}

/** The bytes of `source` converted to the type of `target` (C assignment conversion). */
function encodeAs(target: Value, source: Value): Uint8Array {
  const t = resolved(target.type);
  const size = sizeOf(target.type);
  if (t.kind === 'base' && t.encoding === 'float') {
    const x = resolved(source.type).kind === 'base' && (resolved(source.type) as { encoding: string }).encoding === 'float' ? floatOf(source) : Number(scalarOf(source));
    const bytes = new Uint8Array(size);
    const dv = new DataView(bytes.buffer);
    if (size === 4) dv.setFloat32(0, x, true);
    else if (size === 8) dv.setFloat64(0, x, true);
    else throw new UserError(ErrorCode.Unsupported, `Cannot assign to a ${size}-byte floating-point value.`);
    return bytes;
  }
  if (t.kind === 'base' || t.kind === 'enum' || t.kind === 'pointer') {
    const s = resolved(source.type);
    const x = s.kind === 'base' && s.encoding === 'float' ? BigInt(Math.trunc(floatOf(source))) : scalarOf(source);
    let u = BigInt.asUintN(size * 8, x);
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++, u >>= 8n) bytes[i] = Number(u & 0xffn);
    return bytes;
  }
  if ((t.kind === 'struct' || t.kind === 'union' || t.kind === 'array') && source.bytes.length === size && !source.error) return source.bytes.slice();
  throw new UserError(ErrorCode.Unsupported, `Cannot assign a value of this type to '${target.type.kind}' objects: set their members one at a time.`);
}

/** `expression = value` in frame `frameIndex`; answers the new value as a variable. */
export function assign(ctx: AdapterContext, expression: string, valueExpression: string, frameIndex: number, hex: boolean): DebugProtocol.Variable {
  const runtime = ctx.runtime;
  runtime.requireWritable();
  const state = ctx.stopped();
  const target = state.stack.evaluate(expression, frameIndex);
  if (!target.ok) throw new UserError(ErrorCode.EvaluationFailed, target.error);
  if (target.value.address === undefined) {
    throw new UserError(ErrorCode.Unsupported, `'${expression}' is not in memory (it lives in a register or is computed), so it cannot be set from here.`);
  }
  if (target.value.bitSize !== undefined) throw new UserError(ErrorCode.Unsupported, `'${expression}' is a bit-field: set the whole word it is in.`);
  const source = state.stack.evaluate(valueExpression, frameIndex);
  if (!source.ok) throw new UserError(ErrorCode.EvaluationFailed, `Cannot evaluate '${valueExpression}': ${source.error}`);
  runtime.writeMemory(target.value.address, encodeAs(target.value, source.value));
  const after = ctx.stopped();
  const now = after.stack.evaluate(expression, frameIndex);
  if (!now.ok) throw new UserError(ErrorCode.EvaluationFailed, now.error);
  const v = toVariable(expression, now.value, expression, { handles: ctx.handles, env: after.stack.formatEnv, frameIndex, hex });
  return { ...v, value: hex ? valueText(now.value, { env: after.stack.formatEnv, hex }) : now.text };
}

export function setExpression(ctx: AdapterContext, args: DebugProtocol.SetExpressionArguments): DebugProtocol.SetExpressionResponse['body'] {
  ctx.stopped();
  const frameIndex = ctx.handles.frameIndex(args.frameId);
  const v = assign(ctx, args.expression, args.value, frameIndex, args.format?.hex === true);
  return { value: v.value, type: v.type, variablesReference: v.variablesReference, namedVariables: v.namedVariables, indexedVariables: v.indexedVariables, memoryReference: v.memoryReference };
}
