// The RV32IMAC + Zicsr + Zifencei hart with M, S and U modes (RISC-V
// unprivileged spec 20191213, privileged spec v1.12; QEMU 7.2 where the spec
// leaves a choice). This file holds the architectural state and the
// HartControl surface the run loop (emulator/machine) drives; execution is
// in interpreter.ts and the slow paths in the modules it names.
import type {
  AccessSize, GuestRam, HartControl, HartStop, Irq, PhysicalBus, SavedState, TimeSource, Watchpoint,
} from '../contracts';
import { PAGE_SIZE } from '../contracts';
import { CodeCache, CompiledRegion, DECODED_PAGE_WORDS, DecodedPage, HEAT, MAX_BLOCKS, PAGE_HAS_CODE, PAGE_HAS_PTES, RegionCode } from './decode-cache';
import { compileRegion } from './block-compiler';
import { BreakpointIndex, BreakpointSet } from './breakpoints';
import { Counter64 } from './counters';

export { BreakpointSet } from './breakpoints';
import { IRQ_ALL, IRQ_MEI, IRQ_MSI, IRQ_MTI, IRQ_SEI, MSTATUS_MPP, MSTATUS_MPRV, execCsr, readCsr } from './csr';
import { ACCESS_LOAD, translate } from './mmu';
import { decodeSlot, fetchPage } from './fetch';
import { MAX_SLICE, Op, SLOTS, StopCode, runLoop } from './interpreter';
import { execAtomic, loadSlow, storeSlow } from './memory-access';
import { Pmp } from './pmp';
import { loadHartState, saveHartState } from './state';
import { DataTlb, FetchTlb } from './tlb';
import { TrapObserver, execSystem, takePendingInterrupt, takeTrap } from './trap';

export type { TrapObserver } from './trap';

const STOP_BUDGET: HartStop = Object.freeze({ kind: 'budget' });
const STOP_WFI: HartStop = Object.freeze({ kind: 'wfi' });
const STOP_ATTENTION: HartStop = Object.freeze({ kind: 'attention' });

function checkRam(ram: GuestRam): void {
  if (ram.base % PAGE_SIZE !== 0) throw new Error(`RAM base 0x${ram.base.toString(16)} is not 4 KiB aligned`);
  if (ram.bytes.byteOffset % 4 !== 0) throw new Error('RAM bytes must start on a 4-byte boundary of their buffer');
  if (ram.bytes.length < ram.size) throw new Error('RAM bytes are shorter than the RAM size');
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('the hart needs a little-endian host');
}

export class Hart implements HartControl {
  // ---- architectural state ----
  readonly regs = new Int32Array(32);
  /** pc as int32 (the `pc` accessor gives the unsigned view). */
  pcValue = 0;
  /** 3 = M, 1 = S, 0 = U. Change it only through setPrivilege. */
  privilege = 3;
  waiting = false;
  /**
   * Retired instructions since the hart was created (an instruction that
   * raised an exception counts). While an instruction executes (CSR reads,
   * MMIO callbacks, TimeSource) it is the count retired before it.
   */
  icount = 0;
  hartId = 0;
  mstatus = 0;
  mie = 0;
  /** Effective mip: line levels, software bits, and SEIP = line | software bit. */
  mip = 0;
  seipLine = false;
  seipSoftware = false;
  medeleg = 0;
  mideleg = 0;
  mtvec = 0;
  stvec = 0;
  mepc = 0;
  sepc = 0;
  mcause = 0;
  scause = 0;
  mtval = 0;
  stval = 0;
  mscratch = 0;
  sscratch = 0;
  /** int32: bit 31 (negative) = Sv32. */
  satp = 0;
  mcounteren = 0;
  scounteren = 0;
  menvcfg = 0;
  senvcfg = 0;
  mcountinhibit = 0;
  readonly cycle = new Counter64();
  readonly instret = new Counter64();
  readonly pmp = new Pmp();
  reservationValid = false;
  reservationAddress = 0;
  reservationValue = 0;

