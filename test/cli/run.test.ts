// `rewind run` end to end in-process, with a scripted stand-in hart: exit
// statuses, bad programs and options, UART on stdio, stdin to the UART,
// --max-insns, --trace, and pacing that never changes what the guest does.
import { strict as assert } from 'assert';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Irq } from '../../emulator/contracts';
import { runCommand } from '../../cli/commands';
import { RunDependencies, runCommandRun } from '../../cli/run';
import { buildElf } from '../machine/elfBuilder';
import { ScriptedHart, Step } from '../machine/scriptedHart';
import { runCli } from './cliHarness';

const UART = 0x10000000;
const TEST = 0x00100000;
const PLIC = 0x0c000000;
const CLINT_MTIMECMP = 0x02004000;
const ENTRY = 0x80000000;

const write = (addr: number, value: number, size: 1 | 2 | 4 = 4): Step => ({ bus }) => bus.write(addr, size, value);
const print = (text: string): Step[] => [...text].map((c) => write(UART, c.charCodeAt(0), 1));
const jump = (to: number): Step => () => ({ jump: to });

/** Reads UART bytes by interrupt and echoes them; 'q' fails with code 3. */
const echoProgram: Step[] = [
  write(UART + 1, 1, 1),
  write(PLIC + 40, 1),
  write(PLIC + 0x2000, 1 << 10),
  ({ hart }) => {
    hart.mie = Irq.MEIP;
  },
  () => 'wfi',
  ({ bus, hart }) => {
    hart.mip &= ~0; // the PLIC line stays as the devices drive it
    while (bus.read(UART + 5, 1) & 1) {
      const c = bus.read(UART, 1);
      if (c === 0x71) {
        bus.write(TEST, 4, (3 << 16) | 0x3333);
        return;
      }
      bus.write(UART, 1, c);
    }
    bus.read(PLIC + 0x200004, 4);
  },
  jump(4),
];

let dir: string;
const elfPath = (name: string, bytes: Uint8Array): string => {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
};
const goodElf = () => elfPath('good.elf', buildElf({ entry: ENTRY, segments: [{ paddr: ENTRY, data: new Uint8Array(16) }] }));

function deps(program: Step[]): RunDependencies {
  let now = 0n;
  return {
    createHart: (bus, time) => new ScriptedHart(bus, time, program),
    hostInputs: { wallClockNs: () => 1_700_000_000_000_000_000n },
    // A host clock that moves 5 ms each time it is read: pacing waits, but never for long.
    monotonicNs: () => (now += 5_000_000n),
  };
}

