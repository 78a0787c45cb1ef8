// Where a log writer sends its bytes. The emulator does no file I/O: the
// command line or the debug adapter passes a sink that writes to a file
// descriptor (fs.writeSync), and tests use MemorySink.

/** Receives each finished piece of the log in order; the array is not reused by the writer. */
export interface ByteSink {
  write(bytes: Uint8Array): void;
}

/** Keeps everything written, for tests and in-memory recordings. */
export class MemorySink implements ByteSink {
  private readonly parts: Uint8Array[] = [];
  private total = 0;

  write(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.total += bytes.length;
  }

  get length(): number {
    return this.total;
  }

  /** Everything written so far, as one array. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.total);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}
