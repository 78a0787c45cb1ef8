// Why Machine.run returned. Every stop lands on an instruction boundary and
// Machine.icount is exact there.
import { WatchKind } from '../contracts';

export type MachineStop =
  /** The instruction budget is spent. */
  | { readonly kind: 'budget' }
  /** pc is at a breakpoint; the instruction there has not run. */
  | { readonly kind: 'breakpoint'; readonly pc: number }
  /** A watched access happened; the accessing instruction has run. */
  | { readonly kind: 'watchpoint'; readonly address: number; readonly size: number; readonly access: WatchKind; readonly pc: number }
  /** A trap or interrupt was taken and stopOnTrap is set; pc is the handler's first instruction. */
  | { readonly kind: 'trap'; readonly cause: number; readonly interrupt: boolean; readonly tval: number; readonly pc: number }
  /**
   * The hart sleeps in WFI and no timer is armed: nothing but host input
   * (a UART byte) can wake it. The caller decides whether to wait for input.
   */
  | { readonly kind: 'idle' }
  /**
   * Going on would take virtual time past the caller's virtualTimeLimitNs
   * (used to pace the guest to wall-clock time). Nothing changed; run again
   * with a later limit. nextEventNs is the virtual time the machine would
   * jump to if it is sleeping (Infinity when it is executing).
   */
  | { readonly kind: 'timeLimit'; readonly nextEventNs: number }
  /**
   * The UART can take host input now, and the caller said it has some
   * (RunOptions.hostInputPending): hand it over with uartReceive and run on.
   * The guest gets queued input as soon as it makes room, as on QEMU.
   */
  | { readonly kind: 'inputReady' }
  /** The guest wrote the finisher: pass (code 0) or fail with a code. Sticky. */
  | { readonly kind: 'exit'; readonly code: number; readonly pass: boolean }
  /** The guest asked for a system reset; call Machine.reset() to carry it out. */
  | { readonly kind: 'reset' };

export interface RunOptions {
  /** Do not stop at a breakpoint on the starting pc (continuing from it). */
  readonly resumeFromBreakpoint?: boolean;
  /** The caller holds UART input the guest has not taken yet: stop with `inputReady` when it can. */
  readonly hostInputPending?: boolean;
  /** Stop with `timeLimit` rather than let virtual time pass this point. */
  readonly virtualTimeLimitNs?: number;
}
