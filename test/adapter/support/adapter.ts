// Test support for the debug adapter: a DebugClient talking to a
// RewindSession run in this process on a local socket (the same code as
// dist/debugAdapter.js, without a build step), the examples' marker lines,
// and scripted UART input from examples/runs.json.
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { RewindSession } from '../../../debug-adapter/session';

export const EXAMPLES = path.resolve(__dirname, '../../../examples');

export interface Adapter {
  readonly dc: DebugClient;
  close(): Promise<void>;
}

/** A DebugClient connected to an in-process adapter. */
export async function startAdapter(): Promise<Adapter> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const session = new RewindSession();
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const dc = new DebugClient('node', 'unused', 'rewind');
  dc.defaultTimeout = 20000;
  await dc.start(port);
  let closed = false;
  return {
    dc,
    close: async () => {
      if (closed) return;
      closed = true;
      await dc.stop().catch(() => undefined);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The 1-based line of `// #BP name` in a source file. */
export function marker(file: string, name: string): number {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((l) => new RegExp(`//\\s*#BP ${name}\\b`).test(l));
  if (index < 0) throw new Error(`no marker '#BP ${name}' in ${file}`);
  return index + 1;
}

interface Run {
  readonly name: string;
  readonly elf: string;
  readonly input?: string;
  readonly expected: string;
  readonly exitCode: number;
}

export function exampleRun(name: string): Run & { elfPath: string; expectedText: string } {
  const runs = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'runs.json'), 'utf8')) as { runs: Run[] };
  const run = runs.runs.find((r) => r.name === name);
  if (!run) throw new Error(`no run '${name}' in examples/runs.json`);
  return { ...run, elfPath: path.join(EXAMPLES, run.elf), expectedText: fs.readFileSync(path.join(EXAMPLES, run.expected), 'utf8') };
}

let tempRoot: string | undefined;
export function tempFile(name: string, contents: string | Uint8Array): string {
  tempRoot ??= fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-adapter-'));
  const file = path.join(tempRoot, name);
  fs.writeFileSync(file, contents);
  return file;
}

/** The scripted input of a run as a file for `uartInput`. */
export function scriptFor(run: { name: string; input?: string }): string {
  return tempFile(`${run.name}.input`, Buffer.from(run.input ?? '', 'latin1'));
}

/** Launches, sets breakpoints at `lines` of `source` before configurationDone, and waits for the first stop. */
export async function launchTo(dc: DebugClient, args: Record<string, unknown>, source: string, lines: number[], initialize = true): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await Promise.all([
    dc.waitForEvent('initialized').then(async () => {
      await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: lines.map((line) => ({ line })) });
      await dc.configurationDoneRequest();
    }),
    (initialize ? dc.initializeRequest() : Promise.resolve()).then(() => dc.launchRequest(args as DebugProtocol.LaunchRequestArguments)),
  ]);
  return stopped;
}

/** Top frame: its source line and function name. */
export async function where(dc: DebugClient): Promise<{ line: number; name: string; path?: string; frameId: number }> {
  const st = await dc.stackTraceRequest({ threadId: 1 });
  const top = st.body.stackFrames[0];
  return { line: top.line, name: top.name, path: top.source?.path, frameId: top.id };
}

/** Locals of the top frame as name -> value. */
export async function locals(dc: DebugClient, frameId?: number): Promise<Record<string, string>> {
  const id = frameId ?? (await where(dc)).frameId;
  const scopes = await dc.scopesRequest({ frameId: id });
  const ref = scopes.body.scopes.find((s) => s.name === 'Locals')?.variablesReference;
  if (!ref) throw new Error('no Locals scope');
  const vars = await dc.variablesRequest({ variablesReference: ref });
  return Object.fromEntries(vars.body.variables.map((v) => [v.name, v.value]));
}

/** Sends a request and waits for the stop it causes. */
export async function andStop(dc: DebugClient, send: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await send();
  return stopped;
}
