// The machine: QEMU's virt board (RV32, -bios none) around one hart, and the
// run loop that drives it in icount mode (ARCHITECTURE.md: the machine,
// time). Execution goes in slices bounded by the next virtual-timer
// deadline, so every timer fires at an exact instruction count; due timers
// fire at instruction boundaries; when the hart sleeps in WFI, virtual time
// jumps (a deterministic warp) to the next deadline, and with no deadline
// the run stops as `idle` for the caller to supply host input. icount is
// exact at every stop and, through the hart's progress counter, at every
// device access inside a slice.
import { createHash } from 'crypto';
import { HartControl, PAGE_SIZE, PhysicalBus, SavedState, TimeSource, Watchpoint } from '../contracts';
import { VirtualClock } from '../clock/virtualClock';
import { expectState } from '../devices/device';
import { HostInputs } from '../devices/hostInputs';
import { DEFAULT_ISA, DEFAULT_MMU_TYPE, boardDeviceTree, buildFdt } from '../loader/deviceTree';
import { ElfError, ElfImage, parseElf } from '../loader/elf';
import { BoardParts, buildBoard } from './board';
import { canonicalJson } from './canonical';
import { GuestMemoryError, MachineError } from './errors';
import { DEFAULT_RAM_MIB, DRAM_BASE, MROM_BASE, MROM_SIZE, deviceTreeAddress } from './memoryMap';
import { MachineStop, RunOptions } from './stops';
import { Hart } from '../cpu/hart';

export interface MachineConfig {
  /** Guest RAM in MiB (default 128, as QEMU's virt). */
  readonly ramSizeMiB?: number;
  /** virtual_ns = icount << shift (default 0: one instruction per ns). */
  readonly icountShift?: number;
  /** Host wall-clock time for the RTC; the only host input besides UART bytes. */
  readonly hostInputs: HostInputs;
  /** Receives every byte the guest writes to UART0. */
  readonly uartSink?: (byte: number) => void;
  /**
   * Builds the hart on the machine's bus and time source (default: the
   * emulator's RV32IMAC hart). The hart must keep retiredInSlice exact
   * whenever it calls into either (devices read virtual time mid-slice).
   */
  readonly createHart?: (bus: PhysicalBus, time: TimeSource) => HartControl;
  /** riscv,isa in the device tree (default rv32imac_zicsr_zifencei). */
  readonly isa?: string;
  /** mmu-type of the cpu in the device tree (default riscv,sv32). */
  readonly mmuType?: string;
}

export interface MachineState extends SavedState {
  readonly kind: 'machine';
  readonly version: 1;
  readonly icount: number;
  readonly ramSize: number;
  readonly clock: SavedState;
  readonly hart: SavedState;
  readonly devices: Readonly<Record<string, SavedState>>;
}

/** What loadElf put where. */
export interface BootInfo {
  readonly entry: number;
  readonly deviceTreeAddress: number;
  readonly segments: ReadonlyArray<{ readonly paddr: number; readonly fileSize: number; readonly memSize: number }>;
}

const HART_ID = 0;
/** Zeros to compare RAM against when hashing (16 pages). */
const ZERO_BLOCK = Buffer.alloc(16 * PAGE_SIZE);
/** The longest slice handed to the hart at once (keeps its counters small integers). */
const MAX_SLICE = 2 ** 30;
/** A hart that keeps returning without progress would hang the host; this bounds it. */
const MAX_IDLE_SLICES = 1_000_000;

export class Machine {
  readonly hart: HartControl;
  readonly clock: VirtualClock;
  /** The device tree blob given to the guest. */
  readonly deviceTree: Uint8Array;
  readonly deviceTreeAddress: number;
  private readonly board: BoardParts;
  private icountAtSliceStart = 0;
  private inSlice = false;
  private image: ElfImage | undefined;
  /** Set while a run() was told of pending host input: a guest read that frees UART space ends the slice. */
  private wantRxSpace = false;

