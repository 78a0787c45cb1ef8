// Moving the cursor: the building blocks every engine operation is made of
// (ARCHITECTURE.md: the time-travel engine). `seekTo` restores the nearest
// snapshot at or before a target and re-executes to it; `forward` runs with
// the debugger's breakpoints, watchpoints and trap filter armed until a
// stop; `scan` replays an interval collecting the hits before a bound
// (reverse continue, reverse step, last write). All are generators that
// yield after each slice of guest execution, so a front end can pause or
// cancel within one slice.
import { Watchpoint } from '../contracts';
import { Hart } from '../cpu/hart';
import { MachineStop } from '../machine/stops';
import { TaskProgress, TrapFilter } from './api';
import { ExecutionCore, SliceStop } from './core';

/**
 * About how many plain instructions one boundary checked by a hooked scan
 * costs (measured: ~65 ns against ~2.5-5 ns): hooked scans run and yield in
 * slices this much shorter, so a pause is answered as soon within them as
 * within a plain run.
 */
const HOOKED_BOUNDARY_COST = 16;

/** What stops execution: the debugger's settings for one operation. */
export interface DebugSettings {
  readonly breakpoints: ReadonlySet<number> | readonly number[];
  readonly watchpoints: readonly Watchpoint[];
  readonly trapFilter: TrapFilter;
}

export const NOTHING_ARMED: DebugSettings = { breakpoints: [], watchpoints: [], trapFilter: { exceptions: new Set(), interrupts: false } };

/** A stop worth reporting, at an icount. */
export interface Hit {
  readonly icount: number;
  readonly stop: Extract<MachineStop, { kind: 'breakpoint' | 'watchpoint' | 'trap' }> | { readonly kind: 'condition' };
}

/** How a run forward ended. */
export type ForwardEnd = Exclude<SliceStop, { kind: 'budget' | 'inputReady' | 'timeLimit' | 'reset' }>;

export class Navigator {
  private armed: DebugSettings = NOTHING_ARMED;
  private sinceYield = 0;

  constructor(
    readonly core: ExecutionCore,
    /** Guest instructions between yields. */
    readonly sliceInstructions: number,
  ) {}

  get settings(): DebugSettings {
    return this.armed;
  }

  /** Makes the machine stop for `settings` (and nothing else). */
  arm(settings: DebugSettings): void {
    const m = this.core.machine;
    m.breakpoints.clear();
    for (const pc of settings.breakpoints) m.breakpoints.add(pc >>> 0);
    m.setWatchpoints(settings.watchpoints);
    m.stopOnTrap = settings.trapFilter.interrupts || settings.trapFilter.exceptions.size > 0;
    this.armed = settings;
  }

  /** Whether a trap stop passes the armed filter (the hart stops on every trap once any is wanted). */
  wantsTrap(stop: { readonly interrupt: boolean; readonly cause: number }): boolean {
    const filter = this.armed.trapFilter;
    return stop.interrupt ? filter.interrupts : filter.exceptions.has(stop.cause);
  }

  /** Counts executed instructions; true when a yield is due. */
  private due(executed: number): boolean {
    this.sinceYield += Math.max(1, executed);
    if (this.sinceYield < this.sliceInstructions) return false;
    this.sinceYield = 0;
    return true;
  }

  private progress(): TaskProgress {
    return { icount: this.core.icount };
  }

  /**
   * Forward until `limit`, a stop the armed settings want, the guest's exit
   * or (when live is allowed) an idle guest at the live edge. Without
   * `allowLive` the run ends at the end of what is recorded.
   */
  *forward(limit: number, allowLive: boolean, resumeFirst: boolean): Generator<TaskProgress, ForwardEnd> {
    const core = this.core;
    let resume = resumeFirst;
    for (;;) {
      const bound = allowLive ? limit : Math.min(limit, core.length);
      if (!allowLive && core.icount >= bound && bound < limit) {
        const settled = core.settle();
        return settled ?? { kind: 'endOfRecording' };
      }
      const before = core.icount;
      const stop = core.runSlice(bound, this.sliceInstructions, resume);
      resume = false;
      switch (stop.kind) {
        case 'budget':
        case 'inputReady':
        case 'timeLimit':
        case 'reset':
          break;
        case 'trap':
          if (this.wantsTrap(stop)) return stop;
          break;
        case 'limit':
          if (bound < limit) continue;
          return stop;
        default:
          return stop;
      }
      if (this.due(core.icount - before)) yield this.progress();
    }
  }

