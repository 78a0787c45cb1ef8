// End-to-end tests in a real VS Code: builds the .vsix (`npm run package`),
// installs code-server (test/e2e/setup.sh, cached), starts it with the
// extension installed and a copy of examples/ as the workspace, and drives
// Debian's Chromium with playwright-core. Extension-host suites
// (test/e2e/suite/*.ts, bundled to JS for extensionTestsPath) test through
// the VS Code API; UI suites (test/e2e/ui/*.ts) click and read the page.
// Everything runs in scratch folders under test/e2e/.cache/run; the server's
// whole process group is stopped at the end.
//
// Usage: npx tsx test/e2e/run.ts [smoke] [ui-smoke] [ui-contract] [session] [ui-session]   (default: all)
//   ui-contract runs against the scripted adapter of contractAdapter.ts (the
//   extension's side of the DAP contract), in a code-server of its own; the
//   others against the real debug adapter.
import { execFileSync, spawnSync } from 'child_process';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { BrowserContext, chromium } from 'playwright-core';
import { installExtension, makeScratch, scratchEnv, ScratchDirs, startCodeServer, CodeServer } from './codeServer';
import { startContractAdapter } from './contractAdapter';
import type { SuiteConfig, TestResult } from './suite/harness';
import { UI_SUITES } from './ui/suites';

const root = path.resolve(__dirname, '..', '..');
const e2e = __dirname;
const screenshots = path.join(e2e, 'screenshots');

/** Extension-host suites: their bundled entry points. */
const HOST_SUITES: Record<string, { entry: string }> = {
  smoke: { entry: 'suite/smoke.ts' },
  session: { entry: 'suite/session.ts' },
};

interface Outcome {
  suite: string;
  results: TestResult[];
}

