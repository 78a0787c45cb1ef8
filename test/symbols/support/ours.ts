// Renders our reader's answers at a stop in gdb's text formats (bt lines,
// `info args`/`info locals` listings), and builds the register and memory
// views our reader needs from what gdb dumped at the same stop.
import { StopContext, Symbols } from '../../../debug-adapter/symbols';
import { MemoryReader, RegisterValues } from '../../../debug-adapter/symbols/unwind';
import { DATA_START, ProbeStop, STACK_TOP } from './gdbProbe';

const REGS = ['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6'];

export function memoryFromStop(stop: ProbeStop): MemoryReader {
  const stack = Buffer.from(stop.stack, 'hex');
  const data = Buffer.from(stop.data, 'hex');
  const stackBase = stop.regs.sp;
  return {
    read(address: number, size: number): Uint8Array | undefined {
      if (address >= stackBase && address + size <= STACK_TOP) return stack.subarray(address - stackBase, address - stackBase + size);
      if (address >= DATA_START && address + size <= DATA_START + data.length) return data.subarray(address - DATA_START, address - DATA_START + size);
      return undefined;
    },
  };
}

export function registersFromStop(stop: ProbeStop): RegisterValues {
  return REGS.map((r) => stop.regs[r]);
}

export function stopContext(symbols: Symbols, stop: ProbeStop): StopContext {
  return symbols.stop(stop.regs.pc, registersFromStop(stop), memoryFromStop(stop));
}

/** Our backtrace in gdb's `bt` format. */
export function ourBacktrace(symbols: Symbols, ctx: StopContext): string[] {
  return ctx.frames.map((f, i) => {
    const next = ctx.frames[i - 1];
    const outerOfInline = next !== undefined && next.physical === f.physical;
    const span = symbols.program.lines.spanAt(f.lookupPc);
    const showAddress = !outerOfInline && (f.index > 0 ? true : span === undefined || span.start !== f.pc);
    const addr = showAddress ? `0x${f.pc.toString(16).padStart(8, '0')} in ` : '';
    const where = f.file !== undefined ? ` at ${f.file}:${f.line}` : '';
    return `#${i}  ${addr}${f.functionName ?? '??'} (${ctx.frameArgs(i).join(', ')})${where}`;
  });
}

export function ourLocals(ctx: StopContext, index: number): string {
  const l = ctx.locals(index);
  return l.length ? l.map((v) => `${v.name} = ${v.value}`).join('\n') : 'No locals.';
}

export function ourArgs(ctx: StopContext, index: number): string {
  const l = ctx.args(index);
  return l.length ? l.map((v) => `${v.name} = ${v.value}`).join('\n') : 'No arguments.';
}