  /** Moves the cursor to exactly `target` (within the recording), nothing armed. */
  *seekTo(target: number): Generator<TaskProgress, ForwardEnd> {
    const core = this.core;
    const saved = this.armed;
    this.arm(NOTHING_ARMED);
    try {
      core.restoreNear(target);
      const end = yield* this.forward(target, false, true);
      if (end.kind !== 'limit') return end;
      return core.settle() ?? end;
    } finally {
      this.arm(saved);
    }
  }

  /**
   * Replays [from, to) with the armed settings and returns the last hit
   * before `before` (hits at or after it are ignored), or why it could not
   * finish the interval.
   */
  *scan(from: number, to: number, before: number): Generator<TaskProgress, { hit: Hit | undefined; end: ForwardEnd }> {
    const core = this.core;
    const seek = yield* this.seekTo(from);
    if (seek.kind !== 'limit') return { hit: undefined, end: seek };
    const hart = core.machine.hart;
    // Our hart can note breakpoint and watchpoint hits without stopping at each.
    const collector = hart instanceof Hart ? hart : undefined;
    const offset = core.icount - (collector?.icount ?? 0);
    collector?.collectHits(before - offset);
    let hit: Hit | undefined;
    const collected = (): void => {
      if (collector === undefined || collector.collectedStop === null) return;
      const stop = collector.collectedStop;
      if (stop.kind === 'breakpoint' || stop.kind === 'watchpoint') hit = { icount: collector.collectedIcount + offset, stop };
      collector.collectHits(before - offset);
    };
    let resume = false;
    try {
      for (;;) {
        const before0 = core.icount;
        const stop = core.runSlice(Math.min(to, core.length), this.sliceInstructions, resume);
        resume = false;
        collected();
        const at = core.icount;
        switch (stop.kind) {
          case 'breakpoint':
          case 'watchpoint':
            if (at < before) hit = { icount: at, stop };
            resume = stop.kind === 'breakpoint';
            break;
          case 'trap':
            if (this.wantsTrap(stop) && at < before) hit = { icount: at, stop };
            break;
          case 'budget':
          case 'inputReady':
          case 'timeLimit':
          case 'reset':
            break;
          case 'limit':
            return { hit, end: stop };
          case 'divergence':
            return { hit: undefined, end: stop };
          default:
            return { hit, end: stop };
        }
        if (this.due(at - before0)) yield this.progress();
      }
    } finally {
      collector?.collectHits(-1);
    }
  }

  /**
   * Single-steps [from, to) checking `predicate` at every boundary before
   * `before`, plus breakpoints (by pc) and the hart's watchpoint and trap
   * stops; returns the last hit.
   */
  *stepScan(from: number, to: number, before: number, predicate: (pc: number, sp: number) => boolean): Generator<TaskProgress, { hit: Hit | undefined; end: ForwardEnd }> {
    const core = this.core;
    const seek = yield* this.seekTo(from);
    if (seek.kind !== 'limit') return { hit: undefined, end: seek };
    const hart = core.machine.hart;
    if (hart instanceof Hart) return yield* this.hookedStepScan(hart, to, before, predicate);
    const m = core.machine;
    const breakpoints = m.breakpoints;
    let hit: Hit | undefined;
    const bound = Math.min(to, core.length);
    while (core.icount < bound) {
      const at = core.icount;
      const pc = m.hart.pc;
      if (at < before) {
        if (breakpoints.has(pc)) hit = { icount: at, stop: { kind: 'breakpoint', pc } };
        else if (predicate(pc, m.hart.regs[2] >>> 0)) hit = { icount: at, stop: { kind: 'condition' } };
      }
      const stop = core.runSlice(bound, 1, true);
      const after = core.icount;
      if ((stop.kind === 'watchpoint' || (stop.kind === 'trap' && this.wantsTrap(stop))) && after < before) hit = { icount: after, stop };
      if (stop.kind === 'divergence') return { hit: undefined, end: stop };
      if (stop.kind === 'exit' || stop.kind === 'endOfRecording' || stop.kind === 'idle') return { hit, end: stop };
      if (this.due(1)) yield this.progress();
    }
    return { hit, end: { kind: 'limit' } };
  }

