// Text shown to the user for positions in a recording: the status bar line
// (`REC  icount 1,234,567 / 9,876,543`), event rows, and the parser of what
// people type into "Go to Instruction Count…". No `vscode` import, so the
// rules are unit-tested in plain mocha.
import type { PositionEventBody, RewindMode } from './protocol';

/** 1234567 -> "1,234,567" (fixed separators: the same on every locale, like the docs). */
export function formatIcount(icount: number): string {
  const digits = Math.trunc(Math.abs(icount)).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return icount < 0 ? `-${grouped}` : grouped;
}

export function modeLabel(mode: RewindMode): string {
  return mode === 'record' ? 'REC' : 'REPLAY';
}

/** The status bar text: mode, then the cursor out of the recording's length. */
export function statusBarText(position: PositionEventBody): string {
  return `${modeLabel(position.mode)}  icount ${formatIcount(position.icount)} / ${formatIcount(position.length)}`;
}

/** A longer explanation for the status bar tooltip. */
export function statusBarTooltip(position: PositionEventBody): string {
  const where = position.live
    ? 'at the live edge: continuing runs the guest and records new input'
    : position.mode === 'record'
      ? 'in the past: continuing replays the recording up to the live edge'
      : 'replaying: input comes from the recording';
  return `Rewind ${position.mode === 'record' ? 'recording' : 'replay'}, ${where}. Click to go to an instruction count.`;
}

export type IcountInput = { icount: number } | { error: string };

/**
 * Parses what the user typed into "Go to Instruction Count…": an absolute
 * count (`1234567`, `1,234,567`, `1_234_567`, `0x12d687`), or a move
 * relative to the cursor (`+100`, `-5000`). `end` goes to the live edge
 * (the end of the recording). The result is clamped to the recording.
 */
export function parseIcountInput(text: string, current: number, length: number): IcountInput {
  const t = text.trim().toLowerCase();
  if (t === '') return { error: 'Type an instruction count, +N or -N to move relative to the cursor, or "end".' };
  if (t === 'end') return { icount: length };
  const sign = t[0] === '+' ? 1 : t[0] === '-' ? -1 : 0;
  const body = (sign === 0 ? t : t.slice(1)).replace(/[,_\s]/g, '');
  let value: number;
  if (/^0x[0-9a-f]+$/.test(body)) value = parseInt(body.slice(2), 16);
  else if (/^\d+$/.test(body)) value = Number(body);
  else return { error: `"${text.trim()}" is not an instruction count (digits, 0x hex, +N, -N or "end").` };
  if (!Number.isSafeInteger(value)) return { error: `${text.trim()} is too large.` };
  const target = sign === 0 ? value : current + sign * value;
  if (target < 0) return { error: `That is before the start of the recording (icount ${formatIcount(target)}).` };
  if (target > length) return { error: `The recording ends at icount ${formatIcount(length)}.` };
  return { icount: target };
}
