// The time-travel engine's public surface: the contract (api.ts), starting
// a recording or opening a replay (session.ts) and the engine itself.
export type {
  EngineStatus,
  EngineStop,
  MachineView,
  Task,
  TaskProgress,
  TimeTravelEngine,
  TimelineEvent,
  TrapFilter,
  WriteSite,
} from './api';
export { RewindEngine } from './engine';
export {
  startRecording,
  openReplay,
  snapshotTag,
  sha256,
  RecordingError,
  BOARD_DEVICES,
  DEFAULT_CHECKPOINT_INTERVAL,
  DEFAULT_SLICE_INSTRUCTIONS,
  DEFAULT_NEAR_SPACING,
} from './session';
export type { SessionOptions, RecordOptions, ReplayOptions, OpenedReplay } from './session';
export { drain } from './reverse';
export { DEFAULT_TRAP_INDEX_LIMIT } from './trapIndex';
