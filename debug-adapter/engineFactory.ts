// Builds the time-travel engine for a launch configuration and saves its
// recording at the end. Until the engine of emulator/timetravel lands, the
// interim engine (interim/engine.ts: exact, re-executes from power-on to
// go back) records and replays, with recordings in the replay log format.
import * as fs from 'fs';
import { TimeTravelEngine } from '../emulator/timetravel/api';
import { ErrorCode, UserError } from './errors';
import { InterimEngine } from './interim/engine';
import { RecordedInputs, decodeRecording, encodeRecording } from './interim/recording';
import { LaunchSettings } from './launchConfig';

/** What the adapter uses beyond the engine contract (see the final report: requested additions to TimeTravelEngine). */
export interface EngineExtras {
  /** Changing guest state by hand where the future is not recorded yet (setVariable, writeMemory). */
  writeMemory(paddr: number, bytes: Uint8Array): void;
  /** x1..x31 by number, 32 for the pc. */
  writeRegister(index: number, value: number): void;
  /** The recording so far, to save it. */
  recording(): RecordedInputs & { readonly truncatedAt?: number };
}

export type Engine = TimeTravelEngine & Partial<EngineExtras>;

/** Host wall-clock ns for the goldfish RTC: Date.now anchored to the monotonic clock, for sub-ms steps. */
function hostWallClock(): () => bigint {
  const anchorWallNs = BigInt(Date.now()) * 1_000_000n;
  const anchorMonotonicNs = process.hrtime.bigint();
  return () => anchorWallNs + (process.hrtime.bigint() - anchorMonotonicNs);
}

export function createEngine(settings: LaunchSettings, elf: Uint8Array): Engine {
  let recorded: RecordedInputs | undefined;
  if (settings.mode === 'replay' && settings.recording !== undefined) {
    try {
      recorded = decodeRecording(fs.readFileSync(settings.recording), elf);
    } catch (e) {
      throw new UserError(ErrorCode.RecordingUnreadable, `Cannot replay ${settings.recording}: ${(e as Error).message}.`);
    }
  }
  try {
    return new InterimEngine({ elf, ramSizeMiB: settings.ramSizeMiB, icountShift: settings.icountShift, wallClockNs: hostWallClock(), recorded });
  } catch (e) {
    throw new UserError(ErrorCode.ProgramLoadFailed, `Cannot load ${settings.program}: ${(e as Error).message}`);
  }
}

/** Writes the recording to `file`; returns a note for the user when part of it could not be saved. */
export function saveRecording(engine: Engine, elf: Uint8Array, program: string, file: string): string | undefined {
  if (!engine.recording) return undefined;
  const data = engine.recording();
  fs.writeFileSync(file, encodeRecording(elf, program, data));
  if (data.truncatedAt !== undefined) {
    return `The recording saved in ${file} ends at instruction ${data.truncatedAt}, where a value was changed by hand: recordings cannot hold such changes.`;
  }
  return undefined;
}
