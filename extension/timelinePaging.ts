// Fetching the events of a recording from the adapter page by page with
// `rewind/timeline {start, count}`. `start` is the index of the first event
// wanted in the adapter's list of ALL events ordered by icount (events at one
// icount in a fixed order: the recording's, then snapshots), not an icount:
// debug-adapter/timeTravel.ts answers with `events.slice(start, start +
// count)` of that list and `total`, its length, and may send fewer than asked
// (it caps a page). So the next page starts at the number of events received
// so far. No `vscode` import (unit-tested against the real adapter).
import { parseTimelineBody, TimelineArguments, TimelineBody, TimelineEvent } from './protocol';

/** Sends one `rewind/timeline` request and gives its response body. */
export type TimelineRequest = (args: TimelineArguments) => PromiseLike<unknown>;

/**
 * Fetches the first `maxEvents` events (or all, when fewer) in pages of
 * `pageSize`; `total` is how many the recording holds in all. Throws (with
 * what is wrong) on a malformed page or one that is out of icount order
 * with the page before it, which is what a disagreement about `start`
 * would look like.
 */
export async function fetchTimeline(request: TimelineRequest, pageSize: number, maxEvents: number): Promise<TimelineBody> {
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new Error(`page size must be a whole number >= 1 (got ${pageSize})`);
  const events: TimelineEvent[] = [];
  let total = 0;
  for (;;) {
    const count = Math.min(pageSize, maxEvents - events.length);
    if (count <= 0) break;
    const page = parseTimelineBody(await request({ start: events.length, count }));
    total = page.total;
    if (page.events.length > count) throw new Error(`rewind/timeline: asked for ${count} events, got ${page.events.length}`);
    const previous = events.length > 0 ? events[events.length - 1].icount : 0;
    const disorder = page.events.findIndex((e, i) => e.icount < (i === 0 ? previous : page.events[i - 1].icount));
    if (disorder >= 0) throw new Error(`rewind/timeline: event ${events.length + disorder} (icount ${page.events[disorder].icount}) is out of icount order`);
    events.push(...page.events);
    if (page.events.length === 0 || events.length >= total) break;
  }
  return { events, total: Math.max(total, events.length) };
}