  constructor(config: MachineConfig) {
    const ramSizeMiB = config.ramSizeMiB ?? DEFAULT_RAM_MIB;
    if (!Number.isInteger(ramSizeMiB) || ramSizeMiB < 1 || DRAM_BASE + ramSizeMiB * 2 ** 20 > 2 ** 32) {
      throw new MachineError(`RAM size must be a whole number of MiB from 1 to ${(2 ** 32 - DRAM_BASE) / 2 ** 20}, got ${ramSizeMiB}`);
    }
    this.deviceTree = buildFdt(
      boardDeviceTree({ ramBase: DRAM_BASE, ramSize: ramSizeMiB * 2 ** 20, isa: config.isa ?? DEFAULT_ISA, mmuType: config.mmuType ?? DEFAULT_MMU_TYPE }),
    );
    this.deviceTreeAddress = deviceTreeAddress(DRAM_BASE, ramSizeMiB * 2 ** 20, this.deviceTree.length);
    this.board = buildBoard({
      ramSizeMiB,
      icountShift: config.icountShift ?? 0,
      hostInputs: config.hostInputs,
      uartSink: config.uartSink ?? (() => {}),
      deviceTreeAddress: this.deviceTreeAddress,
      icountNow: () => this.icount,
      // Devices drive lines only from reset or guest accesses, both after the hart exists.
      hartLines: () => this.hart,
    });
    this.clock = this.board.clock;
    const createHart = config.createHart ?? ((bus: PhysicalBus, time: TimeSource): HartControl => new Hart(bus, time));
    this.hart = createHart(this.board.bus, this.board.clint);
    // Without it every device would read NaN for virtual time mid-slice; fail here instead of hanging later.
    if (typeof this.hart.retiredInSlice !== 'number') {
      throw new MachineError('the hart does not report retiredInSlice (emulator/contracts.ts: HartControl)');
    }
    this.board.uart.onRxSpace = () => {
      if (this.wantRxSpace) this.board.bus.attention = true;
    };
  }

  /** Retired instructions since power-on: the position in time. Exact at every instruction boundary. */
  get icount(): number {
    return this.inSlice ? this.icountAtSliceStart + this.hart.retiredInSlice : this.icountAtSliceStart;
  }

  /** Virtual time in ns (icount << shift plus warps). */
  virtualNs(): number {
    return this.clock.nowNs();
  }

  /** The earliest armed virtual-timer deadline in ns, Infinity if none. */
  nextTimerDeadlineNs(): number {
    return this.board.timers.nextDeadline();
  }

  /** Armed timers by name (diagnostics). */
  armedTimers(): Record<string, number> {
    return this.board.timers.describe();
  }

  get ram(): BoardParts['ram'] {
    return this.board.ram;
  }

  get bus(): BoardParts['bus'] {
    return this.board.bus;
  }

  /** The board's devices (for tests and diagnostics; the guest reaches them through the bus). */
  get devices(): Pick<BoardParts, 'clint' | 'plic' | 'uart' | 'rtc' | 'test'> {
    return this.board;
  }

  /**
   * Loads an executable and boots the hart at its entry with a0 = hart id
   * and a1 = the device tree. Throws ElfError for files it cannot run; RAM
   * is untouched then.
   */
  loadElf(bytes: Uint8Array): BootInfo {
    if (this.image !== undefined) throw new MachineError('a program is already loaded; create a new Machine for another one');
    const image = parseElf(bytes, this.board.ram);
    const dtbEnd = this.deviceTreeAddress + this.deviceTree.length;
    for (const s of image.segments) {
      if (s.paddr < dtbEnd && this.deviceTreeAddress < s.paddr + s.memSize) {
        throw new ElfError(
          'segment-outside-ram',
          `a segment at 0x${s.paddr.toString(16)} overlaps the device tree at 0x${this.deviceTreeAddress.toString(16)} (QEMU puts it there too): give more RAM`,
        );
      }
    }
    this.image = image;
    this.powerOnReset();
    return {
      entry: image.entry,
      deviceTreeAddress: this.deviceTreeAddress,
      segments: image.segments.map((s) => ({ paddr: s.paddr, fileSize: s.data.length, memSize: s.memSize })),
    };
  }

  /**
   * System reset, as QEMU does for a guest reset request: the program and
   * device tree are copied into RAM again, devices and hart reset; icount
   * and virtual time go on.
   */
  reset(): void {
    if (this.image === undefined) throw new MachineError('no program loaded');
    this.powerOnReset();
  }

  private powerOnReset(): void {
    const image = this.image as ElfImage;
    const ram = this.board.ram;
    for (const s of image.segments) {
      ram.writeBytes(s.paddr, s.data);
      ram.fill(s.paddr + s.data.length, s.memSize - s.data.length);
      this.hart.invalidateCode(s.paddr, s.memSize);
    }
    ram.writeBytes(this.deviceTreeAddress, this.deviceTree);
    this.hart.invalidateCode(this.deviceTreeAddress, this.deviceTree.length);
    // Hart first: its reset may clear mip; the devices' resets drive their lines afterwards.
    this.hart.reset(image.entry, HART_ID, this.deviceTreeAddress);
    for (const device of this.board.devices) device.reset();
    this.board.bus.attention = false;
  }

