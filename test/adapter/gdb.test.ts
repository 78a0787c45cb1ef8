// The Variables view against gdb-multiarch on QEMU at the same points: for
// each marker of examples/hello (first hit), every frame's Locals (gdb's
// `info args` then `info locals`), the call stack's function names, and a
// few expressions as the Watch view shows them (gdb's `print`).
import * as assert from 'assert';
import * as path from 'path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { GDB, QEMU, requirePeers } from '../support/peers';
import { ProbeResult, probe } from '../symbols/support/gdbProbe';
import { Adapter, EXAMPLES, launchTo, marker, startAdapter } from './support/adapter';

const SOURCE = path.join(EXAMPLES, 'hello/hello.c');
const PROGRAM = path.join(EXAMPLES, 'hello/hello.elf');
// Pointers into the stack are left out: gdb prints them bare, the symbols
// layer adds <__stack_bottom+N> (reported to its owner).
const PRINTS: Record<string, string[]> = {
  main: ['sum', 'main'],
  factorial: ['n', 'result * 2', 'factorial', '*&result'],
  loop: ['sum', 'f', 'n * f', '(char)(n + 64)'],
};

/** gdb's `info args` / `info locals` text as "name = value" lines. */
function gdbLines(text: string): string[] {
  if (/^No (locals|arguments)\.|^No symbol table/.test(text)) return [];
  return text.split('\n').filter((l) => l.trim() !== '');
}

describe('adapter: variables against gdb on QEMU (hello)', function () {
  let gdb: ProbeResult;
  let adapter: Adapter;
  before(async function () {
    requirePeers(this, QEMU, GDB);
    this.timeout(120000);
    gdb = await probe(PROGRAM, 0x80001000, Object.keys(PRINTS).map((name) => ({ name, file: 'hello.c', line: marker(SOURCE, name), print: PRINTS[name] })));
  });
  beforeEach(async () => {
    adapter = await startAdapter();
  });
  afterEach(async () => adapter.close());

  for (const name of Object.keys(PRINTS)) {
    it(`shows what gdb shows at #BP ${name}`, async () => {
      const stop = gdb.stops.find((s) => s.marker === name);
      assert.ok(stop, `gdb stopped at ${name}`);
      const { dc } = adapter;
      await launchTo(dc, { program: PROGRAM }, SOURCE, [marker(SOURCE, name)]);
      const st = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
      const gdbFunctions = [...stop.bt.matchAll(/^#\d+\s+(?:0x[0-9a-f]+ in )?(\S+)/gm)].map((m) => m[1]);
      assert.deepStrictEqual(st.map((f) => f.name), gdbFunctions);
      for (let i = 0; i < st.length; i++) {
        const scopes = await dc.scopesRequest({ frameId: st[i].id });
        const locals = await dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
        const ours = locals.body.variables.map((v: DebugProtocol.Variable) => `${v.name} = ${v.value}`);
        assert.deepStrictEqual(ours, [...gdbLines(stop.frames[i].args), ...gdbLines(stop.frames[i].locals)], `frame ${i} (${st[i].name})`);
      }
      for (const expression of PRINTS[name]) {
        const r = await dc.evaluateRequest({ expression, frameId: st[0].id, context: 'watch' });
        assert.strictEqual(r.body.result, stop.prints[expression], expression);
      }
    });
  }
});