  /**
   * stepScan on our hart: the boundaries are checked by the hart's
   * boundary hook, with the same pc and icount the one-instruction runs
   * above see, and watchpoint hits are collected rather than stopped at;
   * the run goes a slice at a time. Of hits at one icount, a boundary
   * check comes after the instruction that ended there, as above.
   */
  private *hookedStepScan(hart: Hart, to: number, before: number, predicate: (pc: number, sp: number) => boolean): Generator<TaskProgress, { hit: Hit | undefined; end: ForwardEnd }> {
    const core = this.core;
    const saved = this.armed;
    const breakpoints = new Set<number>([...saved.breakpoints].map((pc) => pc >>> 0));
    // Breakpoints are the hook's to check; the hart keeps the watchpoints and the trap filter.
    this.arm({ ...saved, breakpoints: [] });
    const offset = core.icount - hart.icount;
    let hit: Hit | undefined;
    hart.boundaryHook = (icount, pc) => {
      const at = icount + offset;
      if (at >= before) return;
      if (breakpoints.has(pc)) hit = { icount: at, stop: { kind: 'breakpoint', pc } };
      else if (predicate(pc, hart.regs[2] >>> 0)) hit = { icount: at, stop: { kind: 'condition' } };
    };
    hart.collectHits(before - offset);
    const collected = (): void => {
      const stop = hart.collectedStop;
      if (stop === null) return;
      const at = hart.collectedIcount + offset;
      if (stop.kind === 'watchpoint' && (hit === undefined || at > hit.icount)) hit = { icount: at, stop };
      hart.collectHits(before - offset);
    };
    try {
      const bound = Math.min(to, core.length);
      while (core.icount < bound) {
        const start = core.icount;
        const stop = core.runSlice(bound, Math.max(1, Math.ceil(this.sliceInstructions / HOOKED_BOUNDARY_COST)));
        collected();
        const after = core.icount;
        if (stop.kind === 'trap' && this.wantsTrap(stop) && after < before) hit = { icount: after, stop };
        if (stop.kind === 'divergence') return { hit: undefined, end: stop };
        if (stop.kind === 'exit' || stop.kind === 'endOfRecording' || stop.kind === 'idle') return { hit, end: stop };
        if (stop.kind === 'breakpoint' || stop.kind === 'watchpoint') throw new Error(`a ${stop.kind} stopped a hooked scan`);
        if (this.due((after - start) * HOOKED_BOUNDARY_COST)) yield this.progress();
      }
      return { hit, end: { kind: 'limit' } };
    } finally {
      hart.boundaryHook = null;
      hart.collectHits(-1);
      this.arm(saved);
    }
  }

  /** Puts the cursor on a hit found by a scan: the state its stop had. */
  *land(hit: Hit): Generator<TaskProgress, ForwardEnd> {
    const end = yield* this.seekTo(hit.icount);
    if (end.kind !== 'limit' || hit.stop.kind !== 'trap' || !hit.stop.interrupt) return end;
    // An interrupt is taken without retiring an instruction: step into its handler.
    const saved = this.armed;
    this.arm({ breakpoints: [], watchpoints: [], trapFilter: { exceptions: new Set(), interrupts: true } });
    try {
      this.core.runSlice(hit.icount + 1, 1, true);
      return this.core.settle() ?? end;
    } finally {
      this.arm(saved);
    }
  }
}
