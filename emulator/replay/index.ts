// The replay log's public surface (docs/replay-log.md): event types and
// kinds, the streaming writer, the reader, the interval index and the text
// dump. Pure data: no file I/O; writers send bytes to a ByteSink.

export { LogError } from './errors';
export type { LogErrorCode } from './errors';
export {
  EventKind,
  LOG_FORMAT_VERSION,
  HostClock,
  ShutdownReason,
  MAX_INPUT_BYTES,
  MAX_BOTTOM_HALF_ARGS,
  STATE_HASH_BYTES,
  WriteTarget,
  PC_REGISTER,
  MAX_DEBUGGER_WRITE_BYTES,
  checkWritableRegister,
  registerName,
  checkEvent,
  describeEvent,
  eventKindName,
} from './events';
export type {
  ReplayEvent,
  InputEvent,
  ClockReadEvent,
  WarpEvent,
  BottomHalfEvent,
  ShutdownEvent,
  CheckpointEvent,
  EndEvent,
  DebuggerWriteEvent,
  MemoryWriteEvent,
  RegisterWriteEvent,
} from './events';
export { LOG_MAGIC, ELF_HASH_BYTES, checkMachineConfig } from './header';
export type { LogHeader, LogHeaderInit, MachineConfig } from './header';
export { CHUNK_HEADER_BYTES, DEFAULT_CHUNK_BYTES, MAX_CHUNK_PAYLOAD } from './chunk';
export { MemorySink } from './sink';
export type { ByteSink } from './sink';
export { ReplayLogWriter } from './writer';
export type { LogWriterOptions } from './writer';
export { readLog, openLog, LogEventStream } from './reader';
export type { LogContents, OpenedLog } from './reader';
export { EventIndex } from './eventIndex';
export { dumpLog } from './dump';
export { crc32 } from './crc32';
