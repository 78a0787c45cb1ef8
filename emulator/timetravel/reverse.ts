// The backward operations of the engine, built on seek (ARCHITECTURE.md:
// the time-travel engine): a scan replays earlier intervals forward, back
// to front, with the stops armed, and keeps the LAST hit before the cursor;
// the cursor then goes there. Reverse continue and last-write scan snapshot
// intervals; reverse stepi seeks one instruction back; a backward runUntil
// single-steps windows that grow fourfold back from the cursor, so a
// predicate that holds close by costs little and one far away costs about
// the distance to it.
import { EngineStop, TaskProgress, WriteSite } from './api';
import { ForwardEnd, Hit, Navigator } from './navigate';

/** The first window of a backward single-step scan, in instructions. */
const FIRST_STEP_WINDOW = 256;

export type Scanned = { readonly found: Hit } | { readonly found: undefined; readonly end: ForwardEnd | undefined };

/**
 * Scans snapshot intervals back from `origin` for the last hit before it.
 * `end` is set when the scan could not go on (divergence).
 */
export function* scanBackward(nav: Navigator, origin: number): Generator<TaskProgress, Scanned> {
  const store = nav.core.store;
  let end = origin;
  while (end > 0) {
    const snapshot = store.nearestAtOrBefore(end - 1);
    const from = snapshot ? snapshot.icount : 0;
    const { hit, end: how } = yield* nav.scan(from, end, origin);
    if (hit) return { found: hit };
    if (how.kind === 'divergence') return { found: undefined, end: how };
    end = from;
  }
  return { found: undefined, end: undefined };
}

/** Backward single-step scan for the last boundary before `origin` where the predicate (or a stop) holds. */
export function* stepScanBackward(nav: Navigator, origin: number, predicate: (pc: number, sp: number) => boolean): Generator<TaskProgress, Scanned> {
  let hi = origin;
  let window = FIRST_STEP_WINDOW;
  while (hi > 0) {
    const lo = Math.max(0, hi - window);
    const { hit, end } = yield* nav.stepScan(lo, hi, origin, predicate);
    if (hit) return { found: hit };
    if (end.kind === 'divergence') return { found: undefined, end };
    hi = lo;
    window *= 4;
  }
  return { found: undefined, end: undefined };
}

/** The stop reported for a hit the cursor was moved to. */
export function stopOfHit(hit: Hit): EngineStop {
  return hit.stop;
}

/** Moves to the hit a backward scan found, or to the start of the recording. */
export function* landBackward(nav: Navigator, scanned: Scanned): Generator<TaskProgress, EngineStop> {
  if (scanned.found) {
    const end = yield* nav.land(scanned.found);
    return end.kind === 'limit' || end.kind === 'exit' ? stopOfHit(scanned.found) : toEngineStop(end);
  }
  if (scanned.end) return toEngineStop(scanned.end);
  const end = yield* nav.seekTo(0);
  return end.kind === 'limit' ? { kind: 'startOfRecording' } : toEngineStop(end);
}

/** Reverse stepi by `count`: back to max(0, cursor - count), stopping at the last breakpoint or watchpoint passed. */
export function* stepBackward(nav: Navigator, count: number): Generator<TaskProgress, EngineStop> {
  const origin = nav.core.icount;
  const target = Math.max(0, origin - Math.max(1, Math.floor(count)));
  if (origin === 0) return { kind: 'startOfRecording' };
  if (origin - target > 1) {
    const { hit, end } = yield* nav.scan(target, origin, origin);
    if (end.kind === 'divergence') return end;
    if (hit && hit.icount > target) return yield* landBackward(nav, { found: hit });
  }
  const end = yield* nav.seekTo(target);
  if (end.kind !== 'limit') return toEngineStop(end);
  const pc = nav.core.machine.hart.pc;
  if (nav.core.machine.breakpoints.has(pc)) return { kind: 'breakpoint', pc };
  return target === 0 && origin < count ? { kind: 'startOfRecording' } : { kind: 'step' };
}

/** Runs a generator to its end at once (cleanup after a task was abandoned). */
export function drain<T>(task: Generator<TaskProgress, T>): T {
  for (;;) {
    const r = task.next();
    if (r.done) return r.value;
  }
}

/** Runs `body` with only a write watchpoint on the range armed, then puts the cursor back where it was. */
function* withWriteWatch<T>(nav: Navigator, address: number, size: number, body: () => Generator<TaskProgress, T>): Generator<TaskProgress, T> {
  const origin = nav.core.icount;
  const saved = nav.settings;
  nav.arm({ breakpoints: [], watchpoints: [{ address, size, kind: 'write' }], trapFilter: { exceptions: new Set(), interrupts: false } });
  let finished = false;
  try {
    const result = yield* body();
    nav.arm(saved);
    yield* nav.seekTo(origin);
    finished = true;
    return result;
  } finally {
    if (!finished) {
      nav.arm(saved);
      drain(nav.seekTo(origin));
    }
  }
}

/** The last write to [address, address + size) before the cursor; the cursor stays. */
export function lastWrite(nav: Navigator, address: number, size: number): Generator<TaskProgress, WriteSite | undefined> {
  const origin = nav.core.icount;
  return withWriteWatch(nav, address, size, function* () {
    const scanned = yield* scanBackward(nav, origin);
    const hit = scanned.found;
    return hit && hit.stop.kind === 'watchpoint' ? { icount: hit.icount, pc: hit.stop.pc } : undefined;
  });
}

/** The next write to [address, address + size) after the cursor, within the recording; the cursor stays. */
export function nextWrite(nav: Navigator, address: number, size: number): Generator<TaskProgress, WriteSite | undefined> {
  return withWriteWatch(nav, address, size, function* () {
    const end = yield* nav.forward(Infinity, false, true);
    return end.kind === 'watchpoint' ? { icount: nav.core.icount, pc: end.pc } : undefined;
  });
}

/** The engine's stop for how a run ended. */
export function toEngineStop(end: ForwardEnd): EngineStop {
  switch (end.kind) {
    case 'limit':
      return { kind: 'step' };
    case 'exit':
      return { kind: 'exit', code: end.code, pass: end.pass };
    default:
      return end;
  }
}
