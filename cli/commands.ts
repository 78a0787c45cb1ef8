// Subcommand dispatch for the `rewind` command line.
import { processIo } from './io';
import { runCommandRun } from './run';

export const USAGE = `usage: rewind <command> [options]

commands:
  run prog.elf         run a program on the emulator (UART on stdin/stdout)
  help                 show this text

'rewind <command> --help' shows a command's options.
`;

export async function runCommand(argv: readonly string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    case 'run':
      return runCommandRun(argv.slice(1), processIo, {});
    default:
      process.stderr.write(`rewind: unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}
