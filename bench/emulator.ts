// examples/bench on Rewind's machine and on QEMU (`-icount shift=0`, the
// mode Rewind's clocks follow) side by side: wall time, guest MIPS of each,
// and their ratio. Both run the same ELF to the finisher; the guest checks
// its own results, so a wrong answer fails the run rather than skewing it.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Machine } from '../emulator/index';

const ELF = path.join(__dirname, '..', 'examples', 'bench', 'bench.elf');
const RUNS = 3;

function runRewind(): { seconds: number; cpuSeconds: number; instructions: number; output: string } {
  const out: number[] = [];
  const machine = new Machine({ hostInputs: { wallClockNs: () => 0n }, uartSink: (b) => out.push(b) });
  machine.loadElf(fs.readFileSync(ELF));
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (;;) {
    const stop = machine.run(50_000_000);
    if (stop.kind === 'exit') {
      if (!stop.pass) throw new Error(`bench failed on Rewind (code ${stop.code}):\n${Buffer.from(out).toString('latin1')}`);
      break;
    }
    if (stop.kind !== 'budget') throw new Error(`unexpected stop ${JSON.stringify(stop)}`);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, instructions: machine.icount, output: Buffer.from(out).toString('latin1') };
}

function runQemu(): { seconds: number; output: string } | string {
  const start = process.hrtime.bigint();
  const r = spawnSync('qemu-system-riscv32', ['-M', 'virt', '-bios', 'none', '-nographic', '-serial', 'stdio', '-monitor', 'none', '-icount', 'shift=0', '-kernel', ELF], { encoding: 'latin1', timeout: 120_000 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.error) return `QEMU not run: ${r.error.message}`;
  if (r.status !== 0) return `QEMU exited with ${r.status}`;
  return { seconds, output: r.stdout };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const ours = Array.from({ length: RUNS }, runRewind);
const instructions = ours[0].instructions;
const rewindSeconds = median(ours.map((r) => r.seconds));
const theirs = Array.from({ length: RUNS }, runQemu);
const qemuRuns = theirs.filter((r): r is { seconds: number; output: string } => typeof r !== 'string');
const guestCount = /total instructions (\d+)/.exec(ours[0].output)?.[1];

console.log(`examples/bench: ${instructions.toLocaleString('en-US')} instructions (guest's own count from mtime: ${guestCount ?? '?'}), median of ${RUNS} runs`);
console.log(`host: ${os.cpus()[0]?.model ?? 'unknown cpu'}, load average ${os.loadavg()[0].toFixed(1)} (shared cores slow both sides)`);
const rewindMips = instructions / rewindSeconds / 1e6;
const rewindCpu = median(ours.map((r) => r.cpuSeconds));
console.log(`  Rewind  ${rewindSeconds.toFixed(3)} s  ${rewindMips.toFixed(1)} MIPS  (CPU time ${rewindCpu.toFixed(3)} s: ${(instructions / rewindCpu / 1e6).toFixed(1)} MIPS per busy core)`);
if (qemuRuns.length === 0) {
  console.log(`  QEMU    ${theirs[0] as string}`);
} else {
  const qemuSeconds = median(qemuRuns.map((r) => r.seconds));
  const qemuMips = instructions / qemuSeconds / 1e6;
  console.log(`  QEMU    ${qemuSeconds.toFixed(3)} s  ${qemuMips.toFixed(1)} MIPS  (qemu-system-riscv32 -icount shift=0, process start included)`);
  console.log(`  ratio   Rewind / QEMU = ${(rewindMips / qemuMips).toFixed(2)}`);
}
