// Runs the test program under QEMU with gdb attached (gdb_probe.py) and
// returns what gdb showed at each marker, with the registers and memory
// needed to ask our reader the same questions.
import { spawn, spawnSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import * as net from 'net';
import * as path from 'path';
import { GDB, QEMU } from '../../support/peers';
import { tempDir } from './build';

export interface ProbeMarker {
  name: string;
  file: string;
  line: number;
  print?: string[];
  ptype?: string[];
}

export interface ProbeStop {
  marker: string;
  stopText: string;
  regs: Record<string, number>;
  stack: string;
  data: string;
  bt: string;
  frames: Array<{ args: string; locals: string }>;
  prints: Record<string, string>;
  ptypes: Record<string, string>;
}

export interface ProbeResult {
  breakpoints: Record<string, { info?: string; error?: string; line?: string }>;
  stops: ProbeStop[];
  end?: string;
}

export const STACK_TOP = 0x80100000;
export const DATA_START = 0x80000000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address() as net.AddressInfo;
      srv.close(() => resolve(addr.port));
    });
  });
}

let probeCount = 0;

export interface StepRecord {
  regs: Record<string, number>;
  stack: string;
  frames: Array<{ pc: number; name: string }>;
}

/** Single-steps `count` instructions from `address`, recording gdb's frames at each. */
export async function probeSteps(elf: string, dataEnd: number, address: number, count: number): Promise<{ steps: StepRecord[]; data: string }> {
  return (await runProbe(elf, { stepi: { address, count }, dataEnd })) as unknown as { steps: StepRecord[]; data: string };
}

export async function probe(elf: string, dataEnd: number, markers: ProbeMarker[], functions: string[] = []): Promise<ProbeResult> {
  return (await runProbe(elf, { markers, functions, dataEnd })) as unknown as ProbeResult;
}

async function runProbe(elf: string, request: Record<string, unknown>): Promise<unknown> {
  const port = await freePort();
  const id = `${process.pid}-${probeCount++}`;
  const output = path.join(tempDir(), `probe-${id}.json`);
  const config = path.join(tempDir(), `probe-${id}.cfg.json`);
  writeFileSync(config, JSON.stringify({ markers: [], ...request, port, output, stackTop: STACK_TOP, dataStart: DATA_START }));
  const qemu = spawn(QEMU, ['-M', 'virt', '-bios', 'none', '-kernel', elf, '-nographic', '-monitor', 'none', '-serial', 'null', '-gdb', `tcp:127.0.0.1:${port}`, '-S'], { stdio: 'ignore' });
  try {
    // QEMU needs a moment to open its gdb port; gdb retries the connection itself only briefly.
    let r = spawnSync(GDB, ['-nx', '-batch', '-ex', 'set tcp connect-timeout 10', '-x', path.join(__dirname, 'gdb_probe.py'), elf], {
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C', REWIND_PROBE_CONFIG: config },
      timeout: 60000,
    });
    if (r.error) throw r.error;
    let text: string;
    try {
      text = readFileSync(output, 'utf8');
    } catch {
      r = r ?? {};
      throw new Error(`gdb probe produced no result:\n${r.stdout}\n${r.stderr}`);
    }
    return JSON.parse(text) as unknown;
  } finally {
    qemu.kill('SIGKILL');
  }
}
