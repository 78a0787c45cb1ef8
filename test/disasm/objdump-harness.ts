// Test support: builds RISC-V programs with the real GNU toolchain and reads
// back what `objdump -d` prints for them, so the disassembler can be checked
// line by line against the tool it imitates. Also rebuilds objdump's symbol
// choice for `<symbol+0x..>` annotations from `objdump -t`.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CC, OBJDUMP } from '../support/peers';
import { createSymbolLookup, Disassembler, readRiscvAttributes } from '../../emulator/disasm';
import type { ElfSymbol, PrivSpec, SymbolLookup } from '../../emulator/disasm';

export const OBJCOPY = 'riscv64-unknown-elf-objcopy';
export const MARCH = 'rv32imac_zicsr_zifencei';

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

/** A scratch directory removed by `cleanup`. */
export function scratchDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-disasm-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Assembles `source` for rv32imac and returns the path of the result: an
 * object file, or a linked ELF at 0x80000000 when `link` is set. Mapping
 * symbols are stripped: those that mark `.word`/`.half` as data, so objdump
 * decodes every byte of .text as an instruction, and those that switch the
 * ISA for `.option norvc` regions, so the whole file decodes as rv32imac.
 */
export function assemble(dir: string, name: string, source: string, link = false, extraArgs: string[] = []): string {
  const src = path.join(dir, `${name}.s`);
  const out = path.join(dir, link ? `${name}.elf` : `${name}.o`);
  const code = path.join(dir, `${name}.code${link ? '.elf' : '.o'}`);
  fs.writeFileSync(src, source);
  const linkArgs = link ? ['-nostdlib', '-Wl,-Ttext=0x80000000'] : ['-c'];
  run(CC, [`-march=${MARCH}`, '-mabi=ilp32', ...extraArgs, ...linkArgs, src, '-o', out]);
  run(OBJCOPY, ['--wildcard', '--strip-symbol=$*', out, code]);
  return code;
}

/**
 * Compiles a C program for rv32imac with picolibc into an ELF at
 * 0x80000000 (as the project's examples are built) and returns a copy
 * without mapping symbols (see assemble).
 */
export function compileC(dir: string, name: string, source: string, flags: string[]): string {
  const src = path.join(dir, `${name}.c`);
  const out = path.join(dir, `${name}.elf`);
  fs.writeFileSync(src, source);
  const layout = ['__flash=0x80000000', '__flash_size=0x100000', '__ram=0x80100000', '__ram_size=0x100000', '__stack_size=0x1000'];
  run(CC, ['-march=rv32imac', '-mabi=ilp32', '--specs=picolibc.specs', ...flags, src, '-o', out, ...layout.map((d) => `-Wl,--defsym=${d}`)]);
  return withoutMappingSymbols(dir, out);
}

/** A copy of `file` whose mapping symbols are stripped, so objdump decodes all code as the file's ISA. */
export function withoutMappingSymbols(dir: string, file: string): string {
  const code = path.join(dir, `${path.basename(file)}.code`);
  run(OBJCOPY, ['--wildcard', '--strip-symbol=$*', file, code]);
  return code;
}

