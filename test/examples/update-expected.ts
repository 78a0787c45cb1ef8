// Rewrites the expected outputs of examples/runs.json from fresh QEMU runs,
// after a deliberate change to an example. Review the diff before committing:
// the files are the reference the tests (and emulator comparisons) trust.
//   npx tsx test/examples/update-expected.ts [run-name ...]
import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLES_DIR, loadExampleRuns, runExampleOnQemu } from './catalog';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const file = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, 'runs.json'), 'utf8')) as {
    runs: Array<{ name: string; expected: string }>;
  };
  for (const run of loadExampleRuns()) {
    if (only.length > 0 && !only.includes(run.name)) continue;
    const target = file.runs.find((r) => r.name === run.name)?.expected;
    if (!target) throw new Error(`no expected file for ${run.name}`);
    const result = await runExampleOnQemu(run);
    if (result.exitCode !== run.exitCode) {
      throw new Error(`${run.name}: QEMU exited with ${result.exitCode}, runs.json says ${run.exitCode}`);
    }
    fs.writeFileSync(path.join(EXAMPLES_DIR, target), result.stdout);
    process.stdout.write(`${run.name}: wrote ${target} (${result.stdout.length} bytes)\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
