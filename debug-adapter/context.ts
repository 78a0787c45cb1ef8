// What every request handler gets from the session: the runtime of the
// launched program (or a clear error before launch / after the end), and
// the handles of the current stop.
import { ErrorCode, UserError } from './errors';
import { HandleStore } from './handles';
import { RewindRuntime } from './runtime';
import { StopState } from './stopState';

export class AdapterContext {
  readonly handles = new HandleStore();
  private current: RewindRuntime | undefined;

  get launched(): boolean {
    return this.current !== undefined;
  }

  get runtime(): RewindRuntime {
    if (!this.current) throw new UserError(ErrorCode.WrongState, 'No program is being debugged: launch one first.');
    return this.current;
  }

  set runtime(runtime: RewindRuntime | undefined) {
    this.current = runtime;
  }

  /** The stop the program is at, with handles synced to it; an error while it runs. */
  stopped(): StopState {
    const state = this.runtime.stopped();
    this.handles.sync(state.generation);
    return state;
  }
}
