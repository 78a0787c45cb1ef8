// Subcommand dispatch for the `rewind` command line.
export const USAGE = `usage: rewind <command> [options]

commands:
  help                 show this text
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
    default:
      process.stderr.write(`rewind: unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}
