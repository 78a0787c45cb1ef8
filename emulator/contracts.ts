// The contracts between the parts of the machine: the hart (emulator/cpu),
// the physical bus and RAM (emulator/memory), the devices (emulator/devices)
// and the run loop (emulator/machine). Each part is written against these
// shapes only, so the parts can be built and tested separately.
//
// Conventions: guest addresses and register values are held as JS numbers;
// 32-bit quantities are kept as int32 in hot paths (`x | 0`) and converted
// with `>>> 0` only where an unsigned view is needed (compares, output).
// icount (retired instructions, the position in time) is a JS number: exact
// up to 2^53, far past any recording.

/** Byte widths of a physical access. */
export type AccessSize = 1 | 2 | 4;

/** Kinds of data watchpoint, as gdb and DAP name them. */
export type WatchKind = 'read' | 'write' | 'access';

/**
 * Guest RAM: one flat little-endian byte array at `base`, with a dirty flag
 * per 4 KiB page. Snapshots (emulator/snapshot) copy only pages whose flag
 * is set and then clear it; every writer of RAM must set the flag.
 */
export interface GuestRam {
  readonly base: number;
  readonly size: number;
  readonly bytes: Uint8Array;
  /** One entry per 4 KiB page: 1 when written since the flag was last cleared. */
  readonly dirtyPages: Uint8Array;
}

/** RAM page size in bytes and its log2 (ARCHITECTURE.md: snapshots). */
export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;

/**
 * The physical address space as the hart sees it. The hart reaches RAM
 * directly through `ram` for speed; everything else (MMIO, holes) goes
 * through read/write. An access that hits no device sets `fault` (the hart
 * then raises an access fault); the hart clears `fault` before each access.
 */
export interface PhysicalBus {
  readonly ram: GuestRam;
  fault: boolean;
  read(paddr: number, size: AccessSize): number;
  write(paddr: number, size: AccessSize, value: number): void;
  /**
   * Set by a device when an MMIO access changed something the run loop must
   * look at before the next instruction (a timer deadline moved, an interrupt
   * line changed, the finisher was written). The hart ends its run slice
   * right after the instruction that caused it; the run loop clears it.
   */
  attention: boolean;
}

/** Bits of mip / mie (privileged spec, 3.1.9). */
export const enum Irq {
  SSIP = 1 << 1,
  MSIP = 1 << 3,
  STIP = 1 << 5,
  MTIP = 1 << 7,
  SEIP = 1 << 9,
  MEIP = 1 << 11,
}

/** What devices drive: the level of one interrupt line into the hart's mip. */
export interface InterruptLines {
  setIrqLevel(bit: Irq, level: boolean): void;
}

/** The virtual time the hart reads through the `time` CSR: mtime ticks. */
export interface TimeSource {
  /** The CLINT's mtime at the current instruction (10 MHz timebase). */
  mtime(): number;
}

/**
 * Why a run slice of the hart ended. Every stop lands on an instruction
 * boundary; `icount` in the machine is exact at that point.
 */
export type HartStop =
  | { kind: 'budget' }
  /** pc equals a breakpoint address; the instruction there has NOT run. */
  | { kind: 'breakpoint'; pc: number }
  /** A watched access; the accessing instruction HAS run (gdb's convention). */
  | { kind: 'watchpoint'; address: number; size: number; access: WatchKind; pc: number }
  /** A synchronous trap or an interrupt was taken, and stopOnTrap was set. */
  | { kind: 'trap'; cause: number; interrupt: boolean; tval: number; pc: number }
  /** WFI with no interrupt pending and enabled: the hart sleeps until one is. */
  | { kind: 'wfi' }
  /** A device asked the run loop to look (PhysicalBus.attention). */
  | { kind: 'attention' };

/**
 * A named, versioned piece of saved state. Every part of the machine saves
 * one of these (never positional arrays), and loading never calls into
 * another part (shared/reference/replay.txt: save/restore).
 */
export interface SavedState {
  readonly kind: string;
  readonly version: number;
}

/** A data watchpoint on a physical byte range [address, address + size). */
export interface Watchpoint {
  readonly address: number;
  readonly size: number;
  readonly kind: WatchKind;
}

/**
 * What the run loop (emulator/machine) needs from a hart (emulator/cpu).
 * The hart knows nothing of clocks beyond TimeSource, nothing of devices
 * beyond PhysicalBus, and nothing of the debugger beyond breakpoints,
 * watchpoints and stopOnTrap.
 */
export interface HartControl extends InterruptLines {
  /** x0..x31; x0 always reads 0. */
  readonly regs: Int32Array;
  pc: number;
  /** 3 = M, 1 = S, 0 = U. */
  readonly privilege: number;
  /** True while sleeping in WFI; cleared when an interrupt becomes pending and enabled. */
  readonly waiting: boolean;
  /**
   * Runs at most `budget` instructions (budget >= 1) and returns how many
   * were executed; an instruction that raises a synchronous exception counts
   * as executed (it is a step in time), taking an interrupt does not. Why it
   * stopped is in `lastStop`. With `resumeFromBreakpoint`, a breakpoint at
   * the starting pc does not stop (the debugger continues from it).
   */
  run(budget: number, resumeFromBreakpoint?: boolean): number;
  /**
   * How many instructions the current run() call has executed so far. Must
   * be exact whenever the hart calls into the bus or the TimeSource, since
   * devices read virtual time (icount) in the middle of a slice.
   */
  readonly retiredInSlice: number;
  readonly lastStop: HartStop;
  /** Stop (after entering the handler) whenever a trap or interrupt is taken. */
  stopOnTrap: boolean;
  /** pc values (virtual addresses, as the hart fetches) at which to stop before executing. */
  readonly breakpoints: Set<number>;
  /** Data watchpoints on physical addresses; checked only when non-empty. */
  setWatchpoints(list: readonly Watchpoint[]): void;
  /** Reset as QEMU's virt board does with -bios none: M mode, pc = entry, a0 = hartId, a1 = dtb. */
  reset(entry: number, hartId: number, dtbAddress: number): void;
  /** Drop cached decodings of [paddr, paddr + length) after an outside write (loader, debugger). */
  invalidateCode(paddr: number, length: number): void;
  saveState(): SavedState;
  loadState(state: SavedState): void;
}
