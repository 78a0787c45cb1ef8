// Runs `rewind run` in-process with in-memory stdio, for tests.
import { PassThrough } from 'stream';
import { CliIo } from '../../cli/io';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(
  command: (io: CliIo) => Promise<number>,
  input?: { chunks: ReadonlyArray<string | Uint8Array>; end?: boolean },
): Promise<CliResult> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  for (const chunk of input?.chunks ?? []) stdin.write(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
  if (input?.end !== false) stdin.end();
  const code = await command({ stdin, stdout, stderr });
  return { code, stdout: Buffer.concat(out).toString('latin1'), stderr: Buffer.concat(err).toString('utf8') };
}
