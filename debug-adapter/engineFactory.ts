// Builds the time-travel engine (emulator/timetravel) for a launch
// configuration: a new recording (written to the `recording` file as it
// goes, or kept in memory), or the replay of a saved one with the snapshot
// file kept next to it (`run.rwnd.snap`, as `rewind record` writes it).
// Branches made with goLive are recorded to the file named in the request,
// or next to the session's recording, or in memory.
import * as fs from 'fs';
import * as path from 'path';
import { ByteSink, ElfError, MemorySink, RecordingError, RewindEngine, TimeTravelEngine, openReplay, snapshotTag, startRecording } from '../emulator/index';
import { ErrorCode, UserError } from './errors';
import { LaunchSettings } from './launchConfig';

/** What the adapter uses beyond the engine contract (the engine it opens has all of it). */
export interface EngineExtras {
  /** Changing guest state by hand where the future is not recorded yet (setVariable, writeMemory). */
  writeMemory(paddr: number, bytes: Uint8Array): void;
  /** x1..x31 by number, 32 for the pc. */
  writeRegister(index: number, value: number): void;
  /** Writes buffered log events to the file (called every few host milliseconds while running). */
  flushLog(): void;
  /** Live and idle: virtual time passes as the host waited for input (logged). */
  idleWarp(ns: number): void;
}

export type Engine = TimeTravelEngine & EngineExtras;

/** Host wall-clock ns for the goldfish RTC: Date.now anchored to the monotonic clock, for sub-ms steps. */
function hostWallClock(): { wallClockNs(): bigint } {
  const anchorWallNs = BigInt(Date.now()) * 1_000_000n;
  const anchorMonotonicNs = process.hrtime.bigint();
  return { wallClockNs: () => anchorWallNs + (process.hrtime.bigint() - anchorMonotonicNs) };
}

/** A recording file being written: the log streams into it as the engine flushes. */
class LogFile {
  private fd: number | undefined;

  constructor(readonly file: string) {
    try {
      this.fd = fs.openSync(file, 'w');
    } catch (e) {
      throw new UserError(ErrorCode.InvalidLaunchConfiguration, `Cannot write the recording ${file}: ${(e as Error).message}`);
    }
  }

  readonly sink: ByteSink = {
    write: (bytes) => {
      if (this.fd !== undefined) fs.writeSync(this.fd, bytes);
    },
  };

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/** The engine of one session and the files its recordings go to. */
export class EngineHost {
  private current: LogFile | undefined;
  private readonly files: LogFile[] = [];
  private branches = 0;
  /** Where the latest goLive branch is recorded (shown to the user). */
  branchTarget: string | undefined;
  readonly engine: RewindEngine;

  constructor(
    private readonly settings: LaunchSettings,
    elf: Uint8Array,
  ) {
    const branchSink = (name: string | undefined): ByteSink => this.branchSink(name);
    const options = {
      elf,
      host: hostWallClock(),
      branchSink,
      snapshotPolicy: { budgetBytes: settings.snapshotBudgetMiB * 2 ** 20 },
    };
    try {
      if (settings.mode === 'replay' && settings.recording !== undefined) {
        const log = readFile(settings.recording, 'the recording');
        const snap = `${settings.recording}.snap`;
        const snapshotFile = fs.existsSync(snap) ? readFile(snap, 'the snapshot file') : undefined;
        this.engine = openReplay({ ...options, log, snapshotFile }).engine;
      } else {
        this.current = settings.recording !== undefined ? this.open(settings.recording) : undefined;
        this.engine = startRecording({
          ...options,
          sink: this.current?.sink ?? new MemorySink(),
          ramSizeMiB: settings.ramSizeMiB,
          icountShift: settings.icountShift,
          metadata: { elfPath: settings.program, createdBy: 'Rewind debug adapter', createdAt: new Date().toISOString() },
        });
      }
    } catch (e) {
      for (const f of this.files) f.close();
      if (e instanceof UserError) throw e;
      if (e instanceof RecordingError) throw new UserError(ErrorCode.RecordingUnreadable, `Cannot replay ${settings.recording}: ${e.message}`);
      if (e instanceof ElfError) throw new UserError(ErrorCode.ProgramLoadFailed, `Cannot load ${settings.program}: ${e.message}`);
      throw e;
    }
  }

  private open(file: string): LogFile {
    const f = new LogFile(file);
    this.files.push(f);
    return f;
  }

  private branchSink(name: string | undefined): ByteSink {
    let file: string | undefined;
    if (name !== undefined) file = path.resolve(this.settings.cwd, name);
    else if (this.settings.recording !== undefined) file = this.settings.recording.replace(/(\.rwnd)?$/, `.branch${++this.branches}.rwnd`);
    this.branchTarget = file;
    if (file === undefined) {
      this.current = undefined;
      return new MemorySink();
    }
    this.current = this.open(file);
    return this.current.sink;
  }

  /**
   * Ends the session: closes the recording being written (final checkpoint
   * and END) and saves its snapshots next to it. Returns the file, if any.
   */
  close(): string | undefined {
    const status = this.engine.status();
    if (status.mode === 'record') this.engine.close();
    for (const f of this.files) f.close();
    const file = this.current?.file;
    if (file !== undefined && status.mode === 'record') {
      const log = fs.readFileSync(file);
      fs.writeFileSync(`${file}.snap`, this.engine.snapshotFile(snapshotTag(log)));
    }
    return status.mode === 'record' ? file : undefined;
  }
}

function readFile(file: string, what: string): Uint8Array {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new UserError(ErrorCode.RecordingUnreadable, `Cannot read ${what} ${file}: ${(e as Error).message}`);
  }
}
