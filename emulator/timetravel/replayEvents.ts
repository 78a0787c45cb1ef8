// Re-executing recorded history: how each logged boundary event is applied
// at its icount (ARCHITECTURE.md: bottom halves and asynchronous input; the
// replay log). Input goes to the UART, a CHECKPOINT compares state hashes,
// a shutdown must match what the guest asked for, a debugger write is made
// again, and a WARP moves the virtual clock to the logged total the way the
// machine itself warps.
import { Machine } from '../machine/machine';
import { MachineStop } from '../machine/stops';
import { EventKind, ReplayEvent, ShutdownReason } from '../replay';
import { hex } from '../replay/events/codec';
import { applyWrite, writeProblem } from './debuggerWrites';
import { Divergence } from './divergence';
import { Recording } from './recording';

/** What applying an event needs from the execution core. */
export interface ReplayTarget {
  readonly machine: Machine;
  readonly recording: Recording;
  /** Position of the event being applied. */
  readonly logPos: number;
  /** The checkpoint hash of the machine now. */
  checkpointHash(): Uint8Array;
  diverge(icount: number, reason: string, expectedHash?: string, actualHash?: string): Divergence;
}

/**
 * Applies logged event `e` at the current icount; `normal` is how the
 * machine stopped there. Returns the divergence, if the replay does not match.
 */
export function applyLoggedEvent(core: ReplayTarget, e: ReplayEvent, normal: MachineStop): Divergence | undefined {
  const m = core.machine;
  switch (e.kind) {
    case EventKind.Input: {
      const taken = m.uartReceive(e.bytes);
      return taken === e.bytes.length ? undefined : core.diverge(e.icount, `the UART took ${taken} of the ${e.bytes.length} input bytes logged here`);
    }
    case EventKind.Warp:
      return replayWarp(core, e.icount, core.recording.warpTargetAt(core.logPos));
    case EventKind.Checkpoint: {
      const actual = core.checkpointHash();
      if (hex(actual) === hex(e.stateHash)) return undefined;
      return core.diverge(e.icount, 'the machine state differs from the recording', hex(e.stateHash), hex(actual));
    }
    case EventKind.Shutdown:
      if (e.reason === ShutdownReason.GuestReset) {
        if (normal.kind !== 'reset') return core.diverge(e.icount, 'the log has a guest reset here; the guest did not ask for one');
        m.reset();
      } else if (e.reason === ShutdownReason.GuestExit) {
        if (normal.kind !== 'exit' || normal.code !== e.code) return core.diverge(e.icount, `the log has the guest exiting with code ${e.code} here; it did not`);
      }
      return undefined;
    case EventKind.DebuggerWrite: {
      const problem = writeProblem(m, e);
      if (problem) return core.diverge(e.icount, `the log has a change made by hand here that cannot be made: ${problem}`);
      applyWrite(m, e);
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Moves the clock, at this icount, to the logged warp total the way the machine warps. */
function replayWarp(core: ReplayTarget, icount: number, target: number): Divergence | undefined {
  const m = core.machine;
  for (let guard = 0; m.clock.warps.totalNs < target; guard++) {
    const gap = target - m.clock.warps.totalNs;
    if (!m.hart.waiting || guard > 1_000_000) return core.diverge(icount, `the log has virtual time jump ${gap} ns here; the guest is not asleep`);
    const stop = m.run(1, { virtualTimeLimitNs: m.virtualNs() + gap });
    if (m.icount !== icount) return core.diverge(icount, 'the guest ran where the log has it asleep');
    if (stop.kind === 'idle') m.warpIdle(target - m.clock.warps.totalNs);
    else if (stop.kind === 'timeLimit' && m.clock.warps.totalNs < target && m.hart.waiting && m.nextTimerDeadlineNs() > m.virtualNs() + gap) {
      return core.diverge(icount, `the log has virtual time jump ${gap} ns here; the next timer is further`);
    }
  }
  return undefined;
}
