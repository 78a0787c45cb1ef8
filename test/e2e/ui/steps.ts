// What every UI suite gets from the e2e runner, and the step runner they use.
import type { BrowserContext } from 'playwright-core';
import type { ContractAdapter } from '../contractAdapter';
import type { TestResult } from '../suite/harness';

export interface UiContext {
  context: BrowserContext;
  url: string;
  workspace: string;
  screenshots: string;
  heisenbugBadInput: string;
  log: (message: string) => void;
  /** The scripted adapter, for the contract suites. */
  contract?: ContractAdapter;
}

/** Runs named UI steps in order; a failed step fails and the rest are not run (each builds on the one before). */
export async function steps(list: [string, () => Promise<void>][], onFailure?: () => Promise<unknown>): Promise<TestResult[]> {
  const results: TestResult[] = [];
  let failed = false;
  for (const [name, fn] of list) {
    if (failed) {
      results.push({ name, state: 'pending', ms: 0, error: 'not run: an earlier step failed' });
      continue;
    }
    const started = Date.now();
    try {
      await fn();
      results.push({ name, state: 'passed', ms: Date.now() - started });
    } catch (e) {
      failed = true;
      results.push({ name, state: 'failed', ms: Date.now() - started, error: e instanceof Error ? e.message : String(e) });
      await onFailure?.().catch(() => undefined);
    }
  }
  return results;
}
