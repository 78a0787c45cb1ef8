// Subcommand dispatch for the `rewind` command line. Each subcommand lives
// in its own file under cli/.
import { CliIo, processIo, writeAll } from './io';
import { runCommandRun } from './run';

export const USAGE = `usage: rewind <command> [options]

commands:
  run <program.elf>    run a RISC-V RV32 program on the virt board, UART on stdin/stdout
                       (rewind run --help for its options)
  help                 show this text

'rewind <command> --help' shows a command's options.
`;

export async function runCommand(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      await writeAll(io.stdout, USAGE);
      return 0;
    case 'run':
      return runCommandRun(rest, io, {});
    default:
      await writeAll(io.stderr, `rewind: unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}
