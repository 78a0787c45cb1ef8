// Reads a replay log from a whole file in memory (docs/replay-log.md). Each
// chunk is checked (length, CRC-32, sequence) and decoded completely before
// any of its events is handed out, so the events seen are always those of
// the whole chunks before the first bad one: a crashed recording replays up
// to its last complete chunk. Failures are returned as LogError values that
// name the byte offset; every length is checked against the bytes that
// remain before anything is allocated, so no input can make it allocate
// much or loop without progress.

import { ByteReader } from './bytes';
import { CHUNK_HEADER_BYTES, MAX_CHUNK_PAYLOAD, chunkCrc, readU32 } from './chunk';
import { LogError, logFailure } from './errors';
import { ReplayEvent, decodeEvent } from './events';
import { EventKind } from './events/kinds';
import { LogHeader, decodeHeader } from './header';

const END = EventKind.End;

/** Everything readLog found. */
export interface LogContents {
  /** Undefined when the header itself is unreadable (then `error` says why). */
  readonly header: LogHeader | undefined;
  /**
   * Events of every whole, valid chunk, in order. Their byte fields (input
   * bytes, checkpoint hashes) are views into the bytes read: do not modify
   * those bytes while the events are in use.
   */
  readonly events: ReplayEvent[];
  /** True when the log ends with END and nothing is wrong anywhere. */
  readonly complete: boolean;
  /** The first problem; reading stopped there. */
  readonly error?: LogError;
  /** Length of the valid prefix: header plus every whole, valid chunk. */
  readonly validBytes: number;
  /** Whole, valid chunks read. */
  readonly chunkCount: number;
}

/**
 * Streams the events of a log body. Iterate it; when it is done, `error`
 * and `complete` say how the log ended.
 */
export class LogEventStream implements IterableIterator<ReplayEvent> {
  private pos: number;
  private sequence = 0;
  private previousIcount = 0;
  private ended = false;
  private queue: ReplayEvent[] = [];
  private queueAt = 0;
  private finished = false;
  private failure: LogError | undefined;

  constructor(
    private readonly bytes: Uint8Array,
    bodyOffset: number,
  ) {
    this.pos = bodyOffset;
  }

  /** The first problem found, once iteration is done (undefined if none). */
  get error(): LogError | undefined {
    return this.failure;
  }

  /** True once iteration is done, when the log ended with END and nothing was wrong. */
  get complete(): boolean {
    return this.finished && this.failure === undefined;
  }

  /** End of the last whole, valid chunk read so far. */
  get validBytes(): number {
    return this.pos;
  }

  get chunkCount(): number {
    return this.sequence;
  }

  [Symbol.iterator](): IterableIterator<ReplayEvent> {
    return this;
  }

  next(): IteratorResult<ReplayEvent> {
    while (this.queueAt >= this.queue.length) {
      if (this.finished) return { done: true, value: undefined };
      this.queue = [];
      this.queueAt = 0;
      try {
        this.readChunk();
      } catch (e) {
        // Only LogError is thrown below; anything else is a bug and must surface.
        if (!(e instanceof LogError)) throw e;
        this.failure = e;
        this.finished = true;
      }
    }
    return { done: false, value: this.queue[this.queueAt++] };
  }

  /** Reads one chunk into the queue, or sets `finished`. Throws LogError. */
  private readChunk(): void {
    const bytes = this.bytes;
    const start = this.pos;
    const remaining = bytes.length - start;
    const n = this.sequence;
    if (remaining === 0) {
      this.finished = true;
      if (!this.ended) {
        throw new LogError('unterminated', start, `the log stops after ${n} chunks without an END event (the recording was not closed)`);
      }
      return;
    }
    if (this.ended) throw new LogError('data-after-end', start, `${remaining} bytes follow the END event`);
    if (remaining < CHUNK_HEADER_BYTES) {
      throw new LogError('truncated-chunk', start, `chunk ${n} is cut short: its header needs ${CHUNK_HEADER_BYTES} bytes, ${remaining} remain`);
    }
    const storedSequence = readU32(bytes, start);
    const length = readU32(bytes, start + 4);
    const storedCrc = readU32(bytes, start + 8);
    if (length === 0 || length > MAX_CHUNK_PAYLOAD) {
      throw new LogError('bad-chunk', start + 4, `chunk ${n} declares a payload of ${length} bytes (allowed 1..${MAX_CHUNK_PAYLOAD})`);
    }
    if (length > remaining - CHUNK_HEADER_BYTES) {
      throw new LogError('truncated-chunk', start, `chunk ${n} is cut short: its payload needs ${length} bytes, ${remaining - CHUNK_HEADER_BYTES} remain`);
    }
    const computedCrc = chunkCrc(bytes, start, length);
    if (storedCrc !== computedCrc) {
      throw new LogError('bad-checksum', start, `chunk ${n} checksum mismatch (stored 0x${storedCrc.toString(16)}, computed 0x${computedCrc.toString(16)})`);
    }
    if (storedSequence !== n) {
      throw new LogError('bad-sequence', start, `chunk ${n} carries sequence number ${storedSequence}`);
    }
    const payloadEnd = start + CHUNK_HEADER_BYTES + length;
    const input = new ByteReader(bytes, start + CHUNK_HEADER_BYTES, payloadEnd, logFailure('bad-event'));
    const events: ReplayEvent[] = [];
    let icount = this.previousIcount;
    let ended = false;
    while (input.remaining > 0) {
      if (ended) input.fail('an event follows END in the same chunk');
      const event = decodeEvent(input, icount);
      icount = event.icount;
      if (event.kind === END) ended = true;
      events.push(event);
    }
    // The chunk is whole and valid: commit it.
    this.queue = events;
    this.previousIcount = icount;
    this.ended = ended;
    this.pos = payloadEnd;
    this.sequence++;
  }
}

export type OpenedLog =
  | { readonly ok: true; readonly header: LogHeader; readonly events: LogEventStream }
  | { readonly ok: false; readonly error: LogError };

/** Reads the header and returns a stream over the events, or the header's error. */
export function openLog(bytes: Uint8Array): OpenedLog {
  try {
    const { header, bodyOffset } = decodeHeader(bytes);
    return { ok: true, header, events: new LogEventStream(bytes, bodyOffset) };
  } catch (e) {
    if (!(e instanceof LogError)) throw e;
    return { ok: false, error: e };
  }
}

/** Reads a whole log: header, the events of its valid prefix, and how it ended. */
export function readLog(bytes: Uint8Array): LogContents {
  const opened = openLog(bytes);
  if (!opened.ok) return { header: undefined, events: [], complete: false, error: opened.error, validBytes: 0, chunkCount: 0 };
  const stream = opened.events;
  const events = [...stream];
  const contents: LogContents = {
    header: opened.header,
    events,
    complete: stream.complete,
    validBytes: stream.validBytes,
    chunkCount: stream.chunkCount,
  };
  return stream.error ? { ...contents, error: stream.error } : contents;
}
