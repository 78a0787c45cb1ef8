// The bundled adapter as VS Code runs it: its own Node process speaking
// DAP over stdio, and the --server=PORT mode on 127.0.0.1. Builds the
// bundle first (esbuild, about a second) so the test checks current code.
import * as assert from 'assert';
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as path from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { EXAMPLES, launchTo, marker, where } from './support/adapter';

const ROOT = path.resolve(__dirname, '../..');
const BUNDLE = path.join(ROOT, 'dist/debugAdapter.js');
const SOURCE = path.join(EXAMPLES, 'hello/hello.c');
const PROGRAM = path.join(EXAMPLES, 'hello/hello.elf');

async function helloStory(dc: DebugClient): Promise<void> {
  let output = '';
  dc.on('output', (e) => {
    if (e.body.category === 'stdout') output += e.body.output;
  });
  const stop = await launchTo(dc, { program: PROGRAM }, SOURCE, [marker(SOURCE, 'loop')]);
  assert.strictEqual(stop.body.reason, 'breakpoint');
  assert.strictEqual((await where(dc)).line, marker(SOURCE, 'loop'));
  await dc.setBreakpointsRequest({ source: { path: SOURCE }, breakpoints: [] });
  await Promise.all([dc.continueRequest({ threadId: 1 }), dc.waitForEvent('stopped')]);
  assert.match(output, /^Hello from Rewind!\r\n1! = 1\r\n/);
  assert.match(output, /Goodbye\.\r\n$/);
}

describe('adapter: the bundled process', function () {
  before(function () {
    this.timeout(60000);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.mjs')], { cwd: ROOT, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
  });

  it('speaks DAP over stdio', async () => {
    const dc = new DebugClient('node', BUNDLE, 'rewind');
    dc.defaultTimeout = 20000;
    await dc.start();
    try {
      await helloStory(dc);
    } finally {
      await dc.stop();
    }
  });

  it('serves sessions on 127.0.0.1 with --server=PORT', async () => {
    const port = 40000 + (process.pid % 20000);
    const server: ChildProcess = spawn(process.execPath, [BUNDLE, `--server=${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        server.stderr?.on('data', (d: Buffer) => d.toString().includes('listening') && resolve());
        server.on('exit', (code) => reject(new Error(`adapter exited with ${code}`)));
      });
      for (let i = 0; i < 2; i++) {
        const dc = new DebugClient('node', BUNDLE, 'rewind');
        dc.defaultTimeout = 20000;
        await dc.start(port);
        try {
          await helloStory(dc);
        } finally {
          await dc.stop();
        }
      }
    } finally {
      server.kill();
    }
  });
});
