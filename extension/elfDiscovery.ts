// Which files of a workspace are programs Rewind can debug: 32-bit
// little-endian RISC-V ELF executables (ELF spec: e_ident, e_type,
// e_machine = EM_RISCV 243), found outside build-tool and dependency
// folders. Pure: the caller reads the first bytes of each file.

/** Glob for candidate files, and the folders never searched. */
export const ELF_GLOB = '**/*.elf';
export const RECORDING_GLOB = '**/*.rwnd';
export const EXCLUDED_FOLDERS = ['node_modules', '.git', '.cache', '.vscode-test', 'out', 'dist'] as const;
export const EXCLUDE_GLOB = `**/{${EXCLUDED_FOLDERS.join(',')}}/**`;
/** Bytes of the ELF header needed to decide (e_ident + e_type + e_machine). */
export const ELF_HEADER_BYTES = 20;
/** More ELFs than this in a pick list helps nobody; the search stops there. */
export const MAX_PROGRAMS = 100;

const EM_RISCV = 243;
const ET_EXEC = 2;

export type ElfVerdict = { ok: true } | { ok: false; reason: string };

/** Decides from the first 20 bytes whether a file is an RV32 executable Rewind can run. */
export function checkRiscv32Elf(header: Uint8Array): ElfVerdict {
  if (header.length < ELF_HEADER_BYTES) return { ok: false, reason: 'too short to be an ELF file' };
  if (header[0] !== 0x7f || header[1] !== 0x45 || header[2] !== 0x4c || header[3] !== 0x46) {
    return { ok: false, reason: 'not an ELF file' };
  }
  if (header[4] !== 1) return { ok: false, reason: 'a 64-bit ELF (Rewind runs RV32 guests)' };
  if (header[5] !== 1) return { ok: false, reason: 'a big-endian ELF (RISC-V is little-endian)' };
  const machine = header[18] | (header[19] << 8);
  if (machine !== EM_RISCV) return { ok: false, reason: `an ELF for machine ${machine}, not RISC-V` };
  const type = header[16] | (header[17] << 8);
  if (type !== ET_EXEC) return { ok: false, reason: 'a RISC-V ELF but not an executable (an object file or library?)' };
  return { ok: true };
}

/** True when `relativePath` (with / separators) lies in a folder never searched. */
export function isInExcludedFolder(relativePath: string): boolean {
  const parts = relativePath.split('/');
  parts.pop();
  return parts.some((p) => (EXCLUDED_FOLDERS as readonly string[]).includes(p));
}

/** One program offered in pick lists and dynamic configurations. */
export interface ProgramCandidate {
  /** Absolute path. */
  path: string;
  /** Path relative to its workspace folder, with / separators. */
  relativePath: string;
}

/** Orders candidates for a pick list: shallow paths first, then by name. */
export function sortCandidates<T extends ProgramCandidate>(candidates: readonly T[]): T[] {
  const depth = (c: ProgramCandidate): number => c.relativePath.split('/').length;
  return [...candidates].sort((a, b) => depth(a) - depth(b) || a.relativePath.localeCompare(b.relativePath));
}

/** "examples/heisenbug/heisenbug.elf" -> "heisenbug". */
export function programName(filePath: string): string {
  const base = filePath.split(/[\\/]/).pop() ?? filePath;
  return base.replace(/\.(elf|rwnd)$/i, '');
}
