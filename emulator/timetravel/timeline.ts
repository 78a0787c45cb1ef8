// The timeline (TimeTravelEngine.timeline): the replay log's events, the
// traps and interrupts taken (trapIndex.ts), the breakpoint / watchpoint /
// trap stops the user saw, and the snapshots, in icount order and paged.
//
// At one icount the order is: log events, traps, stops, snapshots. The
// first three are merged into one list of references (no descriptions),
// kept until one of them changes: new log events and traps at or after its
// end (the usual change, as execution goes on) are merged onto it, anything
// else rebuilds it. Snapshots (few, and thinned all the time) are
// merged in per page by rank, so a page costs its length plus the number of
// snapshots, not the length of the timeline. Descriptions are made only for
// the entries of the page.
import { ReplayEvent, EventKind, describeEvent } from '../replay';
import { Snapshot } from '../snapshot';
import type { TimelineEvent } from './api';
import { Recording } from './recording';
import { StopHits, TrapIndex } from './trapIndex';

export interface TimelineSources {
  readonly recording: Recording;
  readonly traps: TrapIndex;
  readonly hits: StopHits;
  readonly snapshots: readonly Snapshot[];
}

const enum Source {
  Log = 0,
  Trap = 1,
  Hit = 2,
  Omitted = 3,
}

export class TimelinePager {
  private builtFor: { recording: Recording; count: number; traps: number; trapCount: number; branches: number; omitted: boolean; hits: number } | undefined;
  /** icounts of the merged list (log events, traps, stops) and what each is: index * 4 + Source. */
  private icounts: number[] = [];
  private refs: number[] = [];

  page(sources: TimelineSources, start: number, count: number): { readonly events: readonly TimelineEvent[]; readonly total: number } {
    this.build(sources);
    const snaps = sources.snapshots;
    const base = this.icounts;
    const total = base.length + snaps.length;
    const from = Math.max(0, Math.floor(start));
    const to = Math.min(total, from + Math.max(0, Math.floor(count)));
    // A snapshot's place in the whole list: the base entries at or before its icount, plus the snapshots before it.
    let j = 0;
    while (j < snaps.length && upperBound(base, snaps[j].icount) + j < from) j++;
    let i = from - j;
    const events: TimelineEvent[] = [];
    for (let p = from; p < to; p++) {
      if (j < snaps.length && (i >= base.length || snaps[j].icount < base[i])) {
        const s = snaps[j++];
        events.push({ icount: s.icount, kind: 'snapshot', description: `snapshot ${s.id}` });
      } else {
        events.push(this.describe(sources, i++));
      }
    }
    return { events, total };
  }

  private describe(sources: TimelineSources, at: number): TimelineEvent {
    const ref = this.refs[at];
    const index = Math.floor(ref / 4);
    switch ((ref & 3) as Source) {
      case Source.Log:
        return logEvent(sources.recording.events[index]);
      case Source.Trap:
        return TrapIndex.event(sources.traps.entries[index]);
      case Source.Hit: {
        const h = sources.hits.entries[index];
        return { icount: h.icount, kind: 'breakpoint', description: h.description };
      }
      default:
        return sources.traps.omittedNote() as TimelineEvent;
    }
  }

  private build(sources: TimelineSources): void {
    const { recording, traps, hits } = sources;
    const b = this.builtFor;
    if (b && b.recording === recording && b.count === recording.count && b.traps === traps.version && b.hits === hits.version) return;
    const events = recording.events;
    const trapList = traps.entries;
    const omitted = traps.omittedNote();
    const hitList = hits.entries;
    let icounts: number[] = [];
    let refs: number[] = [];
    let e = 0;
    let t = 0;
    let h = 0;
    let o = omitted ? 0 : 1;
    if (b && b.recording === recording && b.hits === hits.version && b.branches === traps.branches && b.count <= recording.count && b.trapCount <= trapList.length) {
      // Only appended: merge the new log events and traps onto the end, when each goes after it in the order above.
      const n = this.icounts.length;
      const last = n > 0 ? this.icounts[n - 1] : -1;
      const lastSource = n > 0 ? ((this.refs[n - 1] & 3) as Source) : Source.Log;
      const fits = (icount: number, source: Source): boolean => icount > last || (icount === last && lastSource <= source && lastSource !== Source.Hit);
      if (
        (b.count >= events.length || fits(events[b.count].icount, Source.Log))
        && (b.trapCount >= trapList.length || fits(trapList[b.trapCount].icount, Source.Trap))
        && (!omitted || b.omitted || fits(omitted.icount, Source.Omitted))
      ) {
        icounts = this.icounts;
        refs = this.refs;
        e = b.count;
        t = b.trapCount;
        h = hitList.length;
        if (b.omitted) o = 1;
      }
    }
    const INF = Number.POSITIVE_INFINITY;
    for (;;) {
      const ei = e < events.length ? events[e].icount : INF;
      const ti = t < trapList.length ? trapList[t].icount : INF;
      const oi = o === 0 ? (omitted as TimelineEvent).icount : INF;
      const hi = h < hitList.length ? hitList[h].icount : INF;
      const least = Math.min(ei, ti, oi, hi);
      if (least === INF) break;
      icounts.push(least);
      if (ei === least) refs.push(e++ * 4 + Source.Log);
      else if (ti === least) refs.push(t++ * 4 + Source.Trap);
      else if (oi === least) {
        refs.push(Source.Omitted);
        o = 1;
      } else refs.push(h++ * 4 + Source.Hit);
    }
    this.icounts = icounts;
    this.refs = refs;
    this.builtFor = { recording, count: recording.count, traps: traps.version, trapCount: trapList.length, branches: traps.branches, omitted: omitted !== undefined, hits: hits.version };
  }
}

/** The number of entries of sorted `list` at or below `value`. */
function upperBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function logEvent(e: ReplayEvent): TimelineEvent {
  const description = describeEvent(e);
  switch (e.kind) {
    case EventKind.Input:
      return { icount: e.icount, kind: 'input', description };
    case EventKind.ClockRead:
    case EventKind.Warp:
      return { icount: e.icount, kind: 'clock', description };
    case EventKind.Shutdown:
      return { icount: e.icount, kind: e.reason === 1 ? 'reset' : 'exit', description };
    case EventKind.DebuggerWrite:
      return { icount: e.icount, kind: 'write', description };
    default:
      return { icount: e.icount, kind: 'checkpoint', description };
  }
}