const t0 = Date.now();
function log(message: string): void {
  process.stdout.write(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}\n`);
}

function setup(): string {
  const r = spawnSync('bash', [path.join(e2e, 'setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`test/e2e/setup.sh failed (exit ${r.status})`);
  const install = r.stdout.trim().split('\n').pop() ?? '';
  if (!fs.existsSync(install)) throw new Error(`test/e2e/setup.sh printed no install folder (got '${install}')`);
  return install;
}

function packageVsix(out: string): void {
  execFileSync('npm', ['run', 'package', '--', '--out', out], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  if (!fs.existsSync(out)) throw new Error(`npm run package wrote no ${out}`);
}

/** The heisenbug input that makes its audit fail (examples/runs.json, run heisenbug-bad). */
function writeHeisenbugInput(file: string): void {
  const runs = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'runs.json'), 'utf8')) as { runs: { name: string; input?: string }[] };
  const bad = runs.runs.find((r) => r.name === 'heisenbug-bad');
  if (!bad?.input) throw new Error('examples/runs.json has no heisenbug-bad input');
  fs.writeFileSync(file, bad.input, 'latin1');
}

async function bundleSuites(outDir: string, names: string[]): Promise<void> {
  await esbuild.build({
    entryPoints: Object.fromEntries(names.map((n) => [n, path.join(e2e, HOST_SUITES[n].entry)])),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

async function runHostSuite(context: BrowserContext, server: CodeServer, extensionPath: string, suiteJs: string, workspace: string, name: string, resultsFile: string): Promise<Outcome> {
  const page = await context.newPage();
  let exit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  const lines: string[] = [];
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
    const text = Array.isArray(args) ? args.map(String).join(' ') : String(args);
    lines.push(`${type}: ${text}`);
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(suiteJs)],
    ['skipWelcome', 'true'],
  ];
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), 240_000)));
  const code = await Promise.race([exited, limit]);
  clearTimeout(timer);
  await page.screenshot({ path: path.join(screenshots, `${name}-host.png`) }).catch(() => undefined);
  await page.close();
  let results: TestResult[] = [];
  if (fs.existsSync(resultsFile)) results = (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { results: TestResult[] }).results;
  if (code !== 0 && !results.some((r) => r.state === 'failed')) {
    fs.writeFileSync(path.join(screenshots, `${name}-host.log`), lines.join('\n'));
    results.push({ name: `${name}: the suite finished`, state: 'failed', ms: 0, error: code === -1 ? 'no exit within 240 s' : `workbench exit code ${code}; log in screenshots/${name}-host.log` });
  }
  return { suite: name, results };
}

function report(outcomes: Outcome[]): boolean {
  let passed = 0;
  let failed = 0;
  let pending = 0;
  for (const o of outcomes) {
    process.stdout.write(`\n${o.suite}\n`);
    for (const r of o.results) {
      if (r.state === 'passed') passed++;
      else if (r.state === 'failed') failed++;
      else pending++;
      const mark = r.state === 'passed' ? '✔' : r.state === 'failed' ? '✘' : '-';
      process.stdout.write(`  ${mark} ${r.name}${r.state === 'passed' ? ` (${r.ms} ms)` : ''}${r.error ? `\n      ${r.error.split('\n').join('\n      ')}` : ''}\n`);
    }
  }
  process.stdout.write(`\ne2e: ${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}\n`);
  return failed === 0 && passed > 0;
}

/** Runs `body` with a code-server (whose environment adds `extraEnv`) and a Chromium on it; stops both whatever happens. */
async function withServer(
  install: string, dirs: ScratchDirs, workspace: string, extraEnv: NodeJS.ProcessEnv,
  body: (context: BrowserContext, server: CodeServer) => Promise<void>,
): Promise<void> {
  fs.mkdirSync(dirs.userData, { recursive: true });
  const server = await startCodeServer(install, dirs, workspace, scratchEnv(dirs, extraEnv), path.join(dirs.root, 'code-server.log'));
  log(`code-server listening on ${server.url}`);
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(path.join(dirs.root, `chromium-${server.port}`), {
      executablePath: '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1400, height: 900 },
      env: scratchEnv(dirs),
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    await body(context, server);
  } finally {
    await context?.close().catch(() => undefined);
    await server.stop();
    log('code-server stopped');
  }
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const wanted = requested.length > 0 ? requested : ['smoke', 'ui-smoke', 'ui-contract', 'session', 'ui-session'];
  for (const w of wanted) if (!HOST_SUITES[w] && !UI_SUITES[w]) throw new Error(`unknown suite '${w}' (known: ${[...Object.keys(HOST_SUITES), ...Object.keys(UI_SUITES)].join(', ')})`);

  log('installing code-server (cached)');
  const install = setup();
  const scratch = makeScratch(path.join(e2e, '.cache', 'run'));
  fs.mkdirSync(screenshots, { recursive: true });
  const workspace = path.join(scratch.root, 'workspace');
  fs.cpSync(path.join(root, 'examples'), workspace, { recursive: true });
  const heisenbugBadInput = path.join(scratch.root, 'heisenbug-bad.input');
  writeHeisenbugInput(heisenbugBadInput);

  log('building the .vsix (npm run package)');
  const vsix = path.join(scratch.root, 'rewind.vsix');
  packageVsix(vsix);
  const hostSuites = wanted.filter((w) => HOST_SUITES[w]);
  const suiteDir = path.join(scratch.root, 'suite');
  await bundleSuites(suiteDir, hostSuites);
  const outcomes: Outcome[] = [];

  log('installing the extension into code-server');
  installExtension(install, scratch, vsix);
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const extensionPath = path.join(scratch.extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  if (!fs.existsSync(path.join(extensionPath, 'package.json'))) throw new Error(`the extension was not installed at ${extensionPath}`);

  // Suites against the real adapter, then the contract suites against the scripted one (a server of their own).
  const real = wanted.filter((n) => !UI_SUITES[n]?.contract);
  const contract = wanted.filter((n) => UI_SUITES[n]?.contract);
  if (real.length > 0) {
    await withServer(install, scratch, workspace, {}, async (context, server) => {
      for (const name of real) {
        log(`suite ${name}`);
        if (HOST_SUITES[name]) {
          const resultsFile = path.join(scratch.root, `${name}-results.json`);
          const config: SuiteConfig = { resultsFile, workspace, heisenbugBadInput };
          fs.writeFileSync(path.join(suiteDir, 'config.json'), JSON.stringify(config, null, 2));
          outcomes.push(await runHostSuite(context, server, extensionPath, path.join(suiteDir, `${name}.js`), workspace, name, resultsFile));
        } else {
          outcomes.push({ suite: name, results: await UI_SUITES[name].run({ context, url: server.url, workspace, screenshots, heisenbugBadInput, log }) });
        }
      }
    });
  }
  if (contract.length > 0) {
    const dirs = { ...scratch, userData: path.join(scratch.root, 'user-data-contract') };
    // The first server may leave its IPC socket behind (a stopped session's extension host holds it): copy files and folders only.
    fs.cpSync(scratch.userData, dirs.userData, { recursive: true, filter: (src) => !fs.lstatSync(src).isSocket() });
    const adapter = await startContractAdapter(path.join(workspace, 'heisenbug', 'heisenbug.c'));
    try {
      await withServer(install, dirs, workspace, { REWIND_DEBUG_ADAPTER_PORT: String(adapter.port) }, async (context, server) => {
        for (const name of contract) {
          log(`suite ${name} (scripted adapter on port ${adapter.port})`);
          outcomes.push({ suite: name, results: await UI_SUITES[name].run({ context, url: server.url, workspace, screenshots, heisenbugBadInput, log, contract: adapter }) });
        }
      });
    } finally {
      await adapter.close();
    }
  }
  outcomes.sort((a, b) => wanted.indexOf(a.suite) - wanted.indexOf(b.suite));
  if (!report(outcomes)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`e2e FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
