// The one error type of the replay log (docs/replay-log.md). The reader
// returns these as values (readLog) and the writer throws them on misuse;
// nothing else escapes the public API. Each names what was wrong and, for
// input, the byte offset where reading stopped.

export type LogErrorCode =
  /** The file does not start with the replay log magic. */
  | 'bad-magic'
  /** The header's format version is not the one this build reads. */
  | 'unsupported-version'
  /** The file ends inside the header. */
  | 'truncated-header'
  /** The header is complete but malformed (checksum, lengths, JSON, fields). */
  | 'bad-header'
  /** The file ends inside a chunk (a recorder killed mid-write). */
  | 'truncated-chunk'
  /** A chunk header holds an impossible payload length. */
  | 'bad-chunk'
  /** A chunk's CRC-32 does not match its contents. */
  | 'bad-checksum'
  /** A chunk's sequence number is not the next one. */
  | 'bad-sequence'
  /** A chunk passed its checksum but an event in it is malformed. */
  | 'bad-event'
  /** Bytes follow the END event. */
  | 'data-after-end'
  /** The log stops at a chunk boundary without an END event. */
  | 'unterminated'
  /** Writer: an event or header that cannot be encoded. */
  | 'invalid-argument'
  /** Writer: an append after close(). */
  | 'writer-closed';

export class LogError extends Error {
  override readonly name = 'LogError';

  constructor(
    readonly code: LogErrorCode,
    /** Byte offset in the log where the problem was found; undefined for writer misuse. */
    readonly offset: number | undefined,
    /** What was wrong, without the offset. */
    readonly detail: string,
  ) {
    super(offset === undefined ? `replay log: ${detail}` : `replay log, byte offset ${offset}: ${detail}`);
  }
}

/** An error factory for ByteReader that makes LogErrors with `code`. */
export function logFailure(code: LogErrorCode): (offset: number, detail: string) => LogError {
  return (offset, detail) => new LogError(code, offset, detail);
}
