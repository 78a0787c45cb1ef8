// Playwright helpers for VS Code's workbench as a person uses it: open a
// folder, run a command from the palette, open Run and Debug, press debug
// toolbar buttons, read the Variables and Call Stack views, find the line
// the editor highlights as the current statement, reach into a webview.
// Selectors are the ones VS Code 1.100 renders (see the e2e README facts).
import * as path from 'path';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';

export async function openWorkbench(context: BrowserContext, url: string, folder: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.activitybar').waitFor({ timeout: 60_000 });
  return page;
}

/**
 * Runs a palette command by its title. Contributed commands are listed only
 * once the extension host has read the extensions, so while the entry is
 * missing the palette is closed and opened again (up to `timeout`).
 */
export async function runCommand(page: Page, title: string, timeout = 45_000): Promise<void> {
  const until = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    if (await row.waitFor({ timeout: 3000 }).then(() => true, () => false)) {
      await row.click();
      return;
    }
    await page.keyboard.press('Escape');
    if (Date.now() > until) throw new Error(`the command palette does not list '${title}'`);
  }
}

export async function openRunAndDebug(page: Page): Promise<void> {
  await runCommand(page, 'View: Show Run and Debug');
  await page.locator('.debug-pane, .debug-viewlet, [id="workbench.view.debug"]').first().waitFor();
}

/** The rows of the open quick pick (label text), after waiting for at least one that matches. */
export async function quickPickRows(page: Page, expect: string): Promise<string[]> {
  await page.locator('.quick-input-list .monaco-list-row', { hasText: expect }).first().waitFor({ timeout: 20_000 });
  return page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
}

export type ToolbarButton = 'continue' | 'step-over' | 'step-into' | 'step-out' | 'step-back' | 'reverse-continue' | 'restart' | 'stop' | 'pause';

export async function pressToolbar(page: Page, button: ToolbarButton): Promise<void> {
  const b = page.locator(`.debug-toolbar .action-label.codicon-debug-${button}`);
  await b.waitFor({ timeout: 30_000 });
  await page.locator(`.debug-toolbar .action-label.codicon-debug-${button}:not(.disabled)`).waitFor({ timeout: 30_000 });
  await b.click();
}

/** Presses a contributed toolbar button by its tooltip (our commands use their title). */
export async function pressToolbarTitled(page: Page, title: string): Promise<void> {
  const b = page.locator(`.debug-toolbar .action-label[aria-label^="${title}"]:not(.disabled)`);
  try {
    await b.waitFor({ timeout: 30_000 });
  } catch {
    const shown = await page.locator('.debug-toolbar .action-label').evaluateAll('(els) => els.map((e) => e.getAttribute("aria-label") + (e.classList.contains("disabled") ? " (disabled)" : ""))');
    throw new Error(`no enabled "${title}" button in the debug toolbar; it shows: ${JSON.stringify(shown)}`);
  }
  await b.click();
}

/**
 * Reads `read()` until `ok` accepts its value and returns that value. The
 * workbench draws a stop in stages (status bar, then the call stack, then the
 * current-line decoration and the views), so a check made at the first sign
 * of a stop can see the previous one. Fails after `timeout` naming `what`
 * and the last value seen.
 */
