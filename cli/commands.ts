// Subcommand dispatch for the `rewind` command line.
import { runCommandDump } from './dump';
import { runCommandInfo } from './info';
import { processIo } from './io';
import { runCommandRecord } from './record';
import { runCommandReplay } from './replay';
import { runCommandRun } from './run';
import { runCommandSeek } from './seek';

export const USAGE = `usage: rewind <command> [options]

commands:
  run prog.elf         run a program on the emulator (UART on stdin/stdout)
  record prog.elf      run it and record its inputs into a replay log (-o run.rwnd)
  replay run.rwnd      replay a recording and check it matches
  info run.rwnd        describe a recording
  dump run.rwnd        print a recording's events, one per line
  seek run.rwnd        show the machine at an instruction of a recording (--icount N --regs)
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
    case 'record':
      return runCommandRecord(argv.slice(1), processIo, {});
    case 'replay':
      return runCommandReplay(argv.slice(1), processIo);
    case 'info':
      return runCommandInfo(argv.slice(1), processIo);
    case 'dump':
      return runCommandDump(argv.slice(1), processIo);
    case 'seek':
      return runCommandSeek(argv.slice(1), processIo);
    default:
      process.stderr.write(`rewind: unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}
