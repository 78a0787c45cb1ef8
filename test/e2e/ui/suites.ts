// The UI suites the e2e runner knows: each drives the workbench in Chromium
// like a person and returns its test results.
import type { TestResult } from '../suite/harness';
import { runUiContract } from './contract';
import { runUiSession } from './session';
import { runUiSmoke } from './smoke';
import type { UiContext } from './steps';

export type { UiContext } from './steps';

/** contract: runs against the scripted adapter (the others against the real one). */
export const UI_SUITES: Record<string, { contract?: boolean; run: (ctx: UiContext) => Promise<TestResult[]> }> = {
  'ui-smoke': { run: runUiSmoke },
  'ui-contract': { contract: true, run: runUiContract },
  'ui-session': { run: runUiSession },
};
