// UI smoke test: what a person sees of Rewind before any session: the
// Timeline view in Run and Debug (with its empty state and buttons), the
// ELFs of the workspace offered by "Select and Start Debugging", the
// palette listing only the commands that make sense without a session, and
// the installed extension's page in the Extensions view showing the README
// with its screenshot (inlined in the packaged README: the page only draws
// https: and data: images).
import * as assert from 'assert';
import type { Page } from 'playwright-core';
import { openRunAndDebug, openWorkbench, quickPickRows, runCommand, shot, webviewFrame } from './workbench';
import { steps, UiContext } from './steps';
import type { TestResult } from '../suite/harness';

const DISPLAY_NAME = 'Rewind — RISC-V time-travel debugger';

interface ShownImage {
  src: string;
  naturalWidth: number;
  naturalHeight: number;
}

/**
 * The README's screenshot as the extension page's webview drew it: searched
 * in every frame of the page (the README is in a nested webview frame),
 * until one has finished loading a PNG given inline.
 */
async function readmeImage(page: Page, timeout: number): Promise<ShownImage> {
  const until = Date.now() + timeout;
  let seen: ShownImage[] = [];
  for (;;) {
    seen = [];
    for (const frame of page.frames()) {
      // Browser-side code as text: this project compiles without the DOM library.
      const images = await frame
        .evaluate(`[...document.querySelectorAll('img')].filter((i) => i.complete).map((i) => ({ src: (i.currentSrc || i.src).slice(0, 100), naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight }))`)
        .catch(() => []) as ShownImage[];
      seen.push(...images);
    }
    const ours = seen.find((i) => i.src.startsWith('data:image/png') && i.naturalWidth > 0);
    if (ours) return ours;
    if (Date.now() > until) throw new Error(`the extension page shows no loaded README screenshot; images: ${JSON.stringify(seen)}`);
    await page.waitForTimeout(500);
  }
}

export async function runUiSmoke(ctx: UiContext): Promise<TestResult[]> {
  let page: Page | undefined;
  const results = await steps([
    ['the workbench opens on the examples', async () => {
      page = await openWorkbench(ctx.context, ctx.url, ctx.workspace);
    }],
    ['Show Timeline opens the Timeline view in Run and Debug, with its empty state', async () => {
      assert.ok(page);
      await openRunAndDebug(page);
      await runCommand(page, 'Rewind: Show Timeline');
      const header = page.locator('.pane-header', { hasText: 'Timeline' }).first();
      await header.waitFor({ timeout: 20_000 });
      const view = webviewFrame(page, 'Timeline');
      // The browser's first webview also loads the webview host page and its service worker: once, on a loaded machine, that took over 20 s.
      await view.locator('.empty .note', { hasText: 'No Rewind session' }).waitFor({ timeout: 60_000 });
      const buttons = await view.locator('button.action').allInnerTexts();
      assert.deepStrictEqual(buttons, ['Record Program…', 'Replay Recording…']);
      await shot(page, ctx.screenshots, 'smoke-run-and-debug');
    }],
    ['Select and Start Debugging offers the example ELFs (dynamic configurations)', async () => {
      assert.ok(page);
      await runCommand(page, 'Debug: Select and Start Debugging');
      const top = await quickPickRows(page, 'Rewind (RISC-V record/replay)');
      assert.ok(top.some((r) => r.includes('Rewind (RISC-V record/replay)')), top.join(' | '));
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Rewind (RISC-V record/replay)' }).first().click();
      const rows = await quickPickRows(page, 'Rewind: Record heisenbug');
      for (const name of ['hello', 'echo', 'clock', 'heisenbug', 'tasks', 'bench']) {
        assert.ok(rows.some((r) => r.includes(`Rewind: Record ${name}`)), `${name} offered: ${rows.join(' | ')}`);
      }
      await shot(page, ctx.screenshots, 'smoke-dynamic-configurations');
      await page.keyboard.press('Escape');
    }],
    ['the palette offers Record and Replay, and hides session commands without a session', async () => {
      assert.ok(page);
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget .quick-input-box input').fill('>Rewind:');
      const rows = await quickPickRows(page, 'Rewind: Record Program…');
      assert.ok(rows.some((r) => r.includes('Rewind: Replay Recording…')), rows.join(' | '));
      assert.ok(!rows.some((r) => r.includes('Reverse Step Into')), `session command listed: ${rows.join(' | ')}`);
      await page.keyboard.press('Escape');
    }],
    ['the extension page shows the README with its screenshot of a reverse-debugging session', async () => {
      assert.ok(page);
      // The Extensions view (activity bar) lists the installed extensions with no search typed.
      await page.locator('.activitybar .action-item a[aria-label^="Extensions"]').first().click();
      const row = page.locator('.extensions-viewlet .monaco-list-row', { hasText: DISPLAY_NAME }).first();
      await row.waitFor({ timeout: 30_000 });
      await row.click();
      await page.locator('.extension-editor .name', { hasText: DISPLAY_NAME }).first().waitFor({ timeout: 20_000 });
      const image = await readmeImage(page, 30_000);
      assert.ok(image.naturalWidth >= 800 && image.naturalHeight >= 500, `the picture loaded: ${JSON.stringify(image)}`);
      await shot(page, ctx.screenshots, 'smoke-extension-page');
    }],
  ], async () => page && shot(page, ctx.screenshots, 'ui-smoke-failed'));
  await page?.close();
  return results;
}
