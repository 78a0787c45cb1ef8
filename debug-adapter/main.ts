// Entry point of the debug adapter process: speaks DAP over stdio, or on a
// TCP port on 127.0.0.1 with `--server=PORT` for developing the adapter.
import * as net from 'net';
import { RewindSession } from './session';

function serverPort(argv: readonly string[]): number | undefined {
  const arg = argv.find((a) => a.startsWith('--server='));
  if (!arg) return undefined;
  const port = Number(arg.slice('--server='.length));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`--server needs a TCP port number, got '${arg}'`);
  }
  return port;
}

const port = serverPort(process.argv.slice(2));
if (port === undefined) {
  const session = new RewindSession();
  session.setRunAsServer(false);
  session.start(process.stdin, process.stdout);
} else {
  net
    .createServer((socket) => {
      const session = new RewindSession();
      session.setRunAsServer(true);
      session.start(socket, socket);
    })
    .listen(port, '127.0.0.1', () => process.stderr.write(`Rewind debug adapter listening on 127.0.0.1:${port}\n`));
}