  // ---- debugger surface ----
  lastStop: HartStop = STOP_BUDGET;
  /** icount when the current run() call began; see retiredInSlice. */
  private sliceStartIcount = 0;
  stopOnTrap = false;
  /** Told of every trap taken, while set (one check per trap, nothing per instruction). */
  trapObserver: TrapObserver | null = null;
  readonly breakpoints = new BreakpointSet();
  watchpoints: readonly Watchpoint[] = [];
  /**
   * While collecting (>= 0; see collectHits): breakpoint and watchpoint
   * hits do not stop the hart; the last one at an icount below this bound
   * is kept in collectedIcount / collectedStop.
   */
  collectBefore = -1;
  /** The icount the last collected hit would have stopped at (-1: none). */
  collectedIcount = -1;
  /** The last collected hit: a watchpoint's stop, or (when null) the breakpoint at collectedPc. */
  collectedWatch: HartStop | null = null;
  collectedPc = -1;
  /**
   * Called at every instruction boundary (before breakpoints are checked
   * and before a pending interrupt is taken) with the icount and pc there,
   * while set; the hart then runs nothing compiled. For a debugger's
   * single-step scans: the same boundaries as run(1) calls see, without a
   * call per instruction.
   */
  boundaryHook: ((icount: number, pc: number) => void) | null = null;

  // ---- run-slice bookkeeping (shared with the interpreter and slow paths) ----
  stop: StopCode = StopCode.None;
  /** Set by takeTrap; slow paths clear it before an access to learn whether it trapped. */
  trapTaken = false;
  /** Set by physical accesses that nothing answered. */
  busError = false;
  /** Something that affects interrupt selection changed since the last check. */
  irqDirty = true;
  watchHit: HartStop | null = null;
  trapStop: HartStop | null = null;
  /** Results of fetchPage / decodeSlot. */
  fetchOff = 0;
  fetchCacheable = false;
  decodedImm = 0;
  /** Placeholder for the interpreter's current page before the first fetch. */
  readonly emptyPage: DecodedPage = new Int32Array(DECODED_PAGE_WORDS);

  // ---- memory ----
  readonly ramBase: number;
  readonly ramSize: number;
  /** Bytes of RAM covered by whole 4 KiB pages (only those are cached). */
  readonly ramPagesBytes: number;
  readonly ram8: Uint8Array;
  readonly ram16: Uint16Array;
  readonly ram32: Int32Array;
  readonly ramDirty: Uint8Array;
  readonly codeCache: CodeCache<Hart>;
  /** Per RAM page: PAGE_HAS_CODE, PAGE_HAS_PTES (decode-cache.ts). */
  readonly pageFlags: Uint8Array;
  /**
   * Interpreted executions of an instruction after which the code from
   * there is compiled to JavaScript (block-compiler.ts); 0 disables it.
   */
  compileAfter = 500;
  /** Set by compiled code when it left through a slow path. */
  regionExit = 0;
  /** icount when the current run slice started (counts inside it are relative to this). */
  runBase = 0;
  /** A state was loaded: RAM may differ from what the code cache was built from (checked before running). */
  private codeCheckPending = false;
  /** The breakpoint set as the run loop looks it up (kept current by run()). */
  readonly breakpointIndex = new BreakpointIndex();
  /** TLB sets by effective privilege (index 2 unused). */
  private readonly dataTlbs: DataTlb[] = [new DataTlb(), new DataTlb(), new DataTlb(), new DataTlb()];
  private readonly fetchTlbs: FetchTlb[] = [new FetchTlb(), new FetchTlb(), new FetchTlb(), new FetchTlb()];
  dataTlb: DataTlb;
  fetchTlb: FetchTlb;
  /** Privilege used for loads and stores (mstatus.MPRV applied). */
  dataMode = 3;