  /**
   * Runs at most `budget` instructions and returns why it stopped. Stopping
   * never changes guest state, so run(a) then run(b) ends where run(a + b)
   * would (save for the stop itself).
   */
  run(budget: number, options: RunOptions = {}): MachineStop {
    if (this.image === undefined) throw new MachineError('no program loaded');
    if (!(budget >= 0)) throw new RangeError(`budget must be >= 0, got ${budget}`);
    const { board, clock, hart } = this;
    const limit = options.virtualTimeLimitNs ?? Infinity;
    let resume = options.resumeFromBreakpoint === true;
    const inputPending = options.hostInputPending === true;
    this.wantRxSpace = inputPending;
    let remaining = budget;
    let idleSlices = 0;
    for (;;) {
      board.timers.fireDue(clock.nowNs());
      const request = board.test.request;
      if (request !== null) return request.kind === 'exit' ? { kind: 'exit', code: request.code, pass: request.pass } : { kind: 'reset' };
      if (inputPending && board.uart.rxCapacity() > 0) return { kind: 'inputReady' };
      if (remaining <= 0) return { kind: 'budget' };
      const deadline = board.timers.nextDeadline();
      if (hart.waiting) {
        if (deadline === Infinity) return { kind: 'idle' };
        if (deadline > limit) return { kind: 'timeLimit', nextEventNs: deadline };
        clock.warpTo(deadline);
        continue;
      }
      const slice = Math.min(remaining, clock.instructionsUntil(deadline), clock.instructionsUntil(limit), MAX_SLICE);
      if (slice <= 0) return { kind: 'timeLimit', nextEventNs: Infinity };
      board.bus.attention = false;
      this.inSlice = true;
      let executed = 0;
      try {
        executed = hart.run(slice, resume);
      } finally {
        this.icountAtSliceStart += executed;
        this.inSlice = false;
      }
      resume = false;
      remaining -= executed;
      const stop = hart.lastStop;
      switch (stop.kind) {
        case 'breakpoint':
        case 'watchpoint':
        case 'trap':
          return stop;
        default:
          if (executed > 0) idleSlices = 0;
          else if (++idleSlices > MAX_IDLE_SLICES) throw new MachineError(`the hart keeps stopping ('${stop.kind}') without retiring instructions`);
      }
    }
  }

  /**
   * Lets virtual time pass while the machine is idle (the hart sleeps in WFI
   * with no timer armed), as much as the host waited for input. Unlike the
   * warps to timer deadlines this one depends on the host, so the replay
   * layer records it. Only allowed while idle: no timer can be skipped.
   */
  warpIdle(ns: number): void {
    if (this.inSlice || !this.hart.waiting || this.board.timers.nextDeadline() !== Infinity) {
      throw new MachineError('virtual time can only be advanced by hand while the machine is idle');
    }
    if (!(ns >= 0) || !Number.isSafeInteger(ns)) throw new RangeError(`idle warp must be a whole number of ns, got ${ns}`);
    this.clock.warpTo(this.clock.nowNs() + ns);
  }

  /** How many UART bytes the guest can take now (0 when its receiver is full). */
  uartRxCapacity(): number {
    return this.board.uart.rxCapacity();
  }

  /**
   * Host input for UART0, applied at the current instruction boundary (call
   * only between runs). Takes at most uartRxCapacity() bytes and returns how
   * many it took; the caller keeps the rest for later.
   */
  uartReceive(bytes: Uint8Array): number {
    if (this.inSlice) throw new MachineError('UART input can only be applied between run slices');
    const taken = Math.min(bytes.length, this.board.uart.rxCapacity());
    if (taken > 0) this.board.uart.receive(bytes.subarray(0, taken));
    return taken;
  }

  get breakpoints(): Set<number> {
    return this.hart.breakpoints;
  }

  setWatchpoints(list: readonly Watchpoint[]): void {
    this.hart.setWatchpoints(list);
  }

  get stopOnTrap(): boolean {
    return this.hart.stopOnTrap;
  }

  set stopOnTrap(on: boolean) {
    this.hart.stopOnTrap = on;
  }

