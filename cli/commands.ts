// Subcommand dispatch for the `rewind` command line. Each subcommand lives
// in its own file under cli/.
import { runCommandDump } from './dump';
import { runCommandInfo } from './info';
import { CliIo, processIo, writeAll } from './io';
import { runCommandRecord } from './record';
import { runCommandReplay } from './replay';
import { runCommandRun } from './run';
import { runCommandSeek } from './seek';

export const USAGE = `usage: rewind <command> [options]

commands:
  run <program.elf>    run a RISC-V RV32 program on the virt board, UART on stdin/stdout
                       (rewind run --help for its options)
  record <program.elf> run it and record its inputs into a replay log (-o run.rwnd)
  replay <run.rwnd>    replay a recording and check it matches
  info <run.rwnd>      describe a recording
  dump <run.rwnd>      print a recording's events, one per line
  seek <run.rwnd>      show the machine at an instruction of a recording (--icount N --regs)
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
    case 'record':
      return runCommandRecord(rest, io, {});
    case 'replay':
      return runCommandReplay(rest, io);
    case 'info':
      return runCommandInfo(rest, io);
    case 'dump':
      return runCommandDump(rest, io);
    case 'seek':
      return runCommandSeek(rest, io);
    default:
      await writeAll(io.stderr, `rewind: unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}
