// The one error type of the snapshot store and its file format. Misuse
// (a dropped snapshot, RAM of another size, state that cannot be saved) and
// damaged snapshot files both throw it, naming what was wrong and, for
// files, the byte offset.

export type SnapshotErrorCode =
  /** An argument the store cannot accept (bad icount, unsavable state, wrong RAM). */
  | 'invalid-argument'
  /** The snapshot was dropped from the store. */
  | 'dropped'
  /** File: not a snapshot file. */
  | 'bad-magic'
  /** File: written with another format version. */
  | 'unsupported-version'
  /** File: shorter than its contents require. */
  | 'truncated'
  /** File: CRC-32 mismatch. */
  | 'bad-checksum'
  /** File: checksum fine but contents inconsistent. */
  | 'malformed';

export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';

  constructor(
    readonly code: SnapshotErrorCode,
    readonly detail: string,
    /** Byte offset in a snapshot file, when reading one. */
    readonly offset?: number,
  ) {
    super(offset === undefined ? `snapshot store: ${detail}` : `snapshot file, byte offset ${offset}: ${detail}`);
  }
}
