// Builds the time-travel engine for a launch configuration. Until the
// engine of emulator/timetravel lands, record mode runs on the interim
// engine (interim/engine.ts: exact, re-executes from power-on to go back);
// replaying a saved recording needs the real engine's log reader.
import { TimeTravelEngine } from '../emulator/timetravel/api';
import { ErrorCode, UserError } from './errors';
import { InterimEngine } from './interim/engine';
import { LaunchSettings } from './launchConfig';

/** Changing guest state by hand, where the future is not recorded yet (setVariable, writeMemory). */
export interface EngineWrites {
  writeMemory(paddr: number, bytes: Uint8Array): void;
  /** x1..x31 by number, 32 for the pc. */
  writeRegister(index: number, value: number): void;
}

/** Host wall-clock ns for the goldfish RTC: Date.now anchored to the monotonic clock, for sub-ms steps. */
function hostWallClock(): () => bigint {
  const anchorWallNs = BigInt(Date.now()) * 1_000_000n;
  const anchorMonotonicNs = process.hrtime.bigint();
  return () => anchorWallNs + (process.hrtime.bigint() - anchorMonotonicNs);
}

export function createEngine(settings: LaunchSettings, elf: Uint8Array): TimeTravelEngine & Partial<EngineWrites> {
  if (settings.mode === 'replay') {
    throw new UserError(ErrorCode.RecordingUnreadable, 'Replaying a saved recording needs the time-travel engine, which this build does not include yet: launch in record mode.');
  }
  try {
    return new InterimEngine({ elf, ramSizeMiB: settings.ramSizeMiB, icountShift: settings.icountShift, wallClockNs: hostWallClock() });
  } catch (e) {
    throw new UserError(ErrorCode.ProgramLoadFailed, `Cannot load ${settings.program}: ${(e as Error).message}`);
  }
}
