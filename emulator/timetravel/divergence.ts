// What a replay slice can end with beyond the machine's own stops, and how
// a replay that no longer matches its recording is reported
// (ARCHITECTURE.md: the replay log, CHECKPOINT events and divergence).
import { MachineStop } from '../machine/stops';

/** Why the replay differs from the recording (EngineStop 'divergence' carries these). */
export interface Divergence {
  readonly kind: 'divergence';
  readonly icount: number;
  readonly expectedHash: string;
  readonly actualHash: string;
  readonly nearestEvent: string;
  readonly reason: string;
}

/** How a slice ended. */
export type SliceStop =
  | MachineStop
  /** The requested icount was reached. */
  | { readonly kind: 'limit' }
  | { readonly kind: 'endOfRecording' }
  | Divergence;

/** Thrown from inside an instruction when replay needs a clock read the log does not have there. */
export class ClockReadMissing extends Error {
  constructor(readonly icount: number, readonly detail: string) {
    super(detail);
  }
}
