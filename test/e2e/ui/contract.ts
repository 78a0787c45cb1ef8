// Contract suite: the extension's side of the DAP contract, driven as a
// person would against the scripted adapter of contractAdapter.ts (the real
// adapter cannot launch programs yet). Record Program… from the palette,
// the status bar, the UART terminal both ways, the Timeline view (click an
// event to seek), Go to Instruction Count… from the status bar, the Reverse
// Step Into and Go Live toolbar buttons, Who Wrote This? on a variable.
// Each step checks what the user sees and what the adapter was sent.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import type { ReceivedRequest } from '../contractAdapter';
import { SCRIPT } from '../contractAdapter';
import type { TestResult } from '../suite/harness';
import { steps, UiContext } from './steps';
import { clickMenuItem, nextStop, openWorkbench, REWIND_STATUS_ITEM, pressToolbarTitled, quickPickRows, runCommand, shot, statusBarPosition, webviewFrame } from './workbench';

async function request(received: ReceivedRequest[], command: string, from: number, timeout = 15_000): Promise<ReceivedRequest> {
  const until = Date.now() + timeout;
  for (;;) {
    const hit = received.slice(from).find((r) => r.command === command);
    if (hit) return hit;
    if (Date.now() > until) throw new Error(`the adapter was not sent ${command}; it got: ${received.slice(from).map((r) => r.command).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function runUiContract(ctx: UiContext): Promise<TestResult[]> {
  const adapter = ctx.contract;
  if (!adapter) throw new Error('the contract suite needs the scripted adapter');
  const received = adapter.received;
  let page: Page | undefined;
  const p = (): Page => {
    assert.ok(page, 'the workbench is open');
    return page;
  };
  let status = '';

  const results = await steps([
    ['Record Program… lists the ELFs and starts a session on the picked one', async () => {
      page = await openWorkbench(ctx.context, ctx.url, ctx.workspace);
      await runCommand(p(), 'Rewind: Record Program…');
      await quickPickRows(p(), 'heisenbug');
      await p().locator('.quick-input-list .monaco-list-row', { hasText: 'heisenbug' }).first().click();
      const launch = await request(received, 'launch', 0, 30_000);
      const args = launch.arguments as Record<string, unknown>;
      assert.match(String(args.program), /heisenbug[/\\]heisenbug\.elf$/);
      assert.strictEqual(args.mode, 'record');
    }],
    ['the status bar shows REC and the icount out of the length', async () => {
      status = await statusBarPosition(p());
      assert.match(status, /REC icount 0 \/ 1,000$/);
    }],
    ['the UART terminal is named after the program and shows the guest output', async () => {
      await p().locator('.terminal-tabs-entry, .single-terminal-tab', { hasText: 'Rewind UART: heisenbug' }).first().waitFor({ timeout: 20_000 });
      await p().locator('.xterm-rows', { hasText: SCRIPT.greeting.trim() }).first().waitFor({ timeout: 20_000 });
    }],
    ['typing in the terminal sends the keys to the guest with rewind/uartInput', async () => {
      const from = received.length;
      await p().locator('.terminal-widget-container').first().click();
      await p().keyboard.type('42');
      await p().keyboard.press('Enter');
      await p().locator('.xterm-rows', { hasText: '[got' }).first().waitFor({ timeout: 15_000 });
      const deadline = Date.now() + 10_000;
      let typed = '';
      while (Date.now() < deadline) {
        typed = received.slice(from).filter((r) => r.command === 'rewind/uartInput').map((r) => String((r.arguments as { data: string }).data)).join('');
        if (typed === '42\r') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.strictEqual(typed, '42\r');
    }],
    ['the Timeline view draws the events; clicking the input event seeks there and marks both events at that icount', async () => {
      await runCommand(p(), 'Rewind: Show Timeline');
      const view = webviewFrame(p(), 'Timeline');
      await view.locator('.event').nth(SCRIPT.events.length - 1).waitFor({ timeout: 20_000 });
      assert.strictEqual(await view.locator('.event').count(), SCRIPT.events.length);
      assert.strictEqual(await view.locator('.bar .marker').count(), SCRIPT.events.length, 'one marker per event (no two of one kind share a slot)');
      assert.strictEqual(await view.locator('.event.current').count(), 1, 'at icount 0: the snapshot there');
      assert.match(await view.locator('.head .position').innerText(), /icount 0 \/ 1,000/);
      const from = received.length;
      await view.locator('.event.kind-input').click();
      const seek = await request(received, 'rewind/seek', from);
      assert.deepStrictEqual(seek.arguments, { icount: 300 });
      status = await nextStop(p(), '0');
      assert.match(status, /icount 300 \/ 1,000$/);
      await view.locator('.event.current.kind-input').waitFor();
      const current = await view.locator('.event.current').allTextContents();
      assert.deepStrictEqual(current, ["300inputUART input '1'", '300snapshotsnapshot 1'], 'all events at the cursor, not only the last');
      await shot(p(), ctx.screenshots, 'contract-timeline');
    }],
    ['clicking the status bar opens Go to Instruction Count…; +50 moves the cursor 50 on', async () => {
      const from = received.length;
      await p().locator(REWIND_STATUS_ITEM).click();
      const input = p().locator('.quick-input-widget .quick-input-box input');
      await input.waitFor();
      await input.fill('+50');
      await p().keyboard.press('Enter');
      assert.deepStrictEqual((await request(received, 'rewind/seek', from)).arguments, { icount: 350 });
      status = await nextStop(p(), '300');
      assert.match(status, /icount 350 \/ 1,000$/);
    }],
    ['the debug toolbar shows Reverse Step Into, Reverse Step Out, Go to Instruction Count and Go Live with their codicons', async () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { commands: { command: string; title: string; icon?: unknown }[] } };
      for (const id of ['rewind.reverseStepIn', 'rewind.reverseStepOut', 'rewind.goToInstructionCount', 'rewind.goLive']) {
        const command = manifest.contributes.commands.find((c) => c.command === id);
        assert.ok(command && typeof command.icon === 'string', `${id} has a codicon`);
        const codicon = /^\$\(([a-z0-9-]+)\)$/.exec(command.icon as string)?.[1];
        assert.ok(codicon, `${id}: ${String(command.icon)}`);
        const button = p().locator(`.debug-toolbar .action-label[aria-label^="${command.title}"]`);
        await button.waitFor({ timeout: 20_000 });
        assert.match(String(await button.getAttribute('class')), new RegExp(`\\bcodicon-${codicon}\\b`), `${command.title} is drawn with codicon-${codicon}`);
        // The glyph exists in this VS Code's codicon font: its ::before has content.
        // Browser-side code as text: this project compiles without the DOM library.
        const glyph = await p().evaluate(`(() => {
          const el = document.querySelector(${JSON.stringify(`.debug-toolbar .action-label[aria-label^="${command.title}"]`)});
          return el ? getComputedStyle(el, '::before').content : null;
        })()`);
        assert.ok(typeof glyph === 'string' && glyph !== 'none' && glyph !== 'normal' && glyph !== '""', `${command.title}: codicon-${codicon} has a glyph (got ${String(glyph)})`);
      }
      await shot(p(), ctx.screenshots, 'contract-toolbar');
    }],
    ['the Reverse Step Into toolbar button sends rewind/reverseStepIn for the thread', async () => {
      const from = received.length;
      await pressToolbarTitled(p(), 'Reverse Step Into');
      assert.deepStrictEqual((await request(received, 'rewind/reverseStepIn', from)).arguments, { threadId: 1 });
      status = await nextStop(p(), '350');
      assert.match(status, /icount 349 \/ 1,000$/);
    }],
    ['Who Wrote This? on a variable asks for its last write by expression and frame', async () => {
      const row = p().locator('.debug-variables .monaco-list-row', { hasText: 'total' }).first();
      await row.waitFor({ timeout: 20_000 });
      const from = received.length;
      await row.click({ button: 'right' });
      await clickMenuItem(p(), 'Who Wrote This?');
      assert.deepStrictEqual((await request(received, 'rewind/lastWrite', from)).arguments, { expression: 'ledger.total', frameId: 1 });
      status = await nextStop(p(), '349');
      assert.match(status, /icount 123 \/ 1,000$/);
      await shot(p(), ctx.screenshots, 'contract-who-wrote-this');
    }],
    ['Go Live goes to the end of the recording; the button goes away once live', async () => {
      const from = received.length;
      await pressToolbarTitled(p(), 'Go Live From Here');
      await request(received, 'rewind/goLive', from);
      status = await nextStop(p(), '123');
      assert.match(status, /icount 1,000 \/ 1,000$/);
      await p().locator('.debug-toolbar .action-label[aria-label^="Go Live From Here"]').waitFor({ state: 'detached', timeout: 10_000 });
    }],
    ['stopping the session says so in the terminal and hides the status bar item', async () => {
      const from = received.length;
      await p().locator('.debug-toolbar .action-label.codicon-debug-stop').click();
      await request(received, 'disconnect', from);
      await p().locator('.xterm-rows', { hasText: 'The debug session ended.' }).first().waitFor({ timeout: 15_000 });
      await p().locator(REWIND_STATUS_ITEM).waitFor({ state: 'hidden', timeout: 10_000 });
    }],
  ], async () => page && shot(page, ctx.screenshots, 'ui-contract-failed'));
  await page?.close();
  return results;
}
