// The replay log's event kinds and its format version (docs/replay-log.md).
//
// VERSION RULE: any change to the event kinds (adding, removing or
// renumbering one) or to the encoding of any event's payload, of the chunk
// framing or of the header bumps LOG_FORMAT_VERSION. A reader accepts
// exactly its own version and names both versions when they differ, so an
// old build never misreads a new log and vice versa.

// History: 1 first format; 2 added DebuggerWrite (kind 8).
export const LOG_FORMAT_VERSION = 2;

/** The byte that follows each event's icount delta. Values are on disk: never reuse one. */
export enum EventKind {
  /** Bytes received by a serial device (UART RX). */
  Input = 1,
  /** A read of a host clock (the goldfish RTC reads host wall time). */
  ClockRead = 2,
  /** A jump of virtual time that depended on the host (idle with no timer armed). */
  Warp = 3,
  /** A deferred device callback that changes guest state, run at this icount. */
  BottomHalf = 4,
  /** The machine stopped or reset (finisher write, or a host request). */
  Shutdown = 5,
  /** A hash of the whole machine state, to detect divergence on replay. */
  Checkpoint = 6,
  /** Clean close of the recording; nothing follows. */
  End = 7,
  /** The user changed memory or a register by hand (debugger) at the live edge of the recording. */
  DebuggerWrite = 8,
}
