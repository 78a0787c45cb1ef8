// Changes made to guest state by hand (a debugger's set var, register edit
// or memory write), as DEBUGGER-WRITE events of the replay log
// (docs/replay-log.md). One function checks a write against the machine and
// one applies it, and both record and replay use them, so the change a
// replay makes is the one the recorder made. Memory goes through
// Machine.writeMemory: RAM's dirty flags (snapshot copy-on-write, checkpoint
// page rehash) and the hart's decoded-code cache see it as they see a store.
import type { Machine } from '../machine/machine';
import {
  DebuggerWriteEvent,
  EventKind,
  MAX_DEBUGGER_WRITE_BYTES,
  PC_REGISTER,
  WriteTarget,
  checkWritableRegister,
} from '../replay';

/** Why `write` cannot be applied to `machine`, or undefined when it can. */
export function writeProblem(machine: Machine, write: DebuggerWriteEvent): string | undefined {
  if (write.target === WriteTarget.Memory) {
    if (!machine.ram.contains(write.paddr, write.bytes.length)) {
      return `[0x${write.paddr.toString(16)}, +${write.bytes.length}) is not RAM (only RAM can be changed by hand)`;
    }
    return undefined;
  }
  const register = checkWritableRegister(write.register);
  if (register) return register;
  if (write.register === PC_REGISTER && (write.value & 1) !== 0) {
    return `the pc must be even (instructions are 2-byte aligned with the C extension), not 0x${write.value.toString(16)}`;
  }
  return undefined;
}

/** Applies a write that writeProblem() accepted. */
export function applyWrite(machine: Machine, write: DebuggerWriteEvent): void {
  if (write.target === WriteTarget.Memory) machine.writeMemory(write.paddr, write.bytes);
  else if (write.register === PC_REGISTER) machine.hart.pc = write.value;
  else machine.hart.regs[write.register] = write.value | 0;
}

/** The events of a memory write at `icount`: one per MAX_DEBUGGER_WRITE_BYTES (copies: the caller may reuse its buffer). */
export function memoryWrites(icount: number, paddr: number, data: Uint8Array): DebuggerWriteEvent[] {
  if (!Number.isInteger(paddr) || paddr < 0 || paddr > 0xffffffff) throw new Error(`physical address ${paddr} is not an integer in 0..2^32-1`);
  if (data.length === 0) return [];
  if (paddr + data.length > 0x1_0000_0000) throw new Error(`[0x${paddr.toString(16)}, +${data.length}) passes the end of the 32-bit address space`);
  const events: DebuggerWriteEvent[] = [];
  for (let done = 0; done < data.length; done += MAX_DEBUGGER_WRITE_BYTES) {
    const bytes = data.slice(done, done + MAX_DEBUGGER_WRITE_BYTES);
    events.push({ kind: EventKind.DebuggerWrite, icount, target: WriteTarget.Memory, paddr: paddr + done, bytes });
  }
  return events;
}

/** The event of a register write at `icount` (register: 1..31 for x1..x31, 32 for the pc; value: any 32-bit integer). */
export function registerWrite(icount: number, register: number, value: number): DebuggerWriteEvent {
  if (!Number.isInteger(value) || value < -0x8000_0000 || value > 0xffffffff) throw new Error(`register value ${value} is not a 32-bit integer`);
  return { kind: EventKind.DebuggerWrite, icount, target: WriteTarget.Register, register, value: value >>> 0 };
}
