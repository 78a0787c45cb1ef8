// Writes a replay log as a stream (docs/replay-log.md): the header at once,
// then events buffered into chunks. A chunk goes to the sink when it reaches
// the size threshold or when the recorder calls flush() (it does so at
// least every few host milliseconds or events), so a recorder killed at any
// moment leaves a file whose whole chunks replay.

import { ByteWriter } from './bytes';
import { DEFAULT_CHUNK_BYTES, MAX_CHUNK_THRESHOLD, encodeChunk } from './chunk';
import { LogError } from './errors';
import { ReplayEvent, checkEvent, encodeEvent } from './events';
import { EventKind } from './events/kinds';
import { LogHeaderInit, encodeHeader } from './header';
import { ByteSink } from './sink';

export interface LogWriterOptions {
  /** Payload bytes at which a chunk is closed and written (default 64 KiB, at most 512 KiB). */
  readonly chunkBytes?: number;
}

export class ReplayLogWriter {
  private readonly pending = new ByteWriter(4096);
  private readonly chunkBytes: number;
  private pendingCount = 0;
  private sequence = 0;
  private previousIcount = 0;
  private events = 0;
  private written = 0;
  private isClosed = false;

  /** Writes the header to `sink` immediately. Throws LogError('invalid-argument') for a bad header. */
  constructor(
    private readonly sink: ByteSink,
    header: LogHeaderInit,
    options: LogWriterOptions = {},
  ) {
    const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    if (!Number.isInteger(chunkBytes) || chunkBytes < 1 || chunkBytes > MAX_CHUNK_THRESHOLD) {
      throw new LogError('invalid-argument', undefined, `chunkBytes must be an integer in 1..${MAX_CHUNK_THRESHOLD}`);
    }
    this.chunkBytes = chunkBytes;
    const bytes = encodeHeader(header);
    sink.write(bytes);
    this.written = bytes.length;
  }

  /** Events appended so far (including END); the index the next event will have. */
  get eventCount(): number {
    return this.events;
  }

  /** icount of the last event appended (0 before any). */
  get lastIcount(): number {
    return this.previousIcount;
  }

  /** Bytes handed to the sink so far. */
  get bytesWritten(): number {
    return this.written;
  }

  /** Events appended but not yet written in a chunk. */
  get pendingEvents(): number {
    return this.pendingCount;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Appends one event. Its icount must not be before the previous event's.
   * END is written by close(), never here. Either the event is accepted or
   * append throws and the event is not recorded: LogError for an event that
   * cannot be encoded or after close(), or the sink's error when a full
   * chunk still cannot be written.
   */
  append(event: ReplayEvent): void {
    if (this.isClosed) throw new LogError('writer-closed', undefined, 'the log is closed; no event can follow END');
    if (event.kind === EventKind.End) throw new LogError('invalid-argument', undefined, 'END is written by close()');
    // A full chunk the sink refused earlier must go out first; this also bounds the chunk size.
    if (this.pending.length >= this.chunkBytes) this.flush();
    this.appendChecked(event);
    if (this.pending.length >= this.chunkBytes) {
      try {
        this.flush();
      } catch {
        // The event is accepted and stays buffered; the next append or flush retries and reports the error.
      }
    }
  }

  private appendChecked(event: ReplayEvent): void {
    const problem = checkEvent(event, this.previousIcount);
    if (problem) throw new LogError('invalid-argument', undefined, problem);
    encodeEvent(event, this.previousIcount, this.pending);
    this.previousIcount = event.icount;
    this.pendingCount++;
    this.events++;
  }

  /**
   * Writes the buffered events as one chunk. Does nothing when none are
   * buffered. If the sink throws, the events stay buffered and the next
   * flush writes them.
   */
  flush(): void {
    if (this.pendingCount === 0) return;
    const chunk = encodeChunk(this.sequence, this.pending.view());
    this.sink.write(chunk);
    this.written += chunk.length;
    this.sequence++;
    this.pending.clear();
    this.pendingCount = 0;
  }

  /**
   * Appends END at `finalIcount` (not before the last event), refuses
   * further events, and flushes. If the sink throws, flush() retries.
   */
  close(finalIcount: number): void {
    if (this.isClosed) throw new LogError('writer-closed', undefined, 'the log is already closed');
    this.appendChecked({ kind: EventKind.End, icount: finalIcount });
    this.isClosed = true;
    this.flush();
  }
}
