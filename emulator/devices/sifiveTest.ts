// SiFive test finisher (QEMU hw/misc/sifive_test.c): a guest writes
// status | code << 16 to offset 0 to end the simulation. Reads return 0.
// Instead of exiting the process, the request is latched here and the run
// loop stops with an `exit` or `reset` stop at that instruction boundary.
import { AccessSize, SavedState } from '../contracts';
import { Device, MmioDevice, expectState } from './device';

/** Status values (include/hw/misc/sifive_test.h). */
export const FINISHER_FAIL = 0x3333;
export const FINISHER_PASS = 0x5555;
export const FINISHER_RESET = 0x7777;

/** What the guest asked for: exit with a code (0 = pass) or a system reset. */
export type FinisherRequest = { readonly kind: 'exit'; readonly code: number; readonly pass: boolean } | { readonly kind: 'reset' };

interface SifiveTestState extends SavedState {
  readonly kind: 'sifiveTest';
  readonly version: 1;
  readonly request: FinisherRequest | null;
}

export class SifiveTest implements Device, MmioDevice {
  readonly name = 'test';
  private pending: FinisherRequest | null = null;

  /** @param onRequest told when the guest writes a finisher command (the machine ends the slice). */
  constructor(private readonly onRequest: () => void) {}

  /** The latched request, if the guest made one. */
  get request(): FinisherRequest | null {
    return this.pending;
  }

  /** Forgets a reset request once the machine has carried it out. */
  acknowledgeReset(): void {
    if (this.pending?.kind === 'reset') this.pending = null;
  }

  read(): number {
    return 0;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    if (offset !== 0 || this.pending !== null) return;
    const status = value & 0xffff;
    const code = (value >>> 16) & 0xffff;
    if (status === FINISHER_PASS) this.pending = { kind: 'exit', code: 0, pass: true };
    else if (status === FINISHER_FAIL) this.pending = { kind: 'exit', code, pass: false };
    else if (status === FINISHER_RESET) this.pending = { kind: 'reset' };
    else return;
    this.onRequest();
  }

  reset(): void {
    this.pending = null;
  }

  saveState(): SifiveTestState {
    return { kind: 'sifiveTest', version: 1, request: this.pending };
  }

  loadState(state: SavedState): void {
    const s = expectState<SifiveTestState>(state, 'sifiveTest', 1);
    this.pending = s.request === null ? null : { ...s.request };
  }
}