  /** Physical memory for a debugger: RAM or the boot ROM (no device registers: reading them has effects). */
  readMemory(paddr: number, length: number): Uint8Array {
    paddr >>>= 0;
    if (this.board.ram.contains(paddr, length)) return this.board.ram.readBytes(paddr, length);
    if (paddr >= MROM_BASE && paddr + length <= MROM_BASE + MROM_SIZE) {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) out[i] = this.board.bus.read(paddr + i, 1);
      return out;
    }
    throw new GuestMemoryError(paddr, length, `cannot read [0x${paddr.toString(16)}, +${length}): not RAM or ROM`);
  }

  /** Writes RAM for a debugger; drops the hart's cached decodings of what changed. */
  writeMemory(paddr: number, data: Uint8Array): void {
    paddr >>>= 0;
    if (!this.board.ram.contains(paddr, data.length)) {
      throw new GuestMemoryError(paddr, data.length, `cannot write [0x${paddr.toString(16)}, +${data.length}): not RAM`);
    }
    this.board.ram.writeBytes(paddr, data);
    this.hart.invalidateCode(paddr, data.length);
  }

  /** Number of 4 KiB RAM pages. */
  get ramPageCount(): number {
    return this.board.ram.pageCount;
  }

  copyRamPage(index: number): Uint8Array {
    return this.board.ram.copyPage(index);
  }

  /** Restores one RAM page (snapshot restore); the hart's cached code for it is dropped. */
  restoreRamPage(index: number, data: Uint8Array): void {
    this.board.ram.restorePage(index, data);
    this.hart.invalidateCode(this.board.ram.base + index * PAGE_SIZE, PAGE_SIZE);
  }

  /** Everything but RAM: icount, clock, hart, devices (with their timers and line levels). */
  saveState(): MachineState {
    if (this.inSlice) throw new MachineError('state can only be saved between run slices');
    const devices: Record<string, SavedState> = {};
    for (const d of this.board.devices) devices[d.name] = d.saveState();
    return {
      kind: 'machine',
      version: 1,
      icount: this.icountAtSliceStart,
      ramSize: this.board.ram.size,
      clock: this.clock.saveState(),
      hart: this.hart.saveState(),
      devices,
    };
  }

  /** Restores saveState() output. Parts load in the order `devices` lists them; none calls another. */
  loadState(state: SavedState): void {
    if (this.inSlice) throw new MachineError('state can only be loaded between run slices');
    const s = expectState<MachineState>(state, 'machine', 1);
    if (s.ramSize !== this.board.ram.size) {
      throw new MachineError(`saved machine has ${s.ramSize} bytes of RAM; this one has ${this.board.ram.size}`);
    }
    const byName = new Map(this.board.devices.map((d) => [d.name, d]));
    const names = Object.keys(s.devices);
    const missing = [...byName.keys()].filter((n) => !names.includes(n));
    const unknown = names.filter((n) => !byName.has(n));
    if (missing.length || unknown.length) {
      throw new MachineError(`saved machine devices do not match: missing [${missing.join(', ')}], unknown [${unknown.join(', ')}]`);
    }
    this.icountAtSliceStart = s.icount;
    this.clock.loadState(s.clock);
    this.hart.loadState(s.hart);
    for (const name of names) (byName.get(name) as (typeof this.board.devices)[number]).loadState(s.devices[name]);
    this.board.bus.attention = false;
  }

  /**
   * SHA-256 (hex) of the whole machine: saved state in canonical form, then
   * every RAM page that is not all zero, each preceded by its page number.
   * (Skipping zero pages, found with native compares, makes this about ten
   * times faster than hashing all of a mostly empty RAM.)
   */
  stateHash(): string {
    const hash = createHash('sha256');
    hash.update(canonicalJson(this.saveState()));
    const ram = this.board.ram.bytes;
    const buf = Buffer.from(ram.buffer, ram.byteOffset, ram.byteLength);
    const index = Buffer.alloc(4);
    for (let block = 0; block < buf.length; block += ZERO_BLOCK.length) {
      const blockEnd = Math.min(block + ZERO_BLOCK.length, buf.length);
      if (buf.compare(ZERO_BLOCK, 0, blockEnd - block, block, blockEnd) === 0) continue;
      for (let page = block; page < blockEnd; page += PAGE_SIZE) {
        if (buf.compare(ZERO_BLOCK, 0, PAGE_SIZE, page, page + PAGE_SIZE) === 0) continue;
        index.writeUInt32LE(page / PAGE_SIZE);
        hash.update(index);
        hash.update(buf.subarray(page, page + PAGE_SIZE));
      }
    }
    return hash.digest('hex');
  }
}
