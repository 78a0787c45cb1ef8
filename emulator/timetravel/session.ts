// Starting a session: a new recording of a program, or the replay of a
// recorded log (docs/replay-log.md). The log header binds a recording to
// its program (SHA-256 of the ELF) and its board (machine configuration);
// opening refuses a log made for another program or board, with a message
// saying which. A log cut short (a recorder killed mid-write) opens with
// its valid prefix; a snapshot file saved next to the log is used when its
// tag matches the log.
import { createHash } from 'crypto';
import { MachineConfig as BoardMachineConfig } from '../machine/machine';
import { DEFAULT_RAM_MIB, DRAM_BASE } from '../machine/memoryMap';
import { HostInputs } from '../devices/hostInputs';
import { ByteSink, LogError, LogHeader, LogHeaderInit, MachineConfig, ReplayLogWriter, readLog } from '../replay';
import { SnapshotError, SnapshotStore, SnapshotStoreOptions, readSnapshotFile } from '../snapshot';
import { ExecutionCore } from './core';
import { RewindEngine } from './engine';
import { Recording } from './recording';

/** Instructions between CHECKPOINT events (2^24). */
export const DEFAULT_CHECKPOINT_INTERVAL = 2 ** 24;
/** Guest instructions a task runs between yields to the front end. */
export const DEFAULT_SLICE_INSTRUCTIONS = 2_000_000;
/** Snapshot spacing next to the cursor (the policy thins them further away). */
export const DEFAULT_NEAR_SPACING = 400_000;
/**
 * Snapshots per doubling of the distance from the cursor: denser than the
 * store's default, since most guests dirty little RAM between snapshots and
 * the memory budget, not this, is then the limit.
 */
export const DEFAULT_PER_OCTAVE = 8;
/** Instructions between snapshots while recording live (the first step back fills in denser ones). */
export const DEFAULT_LIVE_SNAPSHOT_SPACING = 4_000_000;
/** The board's device names, in the order the machine saves them. */
export const BOARD_DEVICES: readonly string[] = ['clint', 'plic', 'uart', 'rtc', 'test'];

/** A recording or log that cannot be used: the message says why. */
export class RecordingError extends Error {
  override readonly name = 'RecordingError';
  constructor(
    message: string,
    /** The log's own error (with its byte offset) when the log itself is bad. */
    readonly logError?: LogError,
  ) {
    super(message);
  }
}

export interface SessionOptions {
  readonly elf: Uint8Array;
  /** Builds the hart (default: the RV32IMAC hart). */
  readonly createHart?: BoardMachineConfig['createHart'];
  readonly checkpointInterval?: number;
  /** Instructions between snapshots while recording live (default 4 M; at least the policy's nearSpacing). */
  readonly liveSnapshotSpacing?: number;
  readonly sliceInstructions?: number;
  readonly snapshotPolicy?: SnapshotStoreOptions;
  /** Where recordings branched with goLive are written. */
  readonly branchSink?: (name: string | undefined) => ByteSink;
  /** The host's wall clock for live recording (needed to record, or to branch from a replay). */
  readonly host?: HostInputs;
  /** Traps and interrupts the timeline lists before it only counts them (default 100 000). */
  readonly trapIndexLimit?: number;
}

export interface RecordOptions extends SessionOptions {
  readonly host: HostInputs;
  readonly sink: ByteSink;
  readonly ramSizeMiB?: number;
  readonly icountShift?: number;
  /** Free-form header metadata (program path, creator, a timestamp chosen by the caller). */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Payload bytes at which the log writer closes a chunk (default 64 KiB). */
  readonly logChunkBytes?: number;
}

export interface ReplayOptions extends SessionOptions {
  readonly log: Uint8Array;
  /** A snapshot file written next to the log (used when its tag matches the log). */
  readonly snapshotFile?: Uint8Array;
}

/** An opened replay: the engine, and how its log ended. */
export interface OpenedReplay {
  readonly engine: RewindEngine;
  readonly header: LogHeader;
  /** True when the log ends with END and has no problem. */
  readonly complete: boolean;
  /** The first problem in the log (the events before it are replayed). */
  readonly logError: LogError | undefined;
  /** Why the snapshot file was not used, if one was given and refused. */
  readonly snapshotFileProblem: string | undefined;
}

export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The tag binding a snapshot file to its log: the SHA-256 of the whole log. */
export function snapshotTag(log: Uint8Array): string {
  return `rewind-log-sha256:${hexOf(sha256(log))}`;
}

function machineConfig(ramSizeMiB: number, icountShift: number): MachineConfig {
  return { board: 'virt', ramBase: DRAM_BASE, ramSize: ramSizeMiB * 2 ** 20, icountShift, devices: [...BOARD_DEVICES] };
}

function makeStore(options: SessionOptions): SnapshotStore {
  return new SnapshotStore({ nearSpacing: DEFAULT_NEAR_SPACING, perOctave: DEFAULT_PER_OCTAVE, ...options.snapshotPolicy });
}

