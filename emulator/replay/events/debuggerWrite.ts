// Debugger-write event: the user changed guest state by hand at this icount
// (DAP setVariable / setExpression / writeMemory, or a register edit) while
// stopped at the live edge of a recording. Replay applies the same change at
// the same place in the event order, so a recording in which the user
// changed a value replays bit-exactly.
// Payload: target (1 byte), then
//   0 memory:   physical address (varint < 2^32), byte count (varint,
//               1..MAX_DEBUGGER_WRITE_BYTES), the bytes;
//   1 register: register number (1 byte: 1..31 for x1..x31, 32 for the pc),
//               the new value (u32, 4 bytes).

import { EventBase, EventCodec, checkMember, hex, isU32, readMember, readVarintU32 } from './codec';
import { EventKind } from './kinds';

// Read once: hot decode paths then avoid a property lookup per event.
const KIND = EventKind.DebuggerWrite;

/** What a debugger write changes. Values are on disk. */
export enum WriteTarget {
  /** Guest RAM, by physical address. */
  Memory = 0,
  /** An integer register (x1..x31) or the pc. */
  Register = 1,
}

/** Register number of the pc in register writes (x1..x31 are 1..31; x0 is hard-wired to zero). */
export const PC_REGISTER = 32;

/** Largest byte count of one memory write event: bigger writes are split by the caller. */
export const MAX_DEBUGGER_WRITE_BYTES = 64 * 1024;

export interface MemoryWriteEvent extends EventBase {
  readonly kind: EventKind.DebuggerWrite;
  readonly target: WriteTarget.Memory;
  readonly paddr: number;
  readonly bytes: Uint8Array;
}

export interface RegisterWriteEvent extends EventBase {
  readonly kind: EventKind.DebuggerWrite;
  readonly target: WriteTarget.Register;
  /** 1..31 for x1..x31, PC_REGISTER for the pc. */
  readonly register: number;
  /** The new value as unsigned 32 bits. */
  readonly value: number;
}

export type DebuggerWriteEvent = MemoryWriteEvent | RegisterWriteEvent;

/** Why `register` cannot be written, or undefined when it can. */
export function checkWritableRegister(register: number): string | undefined {
  if (register === 0) return 'x0 is hard-wired to zero and cannot be changed';
  if (!Number.isInteger(register) || register < 1 || register > PC_REGISTER) return `register number ${register} is not 1..31 (x1..x31) or ${PC_REGISTER} (pc)`;
  return undefined;
}

/** `x5` or `pc`. */
export function registerName(register: number): string {
  return register === PC_REGISTER ? 'pc' : `x${register}`;
}

/** At most this many bytes are shown by describe(); the count is always exact. */
const SHOWN_BYTES = 32;

export const debuggerWriteCodec: EventCodec<DebuggerWriteEvent> = {
  kind: KIND,
  name: 'write',
  check(e) {
    const target = checkMember(WriteTarget, e.target, 'debugger-write target');
    if (target) return target;
    if (e.target === WriteTarget.Memory) {
      if (!isU32(e.paddr)) return `debugger-write address ${e.paddr} is not an integer in 0..2^32-1`;
      if (!(e.bytes instanceof Uint8Array)) return 'debugger-write bytes must be a Uint8Array';
      if (e.bytes.length === 0 || e.bytes.length > MAX_DEBUGGER_WRITE_BYTES) return `a debugger write holds 1..${MAX_DEBUGGER_WRITE_BYTES} bytes, not ${e.bytes.length}`;
      if (e.paddr + e.bytes.length > 0x1_0000_0000) return `debugger write [0x${e.paddr.toString(16)}, +${e.bytes.length}) passes the end of the 32-bit address space`;
      return undefined;
    }
    const register = checkWritableRegister(e.register);
    if (register) return register;
    if (!isU32(e.value)) return `register value ${e.value} is not an integer in 0..2^32-1`;
    return undefined;
  },
  encode(e, out) {
    out.u8(e.target);
    if (e.target === WriteTarget.Memory) {
      out.varint(e.paddr);
      out.varint(e.bytes.length);
      out.bytes(e.bytes);
    } else {
      out.u8(e.register);
      out.u32(e.value);
    }
  },
  decode(input, icount) {
    const target = readMember(input, WriteTarget, 'u8', 'debugger-write target', 'debugger-write target');
    if (target === WriteTarget.Memory) {
      const paddr = readVarintU32(input, 'debugger-write address');
      const countAt = input.pos;
      const count = input.varint('debugger-write byte count');
      if (count === 0 || count > MAX_DEBUGGER_WRITE_BYTES) input.fail(`debugger-write byte count ${count} is outside 1..${MAX_DEBUGGER_WRITE_BYTES}`, countAt);
      if (paddr + count > 0x1_0000_0000) input.fail(`debugger write [0x${paddr.toString(16)}, +${count}) passes the end of the 32-bit address space`, countAt);
      const bytes = input.view(count, 'debugger-write bytes');
      return { kind: KIND, icount, target, paddr, bytes };
    }
    const registerAt = input.pos;
    const register = input.u8('debugger-write register');
    const bad = checkWritableRegister(register);
    if (bad) input.fail(bad, registerAt);
    const value = input.u32('debugger-write register value');
    return { kind: KIND, icount, target: WriteTarget.Register, register, value };
  },
  describe(e) {
    if (e.target === WriteTarget.Register) return `reg ${registerName(e.register)}=0x${e.value.toString(16).padStart(8, '0')}`;
    const shown = hex(e.bytes.subarray(0, SHOWN_BYTES));
    const more = e.bytes.length > SHOWN_BYTES ? `...(+${e.bytes.length - SHOWN_BYTES})` : '';
    return `mem paddr=0x${e.paddr.toString(16).padStart(8, '0')} count=${e.bytes.length} bytes=${shown}${more}`;
  },
};
