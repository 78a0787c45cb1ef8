// "Who wrote this?": turns what the user pointed at (a variable in the
// Variables view, a selection in an editor) into the arguments of
// `rewind/lastWrite`: an expression and a frame when there is one, else an
// address and a size. No `vscode` import.
import type { LastWriteArguments } from './protocol';

/** What the Variables view passes to a `debug/variables/context` command (the DAP Variable inside). */
export interface VariableContext {
  sessionId?: string;
  container?: { variablesReference?: number; name?: string; expression?: string };
  variable?: { name: string; value?: string; type?: string; evaluateName?: string; memoryReference?: string; variablesReference?: number };
}

export type LastWritePlan =
  | { kind: 'request'; args: LastWriteArguments; what: string }
  /** Ask the adapter's dataBreakpointInfo for the variable's address, then parse its dataId. */
  | { kind: 'dataBreakpointInfo'; variablesReference: number; name: string; sizeHint: number | undefined; what: string }
  | { kind: 'error'; message: string };

/** A RISC-V word: the size used when nothing says how big the thing is. */
export const DEFAULT_ACCESS_SIZE = 4;

const C_TYPE_SIZES: ReadonlyArray<[RegExp, number]> = [
  [/\*\s*$/, 4], // any pointer on RV32
  [/^(unsigned |signed )?char$|^u?int8_t$|^_Bool$|^bool$/, 1],
  [/^(unsigned |signed )?short( int)?$|^u?int16_t$/, 2],
  [/^(unsigned |signed )?long long( int)?$|^u?int64_t$|^double$/, 8],
  [/^(unsigned |signed )?(int|long)( int)?$|^unsigned$|^signed$|^u?int32_t$|^float$|^size_t$|^u?intptr_t$/, 4],
];

/** Size in bytes of a C scalar type on RV32 (ILP32), or undefined for aggregates and unknown names. */
export function sizeOfCType(type: string | undefined): number | undefined {
  if (type === undefined) return undefined;
  const t = type.replace(/\b(const|volatile)\b/g, '').replace(/\s+/g, ' ').trim();
  for (const [re, size] of C_TYPE_SIZES) if (re.test(t)) return size;
  return undefined;
}

/**
 * Reads an address (and a size, when present) from a data breakpoint's
 * dataId or a memoryReference: `0x80001000`, `0x80001000/4`,
 * `0x80001000:4`, `0x80001000,4`, or a decimal address.
 */
export function parseAddressId(id: string): { address: number; size: number | undefined } | undefined {
  const m = /^\s*(0x[0-9a-f]+|\d+)(?:\s*[/:,]\s*(\d+))?\s*$/i.exec(id);
  if (!m) return undefined;
  const address = m[1].toLowerCase().startsWith('0x') ? parseInt(m[1].slice(2), 16) : Number(m[1]);
  if (!Number.isSafeInteger(address) || address > 0xffffffff) return undefined;
  const size = m[2] === undefined ? undefined : Number(m[2]);
  if (size !== undefined && (size < 1 || size > 4096)) return undefined;
  return { address, size };
}

/** The plan for a variable picked in the Variables view; `frameId` is the selected frame. */
export function planForVariable(ctx: VariableContext, frameId: number | undefined): LastWritePlan {
  const v = ctx.variable;
  if (v === undefined) return { kind: 'error', message: 'Who Wrote This? needs a variable: right-click one in the Variables view.' };
  const what = v.evaluateName ?? v.name;
  if (v.evaluateName !== undefined && v.evaluateName !== '' && frameId !== undefined) {
    return { kind: 'request', args: { expression: v.evaluateName, frameId }, what };
  }
  const sizeHint = sizeOfCType(v.type);
  if (v.memoryReference !== undefined) {
    const ref = parseAddressId(v.memoryReference);
    if (ref) return { kind: 'request', args: { address: ref.address, size: ref.size ?? sizeHint ?? DEFAULT_ACCESS_SIZE }, what };
  }
  const container = ctx.container?.variablesReference;
  if (container !== undefined && container > 0) {
    return { kind: 'dataBreakpointInfo', variablesReference: container, name: v.name, sizeHint, what };
  }
  return { kind: 'error', message: `Rewind cannot tell where "${what}" lives in memory.` };
}

/** Finishes a dataBreakpointInfo plan with the dataId the adapter returned. */
export function planFromDataId(dataId: string | null | undefined, sizeHint: number | undefined, what: string): LastWritePlan {
  const parsed = dataId ? parseAddressId(dataId) : undefined;
  if (!parsed) return { kind: 'error', message: `"${what}" is not in memory (a register or a constant?), so it has no last write.` };
  return { kind: 'request', args: { address: parsed.address, size: parsed.size ?? sizeHint ?? DEFAULT_ACCESS_SIZE }, what };
}

/**
 * The plan for text selected in an editor: an address (`0x80001234`) means
 * raw memory of one word; anything else is an expression evaluated in the
 * selected frame (a variable name, `ledger.total`, `*p`).
 */
export function planForSelection(text: string, frameId: number | undefined): LastWritePlan {
  const t = text.trim();
  if (t === '') return { kind: 'error', message: 'Select a variable or an expression (or an address such as 0x80001000) first.' };
  if (t.includes('\n')) return { kind: 'error', message: 'Select one expression on one line.' };
  if (/^0x[0-9a-f]+$/i.test(t)) {
    const parsed = parseAddressId(t);
    if (!parsed) return { kind: 'error', message: `${t} is not a 32-bit address.` };
    return { kind: 'request', args: { address: parsed.address, size: DEFAULT_ACCESS_SIZE }, what: t };
  }
  if (frameId === undefined) return { kind: 'error', message: 'Who Wrote This? needs a stopped Rewind session with a selected stack frame.' };
  return { kind: 'request', args: { expression: t, frameId }, what: t };
}
