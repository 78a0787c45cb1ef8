// A small test runner for code inside VS Code's extension host (the module
// given as extensionTestsPath exports `run()`): named async tests run in
// order with a time limit each; results go to a JSON file the e2e runner
// reads (the extension host runs on this machine) and to the console.
// Tests that need what is not built yet are registered with `pending`: they
// are listed, never run, and never counted as passed.
import * as fs from 'fs';
import * as path from 'path';

export interface TestResult {
  name: string;
  state: 'passed' | 'failed' | 'pending';
  ms: number;
  error?: string;
}

export interface SuiteConfig {
  /** Where the runner wants results.json. */
  resultsFile: string;
  /** The workspace the tests run in (a copy of examples/). */
  workspace: string;
  /** File of scripted UART input for the heisenbug run that fails its audit. */
  heisenbugBadInput: string;
}

/** The runner writes config.json next to the bundled suite. */
export function loadConfig(dir: string): SuiteConfig {
  return JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as SuiteConfig;
}

interface Entry {
  name: string;
  fn?: () => Promise<void>;
  pendingReason?: string;
  timeoutMs: number;
}

export class Suite {
  private readonly entries: Entry[] = [];

  /** `steps`: each test builds on the one before, so after a failure the rest are reported as not run. */
  constructor(
    readonly title: string,
    private readonly options: { steps?: boolean } = {},
  ) {}

  test(name: string, fn: () => Promise<void>, timeoutMs = 30_000): void {
    this.entries.push({ name, fn, timeoutMs });
  }

  pending(name: string, reason: string): void {
    this.entries.push({ name, pendingReason: reason, timeoutMs: 0 });
  }

  /** Runs every test; resolves when all passed, rejects otherwise (the workbench then exits with 1). */
  async run(resultsFile: string): Promise<void> {
    const results: TestResult[] = [];
    console.log(`\n${this.title}`);
    for (const e of this.entries) {
      const started = Date.now();
      if (this.options.steps && results.some((r) => r.state === 'failed')) {
        results.push({ name: e.name, state: 'pending', ms: 0, error: 'not run: an earlier step failed' });
        continue;
      }
      if (!e.fn) {
        results.push({ name: e.name, state: 'pending', ms: 0, error: e.pendingReason });
        console.log(`  - ${e.name} (pending: ${e.pendingReason})`);
        continue;
      }
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          e.fn(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${e.timeoutMs} ms`)), e.timeoutMs);
          }),
        ]);
        results.push({ name: e.name, state: 'passed', ms: Date.now() - started });
        console.log(`  ✔ ${e.name} (${Date.now() - started} ms)`);
      } catch (err) {
        const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
        results.push({ name: e.name, state: 'failed', ms: Date.now() - started, error: message });
        console.log(`  ✘ ${e.name}\n${message}`);
      } finally {
        clearTimeout(timer);
      }
      fs.writeFileSync(resultsFile, JSON.stringify({ suite: this.title, results }, null, 2));
    }
    fs.writeFileSync(resultsFile, JSON.stringify({ suite: this.title, results, finished: true }, null, 2));
    const failed = results.filter((r) => r.state === 'failed').length;
    if (failed > 0) throw new Error(`${failed} test(s) failed`);
  }
}

/** Waits until `check` returns a value (not undefined), polling; fails with `what` after `ms`. */
export async function waitFor<T>(what: string, check: () => T | undefined, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The 1-based line of a `// #BP name` marker in a source file (tests never hard-code line numbers). */
export function markerLine(file: string, marker: string): number {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const hits = lines.flatMap((l, i) => (new RegExp(`//\\s*#BP\\s+${marker}\\b`).test(l) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`marker #BP ${marker} found ${hits.length} times in ${file}`);
  return hits[0];
}
