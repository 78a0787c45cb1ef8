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