describe('rewind run', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rewind-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the UART output and exits 0 on the finisher pass', async () => {
    const r = await runCli((io) => runCommandRun([goodElf()], io, deps([...print('hello\n'), write(TEST, 0x5555)])));
    assert.equal(r.stdout, 'hello\n');
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
  });

  it('exits with the code of a finisher fail, and says so on stderr', async () => {
    const r = await runCli((io) => runCommandRun([goodElf()], io, deps([write(TEST, (42 << 16) | 0x3333)])));
    assert.equal(r.code, 42);
    assert.match(r.stderr, /failure \(code 42\)/);
  });

  for (const [what, bytes, message] of [
    ['not an ELF', new TextEncoder().encode('just text'), /not an ELF file/],
    ['an RV64 ELF', buildElf({ elfClass: 2, segments: [{ paddr: ENTRY, data: Uint8Array.of(1) }] }), /64-bit/],
    ['a big-endian ELF', buildElf({ dataEncoding: 2, segments: [{ paddr: ENTRY, data: Uint8Array.of(1) }] }), /big-endian/],
    ['an ELF outside RAM', buildElf({ entry: ENTRY, segments: [{ paddr: 0x1000, data: Uint8Array.of(1) }] }), /outside RAM/],
    ['an ELF without PT_LOAD', buildElf({ entry: ENTRY, segments: [{ type: 4, paddr: ENTRY, data: Uint8Array.of(1) }] }), /no loadable segment/],
  ] as const) {
    it(`refuses ${what} with one line on stderr and exit status 2`, async () => {
      const file = elfPath('bad.elf', bytes);
      const r = await runCli((io) => runCommandRun([file], io, deps([])));
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.split('\n').length, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`^rewind: ${file.replace(/[.]/g, '\\.')}: .*${message.source}`));
    });
  }

  it('refuses a missing file and bad options with exit status 2', async () => {
    let r = await runCli((io) => runCommandRun([join(dir, 'nope.elf')], io, deps([])));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read .*nope\.elf: no such file/);
    for (const args of [[], ['--ram'], ['--icount-shift', '11'], ['--frobnicate', 'x.elf'], ['a.elf', 'b.elf'], ['--max-insns=-1', 'x.elf']]) {
      r = await runCli((io) => runCommandRun(args, io, deps([])));
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^rewind run: /);
    }
    r = await runCli((io) => runCommandRun(['--help'], io, deps([])));
    assert.equal(r.code, 0);
    assert.match(r.stdout, /usage: rewind run/);
  });

  it('feeds stdin to the UART, and stops with status 0 when the guest waits for input after stdin ended', async () => {
    const r = await runCli((io) => runCommandRun([goodElf()], io, deps(echoProgram)), { chunks: ['abc', 'de'] });
    assert.equal(r.stdout, 'abcde');
    assert.equal(r.code, 0);
    assert.match(r.stderr, /waiting for input .* stdin has ended/);
  });

  it('gives the guest input until it decides to exit', async () => {
    const r = await runCli((io) => runCommandRun([goodElf()], io, deps(echoProgram)), { chunks: ['xyqzz'] });
    assert.equal(r.stdout, 'xy');
    assert.equal(r.code, 3);
  });

  it('stops after --max-insns instructions with status 124', async () => {
    const r = await runCli((io) => runCommandRun(['--max-insns', '1000', goodElf()], io, deps([() => {}, jump(0)])));
    assert.equal(r.code, 124);
    assert.match(r.stderr, /stopped after 1000 instructions/);
  });

  it('traces each instruction with its icount, pc and encoding', async () => {
    const code = new Uint8Array(16);
    new DataView(code.buffer).setUint32(0, 0x00000297, true); // auipc t0, 0
    new DataView(code.buffer).setUint16(4, 0x4501, true); // c.li a0, 0
    const file = elfPath('trace.elf', buildElf({ entry: ENTRY, segments: [{ paddr: ENTRY, data: code }] }));
    const program: Step[] = [
      ({ hart }) => {
        hart.regs[5] = ENTRY;
      },
      ({ hart }) => {
        hart.regs[10] = 0;
      },
      write(TEST, 0x5555),
    ];
    const r = await runCli((io) => runCommandRun(['--trace', file], io, deps(program)));
    assert.equal(r.code, 0);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^0 80000000: 00000297 +auipc +t0,0x0 +t0=0x80000000$/);
    assert.match(lines[1], /^1 80000004: 4501 +li +a0,0$/);
  });

  it('paces a sleeping guest without changing what it prints', async () => {
    const ticks: Step[] = [
      write(CLINT_MTIMECMP + 4, 0),
      write(CLINT_MTIMECMP, 1000), // 100 us
      ({ hart }) => {
        hart.mie = Irq.MTIP;
      },
      () => 'wfi',
      ...print('tick\n'),
      write(TEST, 0x5555),
    ];
    const paced = await runCli((io) => runCommandRun([goodElf()], io, deps(ticks)));
    const unpaced = await runCli((io) => runCommandRun(['--no-pace', goodElf()], io, deps(ticks)));
    assert.equal(paced.stdout, 'tick\n');
    assert.deepEqual(paced, unpaced);
  });
});

describe('rewind (command dispatch)', () => {
  it('lists the run command under help, and refuses an unknown command with status 2', async () => {
    const help = await runCli((io) => runCommand(['help'], io));
    assert.equal(help.code, 0);
    assert.match(help.stdout, /run <program\.elf>/);
    const bad = await runCli((io) => runCommand(['frobnicate'], io));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown command 'frobnicate'/);
  });
});