  constructor(readonly bus: PhysicalBus, readonly time: TimeSource) {
    const ram = bus.ram;
    checkRam(ram);
    this.ramBase = ram.base;
    this.ramSize = ram.size;
    this.ramPagesBytes = Math.floor(ram.size / PAGE_SIZE) * PAGE_SIZE;
    const buf = ram.bytes.buffer;
    this.ram8 = ram.bytes;
    this.ram16 = new Uint16Array(buf, ram.bytes.byteOffset, ram.size >>> 1);
    this.ram32 = new Int32Array(buf, ram.bytes.byteOffset, ram.size >>> 2);
    this.ramDirty = ram.dirtyPages;
    this.pageFlags = new Uint8Array(Math.ceil(ram.size / PAGE_SIZE));
    this.codeCache = new CodeCache<Hart>(this.pageFlags.length, this.pageFlags, this.ram32);
    this.dataTlb = this.dataTlbs[3];
    this.fetchTlb = this.fetchTlbs[3];
  }

  get pc(): number {
    return this.pcValue >>> 0;
  }

  set pc(value: number) {
    this.pcValue = value | 0;
  }

  // ---- HartControl ----

  /** Exact mid-slice, because icount is kept exact while an instruction executes. */
  get retiredInSlice(): number {
    return this.icount - this.sliceStartIcount;
  }

  run(budget: number, resumeFromBreakpoint = false): number {
    this.sliceStartIcount = this.icount;
    if (this.codeCheckPending) {
      this.codeCheckPending = false;
      this.codeCache.revalidate();
    }
    this.breakpointIndex.update(this.breakpoints);
    this.regs[0] = 0; // in case a debugger wrote it
    this.stop = StopCode.None;
    this.watchHit = null;
    this.trapStop = null;
    if (this.waiting) {
      if ((this.mip & this.mie) === 0) { this.lastStop = STOP_WFI; return 0; }
      this.waiting = false;
    }
    let n = 0;
    let left = budget >= 1 ? Math.floor(budget) : 0;
    while (left > 0) {
      const slice = Math.min(left, MAX_SLICE);
      const done = runLoop(this, slice, resumeFromBreakpoint && n === 0);
      n += done;
      left -= done;
      if (this.stop !== StopCode.None || done < slice) break;
    }
    this.lastStop = this.stopReport();
    return n;
  }

  /**
   * Starts (bound >= 0) or ends (bound < 0) collecting: instead of
   * stopping at a breakpoint or watchpoint, the hart remembers the last
   * hit that would have stopped it at an icount below `bound`, with the
   * stop it would have reported, and goes on. A backward scan wants only
   * the last hit of an interval; collecting finds it without a stop and a
   * restart per hit. Guest state is the same either way (stopping never
   * changes it).
   */
  collectHits(bound: number): void {
    this.collectBefore = bound;
    this.collectedIcount = -1;
    this.collectedWatch = null;
    this.collectedPc = -1;
  }

  /** The stop the last collected hit would have reported, or null. */
  get collectedStop(): HartStop | null {
    if (this.collectedIcount < 0) return null;
    return this.collectedWatch ?? { kind: 'breakpoint', pc: this.collectedPc };
  }

  /** The interpreter met a breakpoint while collecting. */
  collectBreakpoint(icount: number, pc: number): void {
    if (icount < this.collectBefore) {
      this.collectedIcount = icount;
      this.collectedWatch = null;
      this.collectedPc = pc >>> 0;
    }
  }

  /**
   * The code to run for `region` while its page has breakpoints: the region
   * itself when none of its instructions carries one, else a variant whose
   * blocks holding one leave to the interpreter (which stops at them).
   */
  regionCodeWithBreakpoints(region: CompiledRegion<Hart>): RegionCode<Hart> {
    return this.breakpointIndex.regionCode(region, this.breakpoints);
  }

