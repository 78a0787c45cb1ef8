// Runs a guest ELF on QEMU's `virt` board (`-bios none`), the peer Rewind is
// checked against: the UART is wired to stdin/stdout, so scripted input goes
// in and the exact bytes the guest printed come out, with QEMU's exit status
// (the sifive_test finisher: pass -> 0, fail code N -> N).
import { spawn } from 'child_process';
import { QEMU } from './peers';

/** Board arguments every run uses; the UART is the only thing on stdio. */
export const QEMU_VIRT_ARGS: readonly string[] = [
  '-M', 'virt', '-bios', 'none', '-nographic', '-serial', 'stdio', '-monitor', 'none',
];

/** One piece of UART input. Strings are sent one byte per character (latin1). */
export interface QemuInput {
  bytes: string | Uint8Array;
  /** Send only once the guest's output so far contains this text (e.g. a prompt). */
  afterOutput?: string;
}

export interface QemuRunOptions {
  /** Sent in order; each piece waits for its `afterOutput`, then `chunkDelayMs`. */
  input?: ReadonlyArray<string | Uint8Array | QemuInput>;
  /** Extra QEMU arguments, e.g. ['-icount', 'shift=0']. */
  args?: readonly string[];
  /** QEMU is killed after this long and the run fails (default 20 s). */
  timeoutMs?: number;
  /** Pause before each input piece (default 20 ms). */
  chunkDelayMs?: number;
}

export interface QemuRun {
  /** Exactly what the guest wrote to the UART. */
  stdout: Buffer;
  /** `stdout` as text, one character per byte (latin1). */
  text: string;
  stderr: string;
  /** QEMU's exit status; null if it died from a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** The command line `runQemu` uses, for messages and reports. */
export function qemuCommandLine(elf: string, args: readonly string[] = []): string[] {
  return [QEMU, ...QEMU_VIRT_ARGS, ...args, '-kernel', elf];
}

function toInput(piece: string | Uint8Array | QemuInput): QemuInput {
  return typeof piece === 'string' || piece instanceof Uint8Array ? { bytes: piece } : piece;
}

/**
 * Runs `elf` to completion on QEMU. Rejects if QEMU cannot start or does not
 * exit within the timeout (it is killed then; the error shows the output so
 * far). A guest that fails still resolves: check `exitCode`.
 */
export function runQemu(elf: string, options: QemuRunOptions = {}): Promise<QemuRun> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const chunkDelayMs = options.chunkDelayMs ?? 20;
  const pending = (options.input ?? []).map(toInput);
  const [command, ...args] = qemuCommandLine(elf, options.args);

  return new Promise<QemuRun>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let text = '';
    let stderr = '';
    let sending = false;
    let settled = false;
    const timers = new Set<NodeJS.Timeout>();

    // Runs only after `finish` below exists.
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new Error(
        `QEMU did not finish within ${timeoutMs} ms: ${qemuCommandLine(elf, options.args).join(' ')}\n` +
        `output so far: ${JSON.stringify(text.slice(-2000))}`));
    }, timeoutMs);

    const finish = (error: Error | null, run?: QemuRun): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      for (const t of timers) clearTimeout(t);
      child.stdin.destroy();
      if (error) reject(error);
      else resolve(run as QemuRun);
    };

    // Feeds the next input piece once its prompt has appeared.
    const pump = (): void => {
      if (sending || settled || pending.length === 0) return;
      const next = pending[0];
      if (next.afterOutput !== undefined && !text.includes(next.afterOutput)) return;
      sending = true;
      const t = setTimeout(() => {
        timers.delete(t);
        pending.shift();
        const bytes = typeof next.bytes === 'string' ? Buffer.from(next.bytes, 'latin1') : next.bytes;
        child.stdin.write(bytes, () => {
          sending = false;
          pump();
        });
      }, chunkDelayMs);
      timers.add(t);
    };

    // Writing after QEMU has exited is harmless here: the exit is reported below.
    child.stdin.on('error', () => undefined);
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      text += chunk.toString('latin1');
      pump();
    });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    child.on('error', (err) => finish(new Error(`could not start ${command}: ${err.message}`)));
    child.on('close', (exitCode, signal) => {
      const stdout = Buffer.concat(out);
      finish(null, { stdout, text: stdout.toString('latin1'), stderr, exitCode, signal });
    });
    pump();
  });
}
