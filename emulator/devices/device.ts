// What every device of the board offers the bus and the machine: MMIO
// register access, reset, and named versioned saved state. Loading a
// device's state never calls into another device (shared/reference/
// replay.txt: save/restore), so each device also saves the levels of the
// interrupt lines it drives.
import { AccessSize, SavedState } from '../contracts';

export interface Device {
  /** Stable name, also the key of the device's state in a machine snapshot. */
  readonly name: string;
  /** Power-on / system reset as QEMU resets the device. */
  reset(): void;
  saveState(): SavedState;
  loadState(state: SavedState): void;
}

/**
 * A memory-mapped register block. `offset` is relative to the block's base;
 * the bus has already checked the access width against the block's rules,
 * so read/write see only widths the hardware accepts. Values are unsigned.
 */
export interface MmioDevice {
  read(offset: number, size: AccessSize): number;
  write(offset: number, size: AccessSize, value: number): void;
}

/** One level-sensitive interrupt line from a device into the PLIC. */
export type IrqLine = (level: boolean) => void;

/** Thrown by loadState when handed state that is not this device's. */
export class StateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateError';
  }
}

/** Checks kind and version of a saved state and returns it typed. */
export function expectState<T extends SavedState>(state: SavedState, kind: string, version: number): T {
  if (state === null || typeof state !== 'object' || state.kind !== kind) {
    throw new StateError(`expected saved state of kind '${kind}', got '${state?.kind}'`);
  }
  if (state.version !== version) {
    throw new StateError(`saved state '${kind}' has version ${state.version}; this build reads version ${version}`);
  }
  return state as T;
}

/** Formats a 64-bit register value for saved state (JSON has no 64-bit integers). */
export function u64ToState(value: bigint): string {
  return '0x' + BigInt.asUintN(64, value).toString(16);
}

export function u64FromState(text: string): bigint {
  if (typeof text !== 'string' || !/^0x[0-9a-f]{1,16}$/.test(text)) {
    throw new StateError(`expected a 64-bit hex value in saved state, got ${JSON.stringify(text)}`);
  }
  return BigInt(text);
}