function coreOptions(options: SessionOptions, ramSizeMiB: number, icountShift: number, store: SnapshotStore): ConstructorParameters<typeof ExecutionCore>[0] {
  const checkpointInterval = options.checkpointInterval ?? DEFAULT_CHECKPOINT_INTERVAL;
  if (!Number.isSafeInteger(checkpointInterval) || checkpointInterval < 1) throw new RangeError(`checkpoint interval must be a positive integer, got ${checkpointInterval}`);
  const liveSnapshotSpacing = Math.max(store.policy.nearSpacing, options.liveSnapshotSpacing ?? DEFAULT_LIVE_SNAPSHOT_SPACING);
  return { elf: options.elf, ramSizeMiB, icountShift, createHart: options.createHart, host: options.host, checkpointInterval, liveSnapshotSpacing, store, trapIndexLimit: options.trapIndexLimit };
}

function engineOf(core: ExecutionCore, options: SessionOptions): RewindEngine {
  const sliceInstructions = options.sliceInstructions ?? DEFAULT_SLICE_INSTRUCTIONS;
  if (!Number.isSafeInteger(sliceInstructions) || sliceInstructions < 1) throw new RangeError(`slice must be a positive integer, got ${sliceInstructions}`);
  return new RewindEngine({ core, sliceInstructions, branchSink: options.host ? options.branchSink : undefined });
}

/** Starts recording `options.elf`; the header goes to the sink at once. Throws ElfError for a bad program. */
export function startRecording(options: RecordOptions): RewindEngine {
  const ramSizeMiB = options.ramSizeMiB ?? DEFAULT_RAM_MIB;
  const icountShift = options.icountShift ?? 0;
  const header: LogHeaderInit = { machine: machineConfig(ramSizeMiB, icountShift), elfSha256: sha256(options.elf), metadata: { ...options.metadata } };
  const store = makeStore(options);
  // The machine is built first, so a program that cannot run leaves no log behind.
  const pending = new Recording(header);
  const core = new ExecutionCore(coreOptions(options, ramSizeMiB, icountShift, store), pending);
  core.recording = new Recording(header, new ReplayLogWriter(options.sink, header, { chunkBytes: options.logChunkBytes }));
  return engineOf(core, options);
}

/** Why a log's machine configuration is not this board's, or undefined. */
function boardMismatch(m: MachineConfig): string | undefined {
  if (m.board !== 'virt') return `the log was recorded on board "${m.board}"; this emulator is "virt"`;
  if (m.ramBase !== DRAM_BASE) return `the log's RAM starts at 0x${m.ramBase.toString(16)}; this board's at 0x${DRAM_BASE.toString(16)}`;
  if (m.ramSize % 2 ** 20 !== 0 || m.ramSize < 2 ** 20) return `the log's RAM size ${m.ramSize} is not a whole number of MiB`;
  if (m.devices.join(',') !== BOARD_DEVICES.join(',')) return `the log's devices [${m.devices.join(', ')}] are not this board's [${BOARD_DEVICES.join(', ')}]`;
  return undefined;
}

/** Opens a log for replay. Throws RecordingError for an unreadable header, another program or another board. */
export function openReplay(options: ReplayOptions): OpenedReplay {
  const contents = readLog(options.log);
  const header = contents.header;
  if (!header) {
    const e = contents.error as LogError;
    throw new RecordingError(`cannot replay: ${e.message}`, e);
  }
  const elfHash = sha256(options.elf);
  if (hexOf(elfHash) !== hexOf(header.elfSha256)) {
    throw new RecordingError(`the log was recorded with a program whose SHA-256 is ${hexOf(header.elfSha256)}; this program's is ${hexOf(elfHash)} (give the ELF the recording was made with)`);
  }
  const mismatch = boardMismatch(header.machine);
  if (mismatch) throw new RecordingError(`cannot replay: ${mismatch}`);
  const recording = new Recording({ machine: header.machine, elfSha256: header.elfSha256, metadata: header.metadata });
  for (const e of contents.events) recording.append(e);
  const ramSizeMiB = header.machine.ramSize / 2 ** 20;
  const loaded = options.snapshotFile ? loadSnapshots(options, recording.count, header.machine.ramSize) : undefined;
  const store = loaded?.store ?? makeStore(options);
  const core = new ExecutionCore(coreOptions(options, ramSizeMiB, header.machine.icountShift, store), recording);
  return { engine: engineOf(core, options), header, complete: contents.complete, logError: contents.error, snapshotFileProblem: loaded?.problem };
}

/** Reads the snapshot file of a replay; a file that does not belong to the log is refused (the replay then re-executes). */
function loadSnapshots(options: ReplayOptions, eventCount: number, ramSize: number): { store?: SnapshotStore; problem?: string } {
  try {
    const read = readSnapshotFile(options.snapshotFile as Uint8Array, { nearSpacing: DEFAULT_NEAR_SPACING, perOctave: DEFAULT_PER_OCTAVE, ...options.snapshotPolicy });
    if (read.tag !== snapshotTag(options.log)) return { problem: 'the snapshot file belongs to another recording' };
    if (read.store.ramPages !== undefined && read.store.ramPages * 4096 !== ramSize) return { problem: 'the snapshot file has another RAM size' };
    if (read.store.list().some((s) => s.logPosition > eventCount)) return { problem: 'the snapshot file reaches past the log' };
    return { store: read.store };
  } catch (e) {
    if (e instanceof SnapshotError) return { problem: e.message };
    throw e;
  }
}
