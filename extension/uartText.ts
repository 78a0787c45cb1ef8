// The text rules of the UART terminal: a guest writes bare "\n" like a
// serial console, a terminal needs "\r\n"; in replay, or when the adapter
// refuses input, typing prints a one-line notice (once per burst of typing,
// not once per key). No `vscode` import.

/** Turns guest UART output into terminal text: lone LF -> CRLF, across chunk boundaries. */
export class UartToTerminal {
  /** The last character written; a new terminal starts at the beginning of a line. */
  private last = '\n';

  translate(data: string): string {
    let out = '';
    for (const ch of data) {
      if (ch === '\n' && this.last !== '\r') out += '\r';
      out += ch;
      this.last = ch;
    }
    return out;
  }

  /** Whether the cursor is at the start of a line, so a notice needs no line break first. */
  get atLineStart(): boolean {
    return this.last === '\n';
  }

  /** We wrote a line of our own (a notice): the cursor is at a line start again. */
  wroteLine(): void {
    this.last = '\n';
  }
}

export const REPLAY_INPUT_NOTICE = 'Replay: the guest reads its input from the recording; typing is not sent.';

/**
 * Decides when typing shows a notice instead of reaching the guest: the
 * first key of a burst prints it; more keys print nothing until the guest
 * writes something or the reason changes.
 */
export class NoticeGate {
  private shown: string | undefined;

  /** Returns the notice line to print for a refused key, or undefined when it is already on screen. */
  refuse(reason: string): string | undefined {
    if (this.shown === reason) return undefined;
    this.shown = reason;
    return reason;
  }

  /** The guest wrote output: the notice has scrolled into history. */
  outputArrived(): void {
    this.shown = undefined;
  }
}

/** A notice as terminal text: on its own line, dimmed, ending with CRLF. */
export function noticeLine(text: string, atLineStart: boolean): string {
  return `${atLineStart ? '' : '\r\n'}\x1b[2m[${text}]\x1b[0m\r\n`;
}
