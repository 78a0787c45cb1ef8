// Named timers on the virtual clock (shared/reference/replay.txt: timers
// that change guest state use the virtual clock). A timer is owned by one
// device, which saves its deadline in its own state and restores it with
// `restore` (plain data, no callback runs). The run loop bounds each slice of
// execution by `nextDeadline()` and calls `fireDue()` at instruction
// boundaries, so a timer fires at an exact, reproducible icount.

export type TimerCallback = () => void;

export class VirtualTimer {
  private deadline: number | null = null;

  constructor(
    readonly name: string,
    private readonly queue: TimerQueue,
    readonly callback: TimerCallback,
  ) {}

  /** Virtual ns at which the timer fires, or null when it is not armed. */
  get deadlineNs(): number | null {
    return this.deadline;
  }

  /** Arms (or moves) the timer. A deadline past 2^53 ns (~285 years) counts as never. */
  arm(deadlineNs: number): void {
    this.deadline = deadlineNs > Number.MAX_SAFE_INTEGER ? null : deadlineNs;
    this.queue.changed();
  }

  cancel(): void {
    if (this.deadline === null) return;
    this.deadline = null;
    this.queue.changed();
  }

  /** Sets the deadline from saved state, without telling anyone (loading never calls out). */
  restore(deadlineNs: number | null): void {
    if (deadlineNs !== null && (typeof deadlineNs !== 'number' || !Number.isFinite(deadlineNs))) {
      throw new RangeError(`timer ${this.name}: bad saved deadline ${String(deadlineNs)}`);
    }
    this.deadline = deadlineNs;
  }
}

export class TimerQueue {
  private readonly timers: VirtualTimer[] = [];
  /** Called whenever a timer is armed, moved or cancelled (the machine ends the current slice). */
  onChange: () => void = () => {};

  create(name: string, callback: TimerCallback): VirtualTimer {
    if (this.timers.some((t) => t.name === name)) throw new Error(`timer '${name}' already exists`);
    const timer = new VirtualTimer(name, this, callback);
    this.timers.push(timer);
    return timer;
  }

  /** Earliest armed deadline in virtual ns, Infinity when none is armed. */
  nextDeadline(): number {
    let next = Infinity;
    for (const t of this.timers) {
      const d = t.deadlineNs;
      if (d !== null && d < next) next = d;
    }
    return next;
  }

  /**
   * Fires every timer whose deadline is at or before nowNs, earliest first
   * (ties in creation order, which is fixed by the board). A callback may
   * re-arm timers; those due now fire in the same call. Returns how many fired.
   */
  fireDue(nowNs: number): number {
    let fired = 0;
    for (;;) {
      let due: VirtualTimer | undefined;
      for (const t of this.timers) {
        const d = t.deadlineNs;
        if (d !== null && d <= nowNs && (due === undefined || d < (due.deadlineNs as number))) due = t;
      }
      if (due === undefined) return fired;
      due.restore(null);
      due.callback();
      fired++;
      if (fired > 10_000) throw new Error(`timer '${due.name}' keeps re-arming in the past`);
    }
  }

  /** Armed timers by name, for diagnostics. */
  describe(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of this.timers) if (t.deadlineNs !== null) out[t.name] = t.deadlineNs;
    return out;
  }

  /** Called by VirtualTimer. */
  changed(): void {
    this.onChange();
  }
}