  private stopReport(): HartStop {
    switch (this.stop) {
      case StopCode.Breakpoint: return { kind: 'breakpoint', pc: this.pcValue >>> 0 };
      case StopCode.Watchpoint: return this.watchHit ?? STOP_BUDGET;
      case StopCode.Trap: return this.trapStop ?? STOP_BUDGET;
      case StopCode.Wfi: return STOP_WFI;
      case StopCode.Attention: return STOP_ATTENTION;
      default: return STOP_BUDGET;
    }
  }

  setIrqLevel(bit: Irq, level: boolean): void {
    if (bit === IRQ_SEI) this.seipLine = level;
    else if (level) this.mip = (this.mip | bit) & IRQ_ALL;
    else this.mip &= ~bit;
    this.updateSeip();
  }

  /** Sets a software-writable mip bit (SSIP, STIP, or the software half of SEIP). */
  setSoftwareIrq(bit: number, level: boolean): void {
    if (bit === IRQ_SEI) this.seipSoftware = level;
    else if (level) this.mip |= bit;
    else this.mip &= ~bit;
    this.updateSeip();
  }

  private updateSeip(): void {
    this.mip = this.seipLine || this.seipSoftware ? this.mip | IRQ_SEI : this.mip & ~IRQ_SEI;
    this.irqDirty = true;
    if (this.waiting && (this.mip & this.mie) !== 0) this.waiting = false;
  }

  setWatchpoints(list: readonly Watchpoint[]): void {
    this.watchpoints = list.map((w) => ({ address: w.address, size: w.size, kind: w.kind }));
    this.flushTlbs(); // pages a watchpoint covers stay out of the data TLB: their accesses take the checked path
  }

  reset(entry: number, hartId: number, dtbAddress: number): void {
    this.regs.fill(0);
    this.regs[10] = hartId | 0;
    this.regs[11] = dtbAddress | 0;
    this.pcValue = entry | 0;
    this.hartId = hartId | 0;
    this.mstatus = 0;
    this.mie = 0;
    this.mip &= IRQ_MSI | IRQ_MTI | IRQ_MEI; // device-driven lines keep their level; SEIP is rebuilt below
    this.seipSoftware = false;
    this.medeleg = 0;
    this.mideleg = 0;
    this.mtvec = 0;
    this.stvec = 0;
    this.mepc = this.sepc = this.mcause = this.scause = this.mtval = this.stval = 0;
    this.mscratch = this.sscratch = 0;
    this.satp = 0;
    this.mcounteren = this.scounteren = 0;
    this.menvcfg = this.senvcfg = 0;
    this.mcountinhibit = 0;
    this.cycle.reset(this.icount);
    this.instret.reset(this.icount);
    this.pmp.clear();
    this.reservationValid = false;
    this.reservationAddress = 0;
    this.reservationValue = 0;
    this.waiting = false;
    this.codeCache.clearAll();
    this.setPrivilege(3);
    this.flushTlbs();
    this.updateSeip();
  }

  invalidateCode(paddr: number, length: number): void {
    const start = Math.max(paddr - this.ramBase, 0);
    const end = Math.min(paddr - this.ramBase + length, this.ramSize);
    if (end > start) this.codeCache.invalidate(start, end - start);
  }

  saveState(): SavedState {
    return saveHartState(this);
  }

  loadState(state: SavedState): void {
    loadHartState(this, state);
    // RAM may have been restored under us: the next run drops cached code whose bytes changed.
    this.codeCheckPending = true;
    this.setPrivilege(this.privilege);
    this.flushTlbs();
    this.irqDirty = true;
  }

  // ---- for debuggers (no side effects on the guest) ----

  /**
   * The value of CSR `csr` as an M-mode csrr would read it, or undefined
   * when the hart has no such CSR. Reads nothing from devices but `time`.
   */
  csrValue(csr: number): number | undefined {
    const saved = this.privilege;
    this.privilege = 3; // privilege checks do not apply to a debugger
    try {
      const v = readCsr(this, csr & 0xfff);
      return v === null ? undefined : v >>> 0;
    } finally {
      this.privilege = saved;
    }
  }

