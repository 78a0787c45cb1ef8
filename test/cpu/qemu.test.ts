// Differential tests against QEMU 7.2 (the reference the machine follows):
// the same ELF runs on `qemu-system-riscv32 -M virt -bios none -icount
// shift=0` and on the hart, and what each prints on the UART must match:
// arithmetic, memory, atomics, every trap's cause/tval/epc, privilege
// checks, delegation, Sv32 and PMP.
//
// Known, deliberate differences (spec over QEMU 7.2) are kept out of these
// programs and listed in emulator/cpu/memory-access.ts and csr.ts: an AMO
// whose read half would fault reports a store/AMO fault (QEMU: load fault),
// and WARL registers drop bits of extensions this hart does not have.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CC, QEMU, requirePeers } from '../support/peers';
import { loadElf } from './elf';
import { machine } from './harness';
import { cProgram, isaProgram, privilegedProgram } from './qemu-programs';

const LINKER_SCRIPT = `ENTRY(_start)
SECTIONS { . = 0x80000000; .text : { *(.text.start) *(.text*) } . = ALIGN(4096); .data : { *(.data*) *(.bss*) } }
`;

function build(dir: string, name: string, source: string, c?: string): string {
  writeFileSync(join(dir, `${name}.S`), source);
  writeFileSync(join(dir, 'link.ld'), LINKER_SCRIPT);
  const inputs = [join(dir, `${name}.S`)];
  if (c !== undefined) {
    writeFileSync(join(dir, `${name}.c`), c);
    inputs.push(join(dir, `${name}.c`));
  }
  const elf = join(dir, `${name}.elf`);
  const cc = spawnSync(CC, ['-march=rv32imac_zicsr_zifencei', '-mabi=ilp32', '-O2', '-ffreestanding', '-nostdlib',
    '-Wl,--no-warn-rwx-segments', '-T', join(dir, 'link.ld'), '-o', elf, ...inputs, '-lgcc'], { encoding: 'utf8' });
  assert.equal(cc.status, 0, cc.stderr);
  return elf;
}

function onQemu(elf: string): string {
  const r = spawnSync(QEMU, ['-M', 'virt', '-bios', 'none', '-kernel', elf, '-nographic', '-icount', 'shift=0',
    '-monitor', 'none', '-serial', 'stdio'], { encoding: 'latin1', timeout: 20000, stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(r.status, 0, `qemu: ${r.stderr} ${r.error ?? ''}`);
  return r.stdout;
}

function onHart(elf: string): string {
  const m = machine(4 << 20);
  const entry = loadElf(m.ram, readFileSync(elf));
  m.hart.reset(entry, 0, 0x87e00000);
  let steps = 0;
  while (m.bus.finished === null && steps < 5_000_000) {
    steps += m.hart.run(1_000_000);
    assert.notEqual(m.hart.lastStop.kind, 'wfi', 'the program sleeps');
    m.bus.attention = false;
  }
  assert.equal(m.bus.finished, 0x5555, 'the program did not finish');
  return String.fromCharCode(...m.bus.sink);
}

describe('cpu: same behaviour as QEMU 7.2', function () {
  this.timeout(60000);
  let dir = '';
  before(function () {
    requirePeers(this, QEMU, CC);
    dir = mkdtempSync(join(tmpdir(), 'rewind-qemu-'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  const programs: [string, () => [string, string | undefined]][] = [
    ['isa', () => [isaProgram(), undefined]],
    ['privileged', () => [privilegedProgram(), undefined]],
    ['C (-O2)', () => { const [c, start] = cProgram(); return [start, c]; }],
  ];
  for (const [name, make] of programs) {
    it(`${name} program prints the same on both`, () => {
      const [source, c] = make();
      const elf = build(dir, name.replace(/\W/g, ''), source, c);
      const expected = onQemu(elf);
      const actual = onHart(elf);
      assert.ok(expected.length > 50, 'QEMU printed something');
      const a = actual.split('\n'), e = expected.split('\n');
      for (let i = 0; i < Math.max(a.length, e.length); i++) assert.equal(a[i], e[i], `line ${i + 1}`);
    });
  }
});
