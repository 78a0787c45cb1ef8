// Geometry of the Timeline view, computed on the extension side so the
// webview script stays a dumb renderer: where the cursor and the event
// markers sit along the bar (as fractions of its width), which icount a
// click or drag at some fraction means, how markers that would overlap are
// merged, and which event rows are "current". No `vscode` import.
import type { TimelineEvent } from './protocol';

/** Where `icount` sits on a bar for a recording of `length` instructions, 0..1. */
export function fractionOf(icount: number, length: number): number {
  if (length <= 0) return 0;
  return Math.min(1, Math.max(0, icount / length));
}

/** The icount under a point of the bar at `fraction` (0 = start, 1 = end). */
export function icountAt(fraction: number, length: number): number {
  if (!Number.isFinite(fraction) || length <= 0) return 0;
  const clamped = Math.min(1, Math.max(0, fraction));
  return Math.min(length, Math.max(0, Math.round(clamped * length)));
}

/** One drawn marker: one or more events of one kind that fall in one slot. */
export interface Marker {
  kind: string;
  /** Left edge of the slot, 0..1 of the bar. */
  fraction: number;
  /** Seeking to the marker goes to its first event. */
  icount: number;
  count: number;
  title: string;
}

/**
 * Merges events into markers: the bar is cut into `slots` equal slots and
 * events of the same kind in the same slot become one marker (with a count),
 * so a burst of 10,000 keystrokes draws as one tick, not 10,000. Markers come
 * out ordered by position, then kind.
 */
export function layoutMarkers(events: readonly TimelineEvent[], length: number, slots = 200): Marker[] {
  const bySlot = new Map<string, Marker>();
  for (const event of events) {
    const slot = Math.min(slots - 1, Math.floor(fractionOf(event.icount, length) * slots));
    const key = `${slot}/${event.kind}`;
    const existing = bySlot.get(key);
    if (existing) {
      existing.count += 1;
      if (event.icount < existing.icount) existing.icount = event.icount;
    } else {
      bySlot.set(key, { kind: event.kind, fraction: slot / slots, icount: event.icount, count: 1, title: event.description });
    }
  }
  const markers = [...bySlot.values()];
  for (const m of markers) {
    if (m.count > 1) m.title = `${m.count} ${m.kind} events from icount ${m.icount}`;
  }
  return markers.sort((a, b) => a.fraction - b.fraction || a.kind.localeCompare(b.kind));
}

/** A half-open range of indices into the event list; empty when `start === end`. */
export interface IndexRange {
  start: number;
  end: number;
}

/**
 * The events the list highlights as "where we are", in `events` (sorted by
 * icount): ALL the events at the icount of the last event at or before
 * `icount`, so several events at one instruction (an input and the snapshot
 * taken there) are marked together, and a click on any of them (which seeks
 * to that icount) leaves all of them marked. Empty (`{0, 0}`) when the
 * cursor is before the first event.
 */
export function currentEventRange(events: readonly TimelineEvent[], icount: number): IndexRange {
  const last = lastIndexAtOrBefore(events, icount);
  if (last < 0) return { start: 0, end: 0 };
  const at = events[last].icount;
  let start = last;
  while (start > 0 && events[start - 1].icount === at) start--;
  return { start, end: last + 1 };
}

function lastIndexAtOrBefore(events: readonly TimelineEvent[], icount: number): number {
  let lo = 0;
  let hi = events.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid].icount <= icount) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/**
 * Which rows of the event list to draw when there are more than `max`: a
 * window of `max` rows keeping row `current` (the first current one; -1 for
 * none) in view, a third from the top, so the list stays small however long
 * the recording is.
 */
export function rowWindow(total: number, current: number, max: number): IndexRange {
  if (total <= max) return { start: 0, end: total };
  const wanted = Math.max(0, current) - Math.floor(max / 3);
  const start = Math.min(Math.max(0, wanted), total - max);
  return { start, end: start + max };
}

/** The part of `range` inside `window`, as indices into the window's rows (empty when they do not meet). */
export function relativeTo(range: IndexRange, window: IndexRange): IndexRange {
  const start = Math.min(Math.max(range.start, window.start), window.end) - window.start;
  const end = Math.min(Math.max(range.end, window.start), window.end) - window.start;
  return end > start ? { start, end } : { start: 0, end: 0 };
}