  /**
   * The physical address the guest would load from at virtual `va` right
   * now (current privilege, satp, SUM/MXR), without setting A/D bits; null
   * when that load would page-fault. PMP is not consulted.
   */
  debugTranslate(va: number): number | null {
    const pa = translate(this, va | 0, ACCESS_LOAD, this.dataMode, true);
    return pa < 0 ? null : pa;
  }

  // ---- used by the interpreter and slow paths ----

  setPrivilege(mode: number): void {
    this.privilege = mode;
    this.selectTlbs();
    this.irqDirty = true;
  }

  /** Picks the TLB sets for the current privilege and mstatus.MPRV/MPP. */
  selectTlbs(): void {
    const ms = this.mstatus;
    this.dataMode = this.privilege === 3 && (ms & MSTATUS_MPRV) !== 0 ? (ms & MSTATUS_MPP) >>> 11 : this.privilege;
    this.dataTlb = this.dataTlbs[this.dataMode];
    this.fetchTlb = this.fetchTlbs[this.privilege];
  }

  flushTlbs(): void {
    for (const t of this.dataTlbs) t.flush();
    for (const t of this.fetchTlbs) t.flush();
  }

  /**
   * A store wrote [ramOff, ramOff + length) of a page with pageFlags set:
   * drops decodings it overwrote and, on a page-table page, every cached
   * translation. True when something was dropped (the caller must then
   * leave compiled code and reload its state).
   */
  watchedPageWritten(ramOff: number, length: number): boolean {
    const flags = this.pageFlags[ramOff >>> 12] | this.pageFlags[(ramOff + length - 1) >>> 12];
    let changed = false;
    if (flags & PAGE_HAS_PTES) {
      this.flushTlbs();
      changed = true;
    }
    if (flags & PAGE_HAS_CODE) changed = this.codeCache.invalidate(ramOff, length) || changed;
    return changed;
  }

  /** Compiles the hot region entered at `slot` of `page` and installs it in that slot. */
  compileRegion(page: DecodedPage, slot: number, pc: number, pageOff: number): void {
    const region = compileRegion(this, page, slot, pc, pageOff);
    if (region === null) return;
    const id = this.codeCache.addRegion(region);
    region.entrySlots.forEach((s, block) => {
      if (s < 0) return;
      if ((page[s] & 127) === Op.Region) { region.entrySlots[block] = -1; return; } // another region's entry
      page[s] = Op.Region;
      page[s + SLOTS] = id * MAX_BLOCKS + block;
    });
    // Instructions now compiled must not start further regions when the
    // interpreter runs them (after a slice ended inside a block).
    for (const s of region.covered) page[HEAT + s] = this.compileAfter + 1;
  }

  raiseException(cause: number, tval: number): void {
    takeTrap(this, cause, false, tval, this.pcValue);
  }

  takePendingInterrupt(): boolean {
    return takePendingInterrupt(this);
  }

  fetchPage(pc: number): DecodedPage | null {
    return fetchPage(this, pc);
  }

  decodeSlot(page: DecodedPage, slot: number, pageOff: number, pc: number): number {
    return decodeSlot(this, page, slot, pageOff, pc);
  }

  loadSlow(op: Op, va: number, rd: number, npc: number): void {
    loadSlow(this, op, va, rd, npc);
  }

  storeSlow(size: AccessSize, va: number, value: number, npc: number): void {
    storeSlow(this, size, va, value, npc);
  }

  execCsr(op: Op, rd: number, rs1: number, csr: number, npc: number): void {
    execCsr(this, op, rd, rs1, csr, npc);
  }

  execSystem(op: Op, rs1: number, rs2: number, npc: number): void {
    execSystem(this, op, rs1, rs2, npc);
  }

  execAtomic(op: Op, rd: number, rs1: number, rs2: number, npc: number): void {
    execAtomic(this, op, rd, rs1, rs2, npc);
  }
}
