// The hart's breakpoints as its run loop and compiled code use them. The
// set counts its changes, so a run slice looks at it only after the
// debugger changed it; each distinct set gets a number (the same set, met
// again, the same number), under which compiled regions keep the variant of
// their code that leaves to the interpreter at blocks holding a breakpoint
// (block-compiler.ts: withCutBlocks). Breakpoint pcs are kept as pc >> 1 for
// the interpreter's per-instruction check: pcs are even, and these are small
// integers, which a Set looks up fast.
import type { CompiledRegion, RegionCode } from './decode-cache';

/** Distinct breakpoint sets whose numbers are remembered (a debugger alternates between a few). */
const SETS_REMEMBERED = 64;

/** The hart's breakpoint set (pcs as the hart fetches them), counting its changes. */
export class BreakpointSet extends Set<number> {
  changes = 0;

  override add(pc: number): this {
    if (!this.has(pc)) this.changes++;
    return super.add(pc);
  }

  override delete(pc: number): boolean {
    const had = super.delete(pc);
    if (had) this.changes++;
    return had;
  }

  override clear(): void {
    if (this.size !== 0) this.changes++;
    super.clear();
  }
}

export class BreakpointIndex {
  /** Virtual page numbers holding a breakpoint. */
  readonly pages = new Set<number>();
  /** Breakpoints as pc >> 1 (an odd pc is never fetched). */
  readonly keys = new Set<number>();
  /** Names the current set; the same set always gets the same number. */
  generation = 0;
  private changesSeen = 0;
  private readonly generations = new Map<string, number>();
  private nextGeneration = 1;

  /** Catches up with `set` if it changed since the last call. */
  update(set: BreakpointSet): void {
    if (set.changes === this.changesSeen) return;
    this.changesSeen = set.changes;
    this.pages.clear();
    this.keys.clear();
    for (const pc of set) {
      this.pages.add(pc >>> 12);
      if ((pc & 1) === 0) this.keys.add(pc >> 1);
    }
    const key = [...set].sort((p, q) => p - q).join(',');
    let generation = this.generations.get(key);
    if (generation === undefined) {
      if (this.generations.size >= SETS_REMEMBERED) this.generations.clear();
      generation = this.nextGeneration++;
      this.generations.set(key, generation);
    }
    this.generation = generation;
  }

  /**
   * The code to run for `region` while its page has breakpoints: the region
   * itself when none of its instructions carries one, else (made once per
   * set) a variant whose blocks holding one leave at their start.
   */
  regionCode<H>(region: CompiledRegion<H>, set: ReadonlySet<number>): RegionCode<H> {
    if (region.breakpointGeneration === this.generation) return region.breakpointRun;
    const page = region.vpn << 12;
    let any = false;
    const cut = region.blockSlots.map((slots) => {
      const hit = slots.some((slot) => set.has((page + slot * 2) >>> 0));
      any ||= hit;
      return hit;
    });
    region.breakpointRun = any ? region.withCutBlocks(cut) : region.run;
    region.breakpointCut = any ? cut : [];
    region.breakpointGeneration = this.generation;
    return region.breakpointRun;
  }
}
