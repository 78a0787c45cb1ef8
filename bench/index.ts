// `npm run bench`: runs every benchmark script in bench/ one after another,
// each in its own Node process so one's heap and JIT state cannot colour the
// next. Each script prints its own figures (and a peer's, side by side, where
// one exists). Name scripts on the command line to run only those.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const here = __dirname;
const wanted = process.argv.slice(2);
const scripts = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.startsWith('_'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

let failed = 0;
for (const script of scripts) {
  process.stdout.write(`\n=== ${script.replace(/\.ts$/, '')} ===\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, script)], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    process.stdout.write(`(${script} exited with ${result.status ?? result.signal})\n`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
