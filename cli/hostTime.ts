// Host time for the command line (cli/ may read the host clock; emulator/
// may not): the goldfish RTC's wall clock, and a monotonic clock for pacing.
import { HostInputs } from '../emulator/index';

/** Wall-clock ns since the Unix epoch, with sub-millisecond steps (Date.now anchored to the monotonic clock). */
export function hostWallClock(): HostInputs {
  const anchorWallNs = BigInt(Date.now()) * 1_000_000n;
  const anchorMonotonicNs = process.hrtime.bigint();
  return { wallClockNs: () => anchorWallNs + (process.hrtime.bigint() - anchorMonotonicNs) };
}

export const monotonicNs = (): bigint => process.hrtime.bigint();
