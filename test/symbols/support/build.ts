// Builds the symbols test program at each optimisation level / DWARF version
// into a temp dir (once per test run) and finds the `#BP name` markers in its
// sources, so tests never hard-code line numbers.
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { CC } from '../../support/peers';

export const PROGRAM_DIR = path.resolve(__dirname, '..', 'programs');
export const SOURCES = ['crt0.S', 'symtest.c', 'shapes.c'].map((f) => path.join(PROGRAM_DIR, f));

export interface BuildConfig {
  name: string;
  flags: string[];
}

export const CONFIGS: BuildConfig[] = [
  { name: 'O0-dwarf5', flags: ['-O0', '-g'] },
  { name: 'Og-dwarf5', flags: ['-Og', '-g'] },
  { name: 'O2-dwarf5', flags: ['-O2', '-g'] },
  { name: 'O0-dwarf4', flags: ['-O0', '-gdwarf-4'] },
  { name: 'O2-dwarf4', flags: ['-O2', '-gdwarf-4'] },
];

let buildDir: string | undefined;
const built = new Map<string, string>();

/** Path of the ELF for `config`, compiling it on first use. */
export function buildProgram(config: BuildConfig, extraFlags: string[] = [], suffix = ''): string {
  const key = config.name + suffix;
  const hit = built.get(key);
  if (hit) return hit;
  const out = path.join(tempDir(), `symtest-${key}.elf`);
  const args = [
    '-march=rv32imac', '-mabi=ilp32', '-ffreestanding', '-nostdlib', '-nostartfiles',
    '-Wl,--no-warn-rwx-segments', '-T', path.join(PROGRAM_DIR, 'link.ld'),
    ...config.flags, ...extraFlags, '-o', out, ...SOURCES,
  ];
  const r = spawnSync(CC, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${CC} failed for ${key}:\n${r.stderr}`);
  built.set(key, out);
  return out;
}

export function tempDir(): string {
  if (!buildDir) {
    buildDir = mkdtempSync(path.join(tmpdir(), 'rewind-symbols-'));
    const dir = buildDir;
    // Built programs are shared by every test file of the run: remove them when the run ends.
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return buildDir;
}

export interface Marker {
  name: string;
  file: string;
  line: number;
}

/** Every `#BP name` marker in the test program's sources. */
export function markers(): Map<string, Marker> {
  const out = new Map<string, Marker>();
  for (const f of readdirSync(PROGRAM_DIR)) {
    if (!/\.(c|h)$/.test(f)) continue;
    const file = path.join(PROGRAM_DIR, f);
    readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
      const m = /#BP\s+(\w+)/.exec(text);
      if (m) out.set(m[1], { name: m[1], file, line: i + 1 });
    });
  }
  return out;
}
