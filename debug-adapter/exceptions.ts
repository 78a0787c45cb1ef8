// Exception breakpoints (DAP setExceptionBreakpoints, exceptionInfo): which
// guest traps stop the debugger, in both directions. Causes and their names
// follow the RISC-V privileged spec 1.12, table 3.6 (mcause values); the
// names live in emulator/cpu/causes.ts, shared with the engine's timeline.
import { DebugProtocol } from '@vscode/debugprotocol';
import { TrapFilter } from '../emulator/timetravel/api';

interface FilterDef {
  readonly filter: DebugProtocol.ExceptionBreakpointsFilter;
  readonly causes: readonly number[];
  readonly interrupts: boolean;
}

const FILTERS: readonly FilterDef[] = [
  { filter: { filter: 'illegalInstruction', label: 'Illegal instruction', description: 'Stop when the guest executes an instruction that does not exist or is not allowed (mcause 2).', default: true }, causes: [2], interrupts: false },
  { filter: { filter: 'fault', label: 'Access, page and misaligned faults', description: 'Stop on instruction, load and store access faults, page faults and misaligned accesses (mcause 0, 1, 4-7, 12, 13, 15).', default: true }, causes: [0, 1, 4, 5, 6, 7, 12, 13, 15], interrupts: false },
  { filter: { filter: 'ecall', label: 'Environment call (ecall)', description: 'Stop on every ecall from U, S or M mode (mcause 8, 9, 11).', default: false }, causes: [8, 9, 11], interrupts: false },
  { filter: { filter: 'ebreak', label: 'Breakpoint instruction (ebreak)', description: 'Stop when the guest executes ebreak (mcause 3).', default: false }, causes: [3], interrupts: false },
  { filter: { filter: 'interrupt', label: 'Any interrupt', description: 'Stop whenever the hart takes an interrupt (timer, software, external).', default: false }, causes: [], interrupts: true },
];

export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = FILTERS.map((f) => f.filter);

export { trapName } from '../emulator/cpu/causes';

/** The filter id a trap belongs to (for exceptionInfo). */
export function trapFilterId(cause: number, interrupt: boolean): string {
  if (interrupt) return 'interrupt';
  return FILTERS.find((f) => f.causes.includes(cause))?.filter.filter ?? 'exception';
}

/** The engine's trap filter for the filter ids VS Code enabled; unknown ids are an error naming them. */
export function trapFilterFor(ids: readonly string[]): TrapFilter {
  const unknown = ids.filter((id) => !FILTERS.some((f) => f.filter.filter === id));
  if (unknown.length > 0) throw new Error(`unknown exception filter ${unknown.map((u) => `'${u}'`).join(', ')}`);
  const exceptions = new Set<number>();
  let interrupts = false;
  for (const f of FILTERS) {
    if (!ids.includes(f.filter.filter)) continue;
    for (const c of f.causes) exceptions.add(c);
    interrupts ||= f.interrupts;
  }
  return { exceptions, interrupts };
}

export const DEFAULT_FILTER_IDS: readonly string[] = FILTERS.filter((f) => f.filter.default).map((f) => f.filter.filter);
