// Host stdin as the guest's keyboard (`rewind run`, `rewind record`): chunks
// queue here until the guest's UART can take them. A terminal is put in raw
// mode as QEMU's -nographic does, so keys reach the guest as typed; Ctrl-C
// then arrives as a byte and interrupts the session instead of reaching the
// guest. A waiter wakes on input, end of input or interruption.
import { CliInput } from './io';

const CTRL_C = 0x03;

export interface StdinQueueOptions {
  /**
   * Also interrupt on SIGINT when reading the process's own stdin (Ctrl-C from
   * a shell whose stdin is not a terminal), instead of the process dying.
   */
  readonly interruptOnSigint?: boolean;
}

export class StdinQueue {
  private readonly pending: Buffer[] = [];
  private stdinEnded = false;
  private wasInterrupted = false;
  private wake: (() => void) | undefined;
  private readonly rawMode: boolean;
  private readonly onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    const stopAt = this.rawMode ? bytes.indexOf(CTRL_C) : -1;
    if (stopAt >= 0) this.wasInterrupted = true;
    // What follows Ctrl-C in the same chunk is typed after the interruption: dropped.
    const kept = stopAt >= 0 ? bytes.subarray(0, stopAt) : bytes;
    if (kept.length > 0) this.pending.push(kept);
    this.wakeUp();
  };
  private readonly onEnd = (): void => {
    this.stdinEnded = true;
    this.wakeUp();
  };
  private readonly onSigint = (): void => {
    this.wasInterrupted = true;
    this.wakeUp();
  };

  /** Starts reading `stdin`; `close` gives it back as it was. */
  constructor(
    private readonly stdin: CliInput,
    options: StdinQueueOptions = {},
  ) {
    this.rawMode = stdin.isTTY === true && typeof stdin.setRawMode === 'function';
    if (this.rawMode) stdin.setRawMode?.(true);
    stdin.on('data', this.onData);
    stdin.on('end', this.onEnd);
    stdin.on('error', this.onEnd);
    stdin.resume();
    if (options.interruptOnSigint === true && stdin === process.stdin) process.on('SIGINT', this.onSigint);
  }

  close(): void {
    const stdin = this.stdin;
    stdin.removeListener('data', this.onData);
    stdin.removeListener('end', this.onEnd);
    stdin.removeListener('error', this.onEnd);
    process.removeListener('SIGINT', this.onSigint);
    if (this.rawMode) stdin.setRawMode?.(false);
    stdin.pause();
  }

  /** Ctrl-C was typed on the raw terminal (or SIGINT came, when asked for). */
  get interrupted(): boolean {
    return this.wasInterrupted;
  }

  /** Stdin has ended (or failed): no more input will come. */
  get ended(): boolean {
    return this.stdinEnded;
  }

  /** Bytes are waiting for the guest. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /**
   * Offers the queued bytes in order to `receive`, which returns how many it
   * took; stops when it takes none. What it does not take stays queued.
   */
  feed(receive: (bytes: Buffer) => number): void {
    const pending = this.pending;
    while (pending.length > 0) {
      const chunk = pending[0];
      const taken = receive(chunk);
      if (taken === 0) return;
      if (taken === chunk.length) pending.shift();
      else pending[0] = chunk.subarray(taken);
    }
  }

  /** Resolves at the next input chunk, end of input or interruption, or after `ms`. */
  nextEvent(ms = Infinity): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        if (this.wake === finish) this.wake = undefined;
        resolve();
      };
      if (ms !== Infinity) timer = setTimeout(finish, ms);
      this.wake = finish;
    });
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
