// Scenario 2: the heisenbug session driven as a person would, on the real
// debug adapter.
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
  callStack, clickMenuItem, eventually, expandVariable, highlightedLine, nextStop, openRunAndDebug, openWorkbench, pressToolbar, runCommand, scrollToVariable, shot, statusBarPosition, stopReason, variables, variablesSettled, webviewFrame,
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
      // F9 toggles: start without the source breakpoints an earlier suite in this server may have left.
      await openRunAndDebug(p());
      if (await p().locator('.debug-breakpoints .monaco-list-row', { hasText: 'heisenbug.c' }).count() > 0) {
        await runCommand(p(), 'Debug: Remove All Breakpoints');
        await p().locator('.debug-breakpoints .monaco-list-row', { hasText: 'heisenbug.c' }).waitFor({ state: 'detached', timeout: 10_000 });
      }
      await runCommand(p(), 'Go to File...');
      await p().keyboard.type('heisenbug.c');
      await p().locator('.quick-input-list .monaco-list-row', { hasText: 'heisenbug.c' }).first().waitFor();
      await p().keyboard.press('Enter');
      await p().locator('.monaco-editor .view-lines').first().waitFor();
      await p().keyboard.press('Control+g');
      await p().keyboard.type(String(failureLine));
      await p().keyboard.press('Enter');
      // F9 acts on the focused editor: wait until Go to Line has closed and given the focus back.
      await p().locator('.quick-input-widget').waitFor({ state: 'hidden' });
      await p().locator('.monaco-editor.focused').waitFor({ timeout: 10_000 });
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
      await eventually(p(), 'the Call Stack stop reason', () => stopReason(p()), (r) => /^Paused on breakpoint/.test(r));
      status = await statusBarPosition(p());
      assert.match(status, /^\S* ?REC icount [\d,]+ \/ [\d,]+$/);
      await eventually(p(), 'the highlighted line', () => highlightedLine(p()), (l) => l === failureLine);
      await eventually(p(), 'the top Call Stack frame', async () => (await callStack(p()))[0], (f) => /^ledger_audit\b/.test(f));
      await shot(p(), ctx.screenshots, 'session-1-breakpoint');
    }],
    ['Step Back moves the highlight to an earlier line and the icount down', async () => {
      await pressToolbar(p(), 'step-back');
      const next = await nextStop(p(), icountOf(status));
      assert.ok(Number(icountOf(next).replace(/,/g, '')) < Number(icountOf(status).replace(/,/g, '')));
      status = next;
      await eventually(p(), 'the highlighted line after Step Back', () => highlightedLine(p()), (l) => l !== undefined && l < failureLine);
      await shot(p(), ctx.screenshots, 'session-2-step-back');
    }],
    ['Break on Value Change on ledger.total, then Reverse Continue stops at the culprit write', async () => {
      // ledger is a file-scope static: it is listed under Globals.
      await expandVariable(p(), 'Globals');
      await expandVariable(p(), 'ledger');
      const total = await scrollToVariable(p(), 'total');
      await total.click({ button: 'right', timeout: 10_000 });
      await clickMenuItem(p(), 'Break on Value Change');
      await p().locator('.debug-breakpoints .monaco-list-row', { hasText: 'ledger.total' }).waitFor({ timeout: 10_000 });
      await pressToolbar(p(), 'reverse-continue');
      status = await nextStop(p(), icountOf(status));
      await eventually(p(), 'the Call Stack stop reason', () => stopReason(p()), (r) => /^Paused: ledger\.total written/.test(r));
      await eventually(p(), 'the highlighted line after Reverse Continue', () => highlightedLine(p()), (l) => l === culpritLine);
      await variablesSettled(p());
      const vars = await variables(p());
      const c = vars.find((v) => v.name === 'c');
      assert.ok(c && /100|'d'/.test(c.value), `c in the Variables view: ${JSON.stringify(vars)}`);
      // The picture of a reverse-debugging session: culprit line, Variables and the Timeline together.
      await runCommand(p(), 'Rewind: Show Timeline');
      await webviewFrame(p(), 'Timeline').locator('.event.current').waitFor({ timeout: 20_000 });
      // Scroll the Variables view back to its top so the picture shows c with ledger.
      const variablesBox = await p().locator('.debug-variables').boundingBox();
      if (variablesBox) {
        await p().mouse.move(variablesBox.x + variablesBox.width / 2, variablesBox.y + variablesBox.height / 2);
        await p().mouse.wheel(0, -2000);
      }
      await p().mouse.move(700, 450);
      await variablesSettled(p(), 300);
      await shot(p(), ctx.screenshots, 'session-3-reverse-continue');
    }],
    ['clicking an input event in the Timeline view seeks there', async () => {
      await runCommand(p(), 'Rewind: Show Timeline');
      const view = webviewFrame(p(), 'Timeline');
      const rows = view.locator('.event');
      await view.locator('.event.kind-input').first().waitFor({ timeout: 20_000 });
      // An input event alone at its icount: where several events share one (the first input and a
      // snapshot both at 500,000), the list marks the last of them as current.
      const listed = await rows.evaluateAll((els) => els.map((e) => ({ icount: (e as unknown as { dataset: { icount?: string } }).dataset.icount ?? '', input: (e as unknown as { classList: { contains(c: string): boolean } }).classList.contains('kind-input') })));
      const index = listed.findIndex((r, i) => r.input && listed.filter((o, j) => j !== i && o.icount === r.icount).length === 0);
      assert.ok(index >= 0, `an input event alone at its icount in the Timeline: ${JSON.stringify(listed)}`);
      const row = rows.nth(index);
      const target = (await row.locator('.icount').innerText()).trim();
      await row.click();
      status = await nextStop(p(), icountOf(status));
      assert.strictEqual(icountOf(status), target);
      const current = view.locator('.event.current');
      await eventually(p(), 'the current Timeline row', async () => `${await current.getAttribute('class')} ${(await current.locator('.icount').innerText()).trim()}`, (c) => /\bkind-input\b/.test(c) && c.endsWith(` ${target}`));
      await variablesSettled(p());
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
