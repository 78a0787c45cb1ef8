#!/usr/bin/env node
// The `rewind` command line. Each subcommand lives in its own file under
// cli/ and is registered here.
import { runCommand } from './commands';

// A reader that goes away (`rewind run x.elf | head`) is not an error of ours:
// end quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

runCommand(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`rewind: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
