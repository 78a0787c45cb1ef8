// What a replay slice can end with beyond the machine's own stops, and how
// a replay that no longer matches its recording is reported
// (ARCHITECTURE.md: the replay log, CHECKPOINT events and divergence).
import { MachineStop } from '../machine/stops';
import { EngineStop } from './api';

/** Why the replay differs from the recording: the engine's 'divergence' stop, as the contract defines it. */
export type Divergence = Extract<EngineStop, { readonly kind: 'divergence' }>;

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
