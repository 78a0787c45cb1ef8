#!/usr/bin/env node
// The `rewind` command line. Each subcommand lives in its own file under
// cli/ and is registered here.
import { runCommand } from './commands';

runCommand(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`rewind: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
