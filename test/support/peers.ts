// Finds the real peer tools Rewind is checked against (QEMU, gdb, binutils).
// In CI (CI=true) a missing peer fails the test; elsewhere the test is
// skipped with a message saying which tool is missing.
import { spawnSync } from 'child_process';

export const QEMU = 'qemu-system-riscv32';
export const GDB = 'gdb-multiarch';
export const OBJDUMP = 'riscv64-unknown-elf-objdump';
export const ADDR2LINE = 'riscv64-unknown-elf-addr2line';
export const CC = 'riscv64-unknown-elf-gcc';

const found = new Map<string, boolean>();

export function hasTool(tool: string): boolean {
  let ok = found.get(tool);
  if (ok === undefined) {
    ok = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).status === 0;
    found.set(tool, ok);
  }
  return ok;
}

export const inCI = process.env.CI === 'true';

/**
 * Call at the top of a test or a `before` hook that needs `tools`. Throws in
 * CI when one is missing; outside CI skips the test and says why.
 */
export function requirePeers(ctx: Mocha.Context, ...tools: string[]): void {
  const missing = tools.filter((t) => !hasTool(t));
  if (missing.length === 0) return;
  const msg = `peer tool(s) not installed: ${missing.join(', ')} (Debian: qemu-system-misc, gdb-multiarch, gcc-riscv64-unknown-elf, binutils-riscv64-unknown-elf, picolibc-riscv64-unknown-elf)`;
  if (inCI) throw new Error(msg);
  process.stderr.write(`  skipped outside CI: ${msg}\n`);
  ctx.skip();
}
