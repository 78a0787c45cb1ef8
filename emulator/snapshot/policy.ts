// The checkpoint policy (ARCHITECTURE.md: snapshots): where snapshots are
// worth taking and which to drop when the store is over its memory budget.
//
// A seek re-executes from the nearest snapshot at or before its target, so
// the cost of reaching a point is the length of the interval between
// snapshots that holds it. Near the cursor (where the user steps) intervals
// should be short; far away, a longer wait is acceptable. The policy aims
// for intervals proportional to the distance from the cursor, which makes
// the density logarithmic: about `perOctave` snapshots per doubling of the
// distance, never closer than `nearSpacing`. It never drops the first
// snapshot (the start of the recording) nor the snapshots just at and just
// behind the cursor (repeated reverse steps restore those).

export interface CheckpointPolicy {
  /** Memory the store may hold, bytes (default 512 MiB). */
  readonly budgetBytes: number;
  /** Most snapshots kept, whatever their size (default 1024). */
  readonly maxSnapshots: number;
  /** Instructions between snapshots next to the cursor (default 1,000,000). */
  readonly nearSpacing: number;
  /** Snapshots per doubling of the distance from the cursor (default 4). */
  readonly perOctave: number;
}

export const DEFAULT_POLICY: CheckpointPolicy = {
  budgetBytes: 512 * 1024 * 1024,
  maxSnapshots: 1024,
  nearSpacing: 1_000_000,
  perOctave: 4,
};

/** Why `policy` is unusable, or undefined. */
export function checkPolicy(policy: CheckpointPolicy): string | undefined {
  if (!(policy.budgetBytes > 0)) return 'budgetBytes must be positive';
  if (!Number.isInteger(policy.maxSnapshots) || policy.maxSnapshots < 2) return 'maxSnapshots must be an integer of at least 2';
  if (!(policy.nearSpacing >= 1)) return 'nearSpacing must be at least 1';
  if (!(policy.perOctave > 0)) return 'perOctave must be positive';
  return undefined;
}

/** The interval between snapshots the policy wants at `distance` instructions from the cursor. */
export function desiredSpacing(distance: number, policy: CheckpointPolicy): number {
  return Math.max(policy.nearSpacing, Math.abs(distance) / policy.perOctave);
}

/**
 * Whether a snapshot at `icount` is worth taking, given the nearest one at
 * or before it (undefined if none) and the cursor.
 */
export function wantsSnapshot(previous: number | undefined, icount: number, cursor: number, policy: CheckpointPolicy): boolean {
  if (previous === undefined) return true;
  return icount - previous >= desiredSpacing(cursor - icount, policy);
}

/** Index of the last entry of sorted `icounts` that is <= `icount` (strict: < icount), or -1. */
export function lastAtOrBefore(icounts: readonly number[], icount: number, strict = false): number {
  let lo = 0;
  let hi = icounts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (icounts[mid] < icount || (!strict && icounts[mid] === icount)) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Snapshots the policy never drops: the first, and those at and just behind the cursor. */
export function protectedIndexes(icounts: readonly number[], cursor: number): Set<number> {
  const keep = new Set<number>();
  if (icounts.length === 0) return keep;
  keep.add(0);
  const atOrBefore = lastAtOrBefore(icounts, cursor);
  if (atOrBefore >= 0) keep.add(atOrBefore);
  const before = lastAtOrBefore(icounts, cursor, true);
  if (before >= 0) keep.add(before);
  return keep;
}

/**
 * The snapshot to drop next from sorted `icounts`, or -1 when every one is
 * protected. Dropping snapshot i merges its interval into the previous one;
 * the victim is the one whose merged interval is shortest relative to its
 * distance from the cursor — the loss the policy minds least. Ties go to
 * the older snapshot.
 */
export function chooseVictim(icounts: readonly number[], cursor: number, policy: CheckpointPolicy): number {
  const keep = protectedIndexes(icounts, cursor);
  const n = icounts.length;
  let victim = -1;
  let best = Infinity;
  for (let i = 1; i < n; i++) {
    if (keep.has(i)) continue;
    const next = i + 1 < n ? icounts[i + 1] : Math.max(icounts[i], cursor);
    const merged = next - icounts[i - 1];
    const score = merged / Math.max(policy.nearSpacing, Math.abs(icounts[i] - cursor));
    if (score < best) {
      best = score;
      victim = i;
    }
  }
  return victim;
}
