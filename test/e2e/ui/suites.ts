// The UI suites the e2e runner knows: each drives the workbench in Chromium
// like a person and returns its test results.
import type { TestResult } from '../suite/harness';
import { runUiContract } from './contract';
import { runUiSession } from './session';
import { runUiSmoke } from './smoke';
import type { UiContext } from './steps';

export type { UiContext } from './steps';

/** needsAdapter: needs the real adapter to launch programs; contract: runs against the scripted adapter. */
export const UI_SUITES: Record<string, { needsAdapter: boolean; contract?: boolean; run: (ctx: UiContext) => Promise<TestResult[]> }> = {
  'ui-smoke': { needsAdapter: false, run: runUiSmoke },
  'ui-contract': { needsAdapter: false, contract: true, run: runUiContract },
  'ui-session': { needsAdapter: true, run: runUiSession },
};
