// Scenario 2 (needs the debug adapter that launches programs; pending until
// REWIND_E2E_ADAPTER=1): the heisenbug session driven as a person would.
// Set a breakpoint on the audit failure with F9, start with F5, press Step
// Back and Reverse Continue in the debug toolbar (with "Break on Value
// Change" on ledger.total), read the Variables view, the current-line
// highlight and the status bar, click an event in the Timeline view.
// Screenshots of every step go to test/e2e/screenshots/.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import type { TestResult } from '../suite/harness';
import { markerLine } from '../suite/harness';
import { steps, UiContext } from './steps';
import {
  callStack, highlightedLine, nextStop, openRunAndDebug, openWorkbench, pressToolbar, runCommand, shot, statusBarPosition, stopReason, variables, webviewFrame,
} from './workbench';

function icountOf(status: string): string {
  const m = /icount ([\d,]+)/.exec(status);
  if (!m) throw new Error(`no icount in the status bar text '${status}'`);
  return m[1];
}

export async function runUiSession(ctx: UiContext): Promise<TestResult[]> {
  const source = path.join(ctx.workspace, 'heisenbug', 'heisenbug.c');
  const failureLine = markerLine(source, 'failure');
  const culpritLine = markerLine(source, 'culprit');
  fs.mkdirSync(path.join(ctx.workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(ctx.workspace, '.vscode', 'launch.json'), JSON.stringify({
    version: '0.2.0',
    configurations: [{
      type: 'rewind', request: 'launch', name: 'Record heisenbug (scripted input)', program: '${workspaceFolder}/heisenbug/heisenbug.elf',
      mode: 'record', uartInput: ctx.heisenbugBadInput,
    }],
  }, null, 2));

  let page: Page | undefined;
  let status = '';
  const p = (): Page => {
    assert.ok(page, 'the workbench is open');
    return page;
  };

  const results = await steps([
    ['open heisenbug.c and set a breakpoint on the audit failure with F9', async () => {
      page = await openWorkbench(ctx.context, ctx.url, ctx.workspace);
      await runCommand(p(), 'Go to File...');
      await p().keyboard.type('heisenbug.c');
      await p().locator('.quick-input-list .monaco-list-row', { hasText: 'heisenbug.c' }).first().waitFor();
      await p().keyboard.press('Enter');
      await p().locator('.monaco-editor .view-lines').first().waitFor();
      await p().keyboard.press('Control+g');
      await p().keyboard.type(String(failureLine));
      await p().keyboard.press('Enter');
      await p().keyboard.press('F9');
      await p().locator('.monaco-editor .codicon-debug-breakpoint').first().waitFor({ timeout: 10_000 });
    }],
    ['F5 records the program and stops on the breakpoint, highlighting the failure line', async () => {
      await openRunAndDebug(p());
      // F5 is ignored until the extension host has registered its debuggers: retry until the toolbar shows.
      for (let i = 0; i < 10; i++) {
        await p().keyboard.press('F5');
        if (await p().locator('.debug-toolbar').waitFor({ timeout: 3000 }).then(() => true, () => false)) break;
      }
      assert.match(await stopReason(p()), /breakpoint/i);
      status = await statusBarPosition(p());
      assert.match(status, /^\S* ?REC icount [\d,]+ \/ [\d,]+$/);
      assert.strictEqual(await highlightedLine(p()), failureLine);
      assert.match((await callStack(p()))[0], /ledger_audit/);
      await shot(p(), ctx.screenshots, 'session-1-breakpoint');
    }],
    ['Step Back moves the highlight to an earlier line and the icount down', async () => {
      await pressToolbar(p(), 'step-back');
      const next = await nextStop(p(), icountOf(status));
      assert.ok(Number(icountOf(next).replace(/,/g, '')) < Number(icountOf(status).replace(/,/g, '')));
      status = next;
      const line = await highlightedLine(p());
      assert.ok(line !== undefined && line < failureLine, `highlighted line ${line}`);
      await shot(p(), ctx.screenshots, 'session-2-step-back');
    }],
    ['Break on Value Change on ledger.total, then Reverse Continue stops at the culprit write', async () => {
      const ledger = p().locator('.debug-variables .monaco-list-row', { hasText: 'ledger' }).first();
      await ledger.waitFor({ timeout: 30_000 });
      await ledger.click();
      await p().keyboard.press('ArrowRight');
      const total = p().locator('.debug-variables .monaco-list-row', { hasText: /^\s*total/ }).first();
      await total.waitFor();
      await total.click({ button: 'right' });
      await p().locator('.context-view .action-label', { hasText: 'Break on Value Change' }).click();
      await pressToolbar(p(), 'reverse-continue');
      status = await nextStop(p(), icountOf(status));
      assert.match(await stopReason(p()), /data breakpoint/i);
      assert.strictEqual(await highlightedLine(p()), culpritLine);
      const vars = await variables(p());
      const c = vars.find((v) => v.name === 'c');
      assert.ok(c && /100|'d'/.test(c.value), `c in the Variables view: ${JSON.stringify(vars)}`);
      await shot(p(), ctx.screenshots, 'session-3-reverse-continue');
    }],
    ['clicking an input event in the Timeline view seeks there', async () => {
      await runCommand(p(), 'Rewind: Show Timeline');
      const view = webviewFrame(p(), 'Timeline');
      const row = view.locator('.event.kind-input').first();
      await row.waitFor({ timeout: 20_000 });
      const target = (await row.locator('.icount').innerText()).trim();
      await row.click();
      status = await nextStop(p(), icountOf(status));
      assert.strictEqual(icountOf(status), target);
      await view.locator('.event.current.kind-input').first().waitFor();
      await shot(p(), ctx.screenshots, 'session-4-timeline-seek');
    }],
    ['the session stops from the toolbar', async () => {
      await pressToolbar(p(), 'stop');
      await p().locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 20_000 });
    }],
  ], async () => page && shot(page, ctx.screenshots, 'ui-session-failed'));
  await page?.close();
  return results;
}
