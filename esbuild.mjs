// Bundles the three entry points Rewind ships: the VS Code extension, the
// debug adapter (its own Node process) and the `rewind` command line.
// `vscode` is provided by the editor at run time, so it stays external.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');

const entries = [
  { in: 'extension/extension.ts', out: 'extension' },
  { in: 'debug-adapter/main.ts', out: 'debugAdapter' },
  { in: 'cli/main.ts', out: 'cli' },
];

await esbuild.build({
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
});
