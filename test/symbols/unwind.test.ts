// Unwinding at every instruction: gdb single-steps the test program from
// sum_areas' first instruction (through prologues, indirect calls, inlined
// code, epilogues, returns into main and the next calls)
// and at each step our unwinder, given the same registers and stack, must
// find the same frames (function names and pcs, inline frames included).
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { loadSymbols } from '../../debug-adapter/symbols';
import { CC, GDB, QEMU, requirePeers } from '../support/peers';
import { buildProgram, CONFIGS } from './support/build';
import { ProbeStop, probeSteps } from './support/gdbProbe';
import { stopContext } from './support/ours';

const STEPS = 600;

describe('symbols: unwinding at every instruction, against gdb', function () {
  before(function () {
    requirePeers(this, CC, QEMU, GDB);
  });

  for (const config of CONFIGS) {
    it(`finds gdb's frames at each of ${STEPS} single steps (${config.name})`, async function () {
      const elf = buildProgram(config);
      const symbols = loadSymbols(readFileSync(elf));
      const bss = symbols.program.elf.sections.find((s) => s.name === '.bss');
      const start = symbols.functionAddress('sum_areas');
      assert.ok(bss && start);
      const { steps, data } = await probeSteps(elf, bss.addr + bss.size, start.entry, STEPS);
      // The optimised builds run to completion in fewer steps; every step until then is compared.
      assert.ok(steps.length > 200, `gdb stepped only ${steps.length} times`);
      const diffs: string[] = [];
      const functionsSeen = new Set<string>();
      for (const step of steps) {
        const stop = { regs: step.regs, stack: step.stack, data } as unknown as ProbeStop;
        const ctx = stopContext(symbols, stop);
        const want = step.frames.map((f) => `${f.name}@${f.pc.toString(16)}`).join(' < ');
        const got = ctx.frames.map((f) => `${f.functionName ?? '??'}@${f.pc.toString(16)}`).join(' < ');
        step.frames.forEach((f) => functionsSeen.add(f.name));
        if (want !== got && diffs.length < 20) diffs.push(`pc ${step.regs.pc.toString(16)}\n gdb:  ${want}\n ours: ${got}`);
      }
      assert.deepEqual(diffs, []);
      assert.ok(functionsSeen.size >= 4, `steps covered ${[...functionsSeen].join(', ')}`);
    });
  }
});