/** Names of the executable sections of `file` (.init, .text, ...). */
export function codeSections(file: string): string[] {
  const names: string[] = [];
  for (const line of run(READELF, ['-S', '-W', file]).split('\n')) {
    const m = /^\s*\[\s*\d+\]\s+(\S+)\s+PROGBITS\s+[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ [0-9a-f]+\s+(\S+)/.exec(line);
    if (m && m[2].includes('X')) names.push(m[1]);
  }
  return names;
}

/** One line of `objdump -d`: the instruction's address and its text, whitespace normalised. */
export interface ObjdumpLine {
  readonly address: number;
  readonly text: string;
}

/** Normalises whitespace only: tabs and runs of spaces become one space. */
export function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The instruction lines objdump prints for `section` of `file` (zero blocks not skipped). */
export function objdumpLines(file: string, section = '.text'): ObjdumpLine[] {
  const out = run(OBJDUMP, ['-d', '-z', `--section=${section}`, file]);
  const lines: ObjdumpLine[] = [];
  for (const line of out.split('\n')) {
    // "80000004:\t06650513          \tadd\ta0,a0,102 # 80001066 <x>"; continuation lines have no third field.
    const m = /^\s*([0-9a-f]+):\t[0-9a-f ]+\t(.*)$/.exec(line);
    // An encoding cut off by the end of the section is a read error in objdump, not a line to match.
    if (m && !/^Address 0x[0-9a-f]+ is out of bounds/.test(m[2])) lines.push({ address: parseInt(m[1], 16), text: normalise(m[2]) });
  }
  return lines;
}

/** The bytes and load address of `section` of `file`. */
export function sectionBytes(dir: string, file: string, section = '.text'): { base: number; bytes: Uint8Array } {
  const headers = run(OBJDUMP, ['-h', file]);
  const row = headers.split('\n').map((l) => l.trim().split(/\s+/)).find((f) => f[1] === section);
  if (row === undefined) throw new Error(`no ${section} in ${file}`);
  const bin = path.join(dir, `${path.basename(file)}${section}.bin`);
  run(OBJCOPY, ['-O', 'binary', `--only-section=${section}`, file, bin]);
  return { base: parseInt(row[3], 16), bytes: new Uint8Array(fs.readFileSync(bin)) };
}

export const READELF = 'riscv64-unknown-elf-readelf';

/** The ISA string and privileged spec `file` states in its `.riscv.attributes`. */
export function fileAttributes(dir: string, file: string): { arch?: string; privSpec: PrivSpec } {
  const out = path.join(dir, `${path.basename(file)}.attributes.bin`);
  run(OBJCOPY, [`--dump-section=.riscv.attributes=${out}`, file, path.join(dir, 'discard.o')]);
  return readRiscvAttributes(new Uint8Array(fs.readFileSync(out)));
}

/**
 * The symbol table of `file` as the debugger would read it, fed to the
 * disassembler's objdump-compatible symbol choice; and __global_pointer$.
 * In an object file objdump names addresses inside the section by that
 * section's symbols only (find_symbol_for_address, want_section), and by the
 * section itself when it has none there; linked files need no such rule.
 */
export function objdumpSymbols(file: string, section = '.text'): { lookup: SymbolLookup; globalPointer?: number } {
  const sectionNames = new Map<string, string>();
  let range: { start: number; end: number } | undefined;
  for (const line of run(READELF, ['-S', '-W', file]).split('\n')) {
    // "  [ 1] .text             PROGBITS        80000000 001000 00031a 00  AX  0   0  2"
    const m = /^\s*\[\s*(\d+)\]\s+(\S+)\s+\S+\s+([0-9a-f]+) [0-9a-f]+ ([0-9a-f]+)/.exec(line);
    if (!m) continue;
    sectionNames.set(m[1], m[2]);
    if (m[2] === section) range = { start: parseInt(m[3], 16), end: parseInt(m[3], 16) + parseInt(m[4], 16) };
  }
  const relocatable = /Type:\s+REL\b/.test(run(READELF, ['-h', file]));
  const symbols: ElfSymbol[] = [];
  let globalPointer: number | undefined;
  for (const line of run(READELF, ['-s', '-W', file]).split('\n')) {
    // "    4: 80000000     0 NOTYPE  GLOBAL DEFAULT    1 _start"
    const m = /^\s*\d+: ([0-9a-f]{8})\s+(\d+) (\S+)\s+(\S+)\s+\S+\s+(\S+) (.+)$/.exec(line);
    if (!m) continue;
    const [, value, size, type, binding, ndx, name] = m;
    if (name === '__global_pointer$') globalPointer = parseInt(value, 16);
    const sec = ndx === 'UND' || ndx === 'COM' ? undefined : sectionNames.get(ndx) ?? ndx;
    symbols.push({ name, address: parseInt(value, 16), size: parseInt(size, 10), type, binding, section: sec });
  }
  const all = createSymbolLookup(symbols, section);
  const own = createSymbolLookup(symbols.filter((s) => s.section === section), section);
  const lookup: SymbolLookup = (address) => {
    if (!relocatable || range === undefined || address < range.start || address >= range.end) return all(address);
    return own(address) ?? { name: section, address: range.start };
  };
  return { lookup, globalPointer };
}

export interface Comparison {
  /** Instructions compared. */
  readonly count: number;
  /** The first differences, as "address: objdump | ours". */
  readonly mismatches: string[];
}

/**
 * Disassembles every instruction objdump lists in `section` of `file` from
 * the section's bytes, in listing order (so lui/auipc history carries over
 * as in objdump), and collects the lines that differ.
 */
export function compareWithObjdump(dir: string, file: string, section = '.text', maxReported = 25): Comparison {
  const { base, bytes } = sectionBytes(dir, file, section);
  const { lookup, globalPointer } = objdumpSymbols(file, section);
  const dis = new Disassembler({ symbols: lookup, globalPointer, ...fileAttributes(dir, file) });
  const lines = objdumpLines(file, section);
  const mismatches: string[] = [];
  for (const line of lines) {
    const ours = dis.disassemble(bytes.subarray(line.address - base), line.address);
    const text = normalise(ours.text);
    if (text !== line.text && mismatches.length < maxReported) {
      const raw = Array.from(bytes.subarray(line.address - base, line.address - base + ours.length), (b) => b.toString(16).padStart(2, '0')).join('');
      mismatches.push(`${line.address.toString(16)} [${raw}]: objdump "${line.text}" | ours "${text}"`);
    }
  }
  return { count: lines.length, mismatches };
}