export async function eventually<T>(page: Page, what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeout = 20_000): Promise<T> {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > until) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeout} ms`);
    await page.waitForTimeout(200);
  }
}

/**
 * Clicks an entry of the open context menu. A click that lands while the menu
 * is still settling can leave it open with the entry merely highlighted, so
 * the click is repeated until the menu closes.
 */
export async function clickMenuItem(page: Page, label: string): Promise<void> {
  const menu = page.locator('.context-view .monaco-menu');
  const item = page.locator('.context-view .action-label', { hasText: label });
  for (let attempt = 0; attempt < 5; attempt++) {
    if (attempt === 0) await item.waitFor({ timeout: 10_000 });
    else if (!(await item.isVisible())) return;
    await item.click({ timeout: 10_000 });
    if (await menu.waitFor({ state: 'hidden', timeout: 2000 }).then(() => true, () => false)) return;
  }
  throw new Error(`the context menu stays open after clicking '${label}'`);
}

/** The stop reason VS Code shows in the Call Stack view, e.g. "Paused on breakpoint". */
export async function stopReason(page: Page): Promise<string> {
  const label = page.locator('.call-stack-state-message .label').first();
  await label.waitFor({ timeout: 30_000 });
  return (await label.innerText()).trim();
}

/** Waits until the status bar's icount differs from `previousIcount` (the session stopped somewhere else); returns the new text. */
export async function nextStop(page: Page, previousIcount: string, timeout = 60_000): Promise<string> {
  // Browser-side code as text: this project compiles without the DOM library.
  await page.waitForFunction(
    `(() => {
      const item = document.querySelector(${JSON.stringify(REWIND_STATUS_ITEM)});
      return item !== null && /icount/.test(item.textContent || '') && !(item.textContent || '').includes(${JSON.stringify(`icount ${previousIcount} `)});
    })()`,
    undefined,
    { timeout },
  );
  return statusBarPosition(page);
}

/** Rewind's status bar item: VS Code gives it the id `<extension id>.<item id>`. */
export const REWIND_STATUS_ITEM = '.statusbar-item[id$="rewind.position"]';

/** The Rewind status bar item's text, e.g. "REC  icount 1,234 / 5,678". */
export async function statusBarPosition(page: Page): Promise<string> {
  const item = page.locator(REWIND_STATUS_ITEM, { hasText: 'icount' });
  await item.waitFor({ timeout: 30_000 });
  return (await item.innerText()).replace(/\s+/g, ' ').trim();
}

/** Variables view rows as {name, value} (a scope row has its name and no value); only rows on screen are drawn. */
export async function variables(page: Page): Promise<{ name: string; value: string }[]> {
  const rows = page.locator('.debug-variables .monaco-list-row');
  await rows.first().waitFor({ timeout: 30_000 });
  // Read in one pass: a scope row has no .name/.value, and waiting for them per row would stall.
  const read = await page.evaluate(`[...document.querySelectorAll('.debug-variables .monaco-list-row')].map((row) => {
    const name = row.querySelector('.expression .name');
    const value = row.querySelector('.expression .value');
    return { name: name ? name.textContent : row.textContent, value: value ? value.textContent : '' };
  })`) as { name: string | null; value: string | null }[];
  return read.map((r) => ({ name: (r.name ?? '').replace(/\s*(:|=)$/, '').trim(), value: (r.value ?? '').trim() }));
}

/**
 * Waits until the Variables view has drawn nothing new for `quietMs`. After a
 * stop VS Code redraws it on a delay (about 400 ms, so fast steps do not
 * flicker); until then its rows still belong to the previous stop, and
 * expanding one asks the adapter for a reference that stop made, which the
 * adapter rightly no longer knows.
 */
export async function variablesSettled(page: Page, quietMs = 800, timeout = 20_000): Promise<void> {
  await page.evaluate(`(() => {
    const view = document.querySelector('.debug-variables');
    if (!view) throw new Error('no Variables view');
    window.__rewindVariablesChanged = Date.now();
    if (window.__rewindVariablesObserver) window.__rewindVariablesObserver.disconnect();
    window.__rewindVariablesObserver = new MutationObserver(() => { window.__rewindVariablesChanged = Date.now(); });
    window.__rewindVariablesObserver.observe(view, { childList: true, subtree: true, characterData: true, attributes: true });
  })()`);
  await page.waitForFunction(`Date.now() - window.__rewindVariablesChanged >= ${quietMs}`, undefined, { timeout, polling: 100 });
}

/** The Variables view row of a scope or variable named `name` (drawn rows only); VS Code writes a variable's name as "name =" (or "name:" before a type). */
export function variableRow(page: Page, name: string): Locator {
  return page.locator('.debug-variables .monaco-list-row').filter({
    has: page.locator(`.scope, .expression .name`, { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:| =)?$`) }),
  }).first();
}

/** Expands a collapsed scope or variable in the Variables view as a person does: select it, press Right. */
export async function expandVariable(page: Page, name: string): Promise<void> {
  const row = variableRow(page, name);
  await row.waitFor({ timeout: 30_000 });
  await variablesSettled(page);
  if ((await row.getAttribute('aria-expanded')) === 'true') return;
  await row.click();
  await page.keyboard.press('ArrowRight');
  await eventually(page, `the Variables row '${name}' expanded`, () => row.getAttribute('aria-expanded'), (v) => v === 'true', 10_000);
}

/**
 * Brings the Variables row `name` into view the way a person does in a short
 * pane: arrow down from the focused row (the list only draws rows on screen).
 */
export async function scrollToVariable(page: Page, name: string, maxRows = 40): Promise<Locator> {
  const row = variableRow(page, name);
  for (let i = 0; i < maxRows; i++) {
    if (await row.isVisible()) return row;
    await page.keyboard.press('ArrowDown');
  }
  await row.waitFor({ timeout: 2000 });
  return row;
}

/** Call Stack frames as shown (function name and file:line). */
export async function callStack(page: Page): Promise<string[]> {
  const rows = page.locator('.debug-call-stack .monaco-list-row');
  await rows.first().waitFor({ timeout: 30_000 });
  return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/**
 * The line number the editor highlights as the current statement (the
 * top stack frame's line decoration), read from the line-number gutter at
 * the same height.
 */
export async function highlightedLine(page: Page): Promise<number | undefined> {
  const line = await page.evaluate(`(() => {
    const deco = document.querySelector('.monaco-editor .view-overlays .debug-top-stack-frame-line');
    const row = deco && deco.parentElement;
    if (!row) return undefined;
    const editor = row.closest('.monaco-editor');
    const numbers = [...editor.querySelectorAll('.margin-view-overlays > div')];
    const match = numbers.find((n) => n.style.top === row.style.top);
    const text = match && match.querySelector('.line-numbers');
    return text ? Number(text.textContent.trim()) : undefined;
  })()`);
  return typeof line === 'number' ? line : undefined;
}

/** The content frame of a webview view (two nested iframes in VS Code web). */
export function webviewFrame(page: Page, title: string): FrameLocator {
  return page.frameLocator(`iframe.webview[title="${title}"], iframe.webview`).first().frameLocator('iframe#active-frame, iframe').first();
}

export function shot(page: Page, dir: string, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(dir, `${name}.png`) });
}
