// Variables and setVariable (DAP): the contents of each scope and of each
// expanded value. Locals are the frame's arguments then its locals
// (innermost block first, as gdb's `info args` and `info locals`); Globals
// are the file-scope variables of the frame's compilation unit. Changing a
// value is allowed only where the future is not recorded yet.
import { DebugProtocol } from '@vscode/debugprotocol';
import { ABI_REGISTER_NAMES } from '../emulator/index';
import { AdapterContext } from './context';
import { ErrorCode, UserError } from './errors';
import { assign } from './evaluate';
import { csrVariables, deviceVariables, registerVariables, timeVariables } from './machineScopes';
import { StopState } from './stopState';
import { scalarOf } from './symbols/values';
import { ValueContext, childrenOf, toVariable } from './valueView';

function valueContext(ctx: AdapterContext, state: StopState, frameIndex: number, hex: boolean): ValueContext {
  return { handles: ctx.handles, env: state.stack.formatEnv, frameIndex, hex };
}

/** Registers as the unwinder recovered them in an outer frame (gdb: `info registers` after `up`). */
function frameRegisters(state: StopState, frameIndex: number): DebugProtocol.Variable[] {
  const symbolize = (a: number): string | undefined => state.stack.symbols.symbolize(a);
  const frame = state.stack.frames[frameIndex];
  if (!frame || frameIndex === 0) return registerVariables(state.view, symbolize);
  const regs = frame.physical.regs;
  const shown = registerVariables({ ...state.view, pc: frame.pc, regs: Array.from({ length: 32 }, (_, i) => regs[i] ?? 0) }, symbolize);
  // shown[0] is the pc, shown[1 + n] is xn; x0 is always known.
  return shown.map((v, i) => (i >= 2 && regs[i - 1] === undefined ? { ...v, value: '<not saved>', memoryReference: undefined } : v));
}

export function variables(ctx: AdapterContext, args: DebugProtocol.VariablesArguments): DebugProtocol.Variable[] {
  const state = ctx.stopped();
  const container = ctx.handles.container(args.variablesReference);
  const hex = args.format?.hex === true;
  if (container.kind === 'list') return container.variables.slice();
  if (container.kind === 'value') {
    const vctx = valueContext(ctx, state, container.frameIndex, hex);
    return childrenOf(container.value, container.evaluateName, vctx, (a, s) => state.memory.read(a, s), args.start ?? 0, args.count);
  }
  const vctx = valueContext(ctx, state, container.frameIndex, hex);
  const stack = state.stack;
  switch (container.scope) {
    case 'locals':
      return [...stack.args(container.frameIndex), ...stack.locals(container.frameIndex)].map((v) => toVariable(v.name, v.raw, v.name, vctx));
    case 'globals':
      return stack.globals(container.frameIndex).map((v) => toVariable(v.name, v.raw, v.name, vctx));
    case 'registers':
      return frameRegisters(state, container.frameIndex);
    case 'csrs':
      return csrVariables(state.view, ctx.handles, (a) => stack.symbols.symbolize(a));
    case 'devices':
      return deviceVariables(state.view, ctx.handles);
    case 'time':
      return timeVariables(state.view, ctx.runtime.status());
  }
}

export function setVariable(ctx: AdapterContext, args: DebugProtocol.SetVariableArguments): DebugProtocol.SetVariableResponse['body'] {
  const state = ctx.stopped();
  const container = ctx.handles.container(args.variablesReference);
  if (container.kind === 'scope' && container.scope === 'registers') {
    if (container.frameIndex !== 0) throw new UserError(ErrorCode.Unsupported, 'Registers can only be changed in the innermost frame.');
    const index = args.name === 'pc' ? 32 : ABI_REGISTER_NAMES.indexOf(args.name);
    if (index === 0) throw new UserError(ErrorCode.Unsupported, `${args.name} (x0) is hard-wired to zero and cannot be changed.`);
    if (index < 0) throw new UserError(ErrorCode.Unsupported, `${args.name} cannot be changed.`);
    const r = state.stack.evaluate(args.value, 0);
    if (!r.ok) throw new UserError(ErrorCode.EvaluationFailed, `Cannot use '${args.value}' as a register value: ${r.error}`);
    ctx.runtime.writeRegister(index, Number(BigInt.asUintN(32, scalarOf(r.value))));
    const after = ctx.stopped();
    const shown = registerVariables(after.view, (a) => after.stack.symbols.symbolize(a)).find((v) => v.name === args.name);
    return { value: shown?.value ?? args.value };
  }
  let expression: string | undefined;
  let frameIndex = 0;
  if (container.kind === 'scope' && (container.scope === 'locals' || container.scope === 'globals')) {
    expression = args.name;
    frameIndex = container.frameIndex;
  } else if (container.kind === 'value') {
    const child = childrenOf(container.value, container.evaluateName, valueContext(ctx, state, container.frameIndex, false), (a, s) => state.memory.read(a, s)).find((v) => v.name === args.name);
    expression = child?.evaluateName;
    frameIndex = container.frameIndex;
  }
  if (expression === undefined) throw new UserError(ErrorCode.Unsupported, `${args.name} cannot be changed from here.`);
  const result = assign(ctx, expression, args.value, frameIndex, args.format?.hex === true);
  return { value: result.value, type: result.type, variablesReference: result.variablesReference };
}
