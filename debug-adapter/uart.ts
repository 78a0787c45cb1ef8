// The guest's UART as the user sees it: output bytes decoded as UTF-8
// (a character split across two writes is kept until it completes) for
// the Debug Console and the extension's terminal, and input bytes from the
// terminal (rewind/uartInput), the Debug Console ('>' lines, evaluate.ts)
// or a scripted file (fed by the runtime at the start).
import { TextDecoder } from 'util';

export class UartOutput {
  private readonly decoder = new TextDecoder('utf-8');

  /** Text for the bytes so far; an incomplete trailing sequence waits for the next call. */
  decode(bytes: Uint8Array): string {
    return this.decoder.decode(bytes, { stream: true });
  }
}

/** Bytes for a `rewind/uartInput` request: the data string as UTF-8. */
export function uartInputBytes(args: unknown): Uint8Array {
  const data = typeof args === 'object' && args !== null ? (args as { data?: unknown }).data : undefined;
  if (typeof data !== 'string') throw new Error("rewind/uartInput needs { data: string }: the characters typed");
  return Buffer.from(data, 'utf8');
}

/** A guest that printed a prompt (output not ending in a newline) and then stayed quiet this long waits for input. */
const QUIET_AFTER_PROMPT = 50_000;
/** A guest that never prompts nor sleeps gets the script after this many instructions. */
const FEED_ANYWAY = 50_000_000;

/**
 * Scripted input (uartInput: a file) is typed when the guest is ready for
 * it, as a person would type after seeing the prompt: when the guest sleeps
 * waiting for input (WFI, no timer armed), or when it printed a prompt and
 * went quiet (a polling read loop). Typing earlier could be lost: guests
 * often reset the UART's FIFO while starting up, as real hardware would.
 */
export class ScriptedInput {
  private remaining: Uint8Array | undefined;
  private lastOutputAt = 0;
  private promptShown = false;

  constructor(script: Uint8Array) {
    this.remaining = script.length > 0 ? script : undefined;
  }

  get pending(): boolean {
    return this.remaining !== undefined;
  }

  /** The guest printed `bytes`; `icount` is where the cursor is now. */
  output(bytes: Uint8Array, icount: number): void {
    if (bytes.length === 0) return;
    this.lastOutputAt = icount;
    const last = bytes[bytes.length - 1];
    this.promptShown = last !== 0x0a && last !== 0x0d;
  }

  /** The script, once, when the guest at `icount` (sleeping for input or not) is ready for it. */
  take(icount: number, idle: boolean): Uint8Array | undefined {
    if (!this.remaining) return undefined;
    const ready = idle || (this.promptShown && icount - this.lastOutputAt >= QUIET_AFTER_PROMPT) || icount >= FEED_ANYWAY;
    if (!ready) return undefined;
    const bytes = this.remaining;
    this.remaining = undefined;
    return bytes;
  }
}
