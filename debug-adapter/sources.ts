// Source paths: DWARF names files relative to the compilation directory,
// which our examples set to "." (the ELF's own folder, examples/README.md),
// so a path in the debug information is resolved against the folder of the
// ELF. VS Code sends absolute paths back; they are mapped to the DWARF name
// by relative path first, then by the longest matching tail (sources that
// moved together with the ELF still match).
import * as fs from 'fs';
import * as path from 'path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { Symbols } from './symbols/index';

export class SourceMap {
  private readonly dwarfFiles: ReadonlySet<string>;

  constructor(
    private readonly elfDir: string,
    private readonly symbols: Symbols,
  ) {
    this.dwarfFiles = new Set(symbols.sourceFiles());
  }

  /** Absolute path on disk for a file name from the debug information. */
  toDisk(dwarfFile: string): string {
    return path.resolve(this.elfDir, dwarfFile);
  }

  /** The debug-information name of a file VS Code names, or undefined when the program has no line info for it. */
  toDwarf(diskPath: string): string | undefined {
    const relative = path.relative(this.elfDir, path.resolve(this.elfDir, diskPath)).split(path.sep).join('/');
    if (this.dwarfFiles.has(relative)) return relative;
    const absolute = path.resolve(this.elfDir, diskPath);
    if (this.dwarfFiles.has(absolute)) return absolute;
    const resolved = this.symbols.program.lines.resolveFile(absolute);
    // A bare basename match is accepted only when the basenames really agree.
    return resolved !== undefined && path.basename(resolved) === path.basename(absolute) ? resolved : undefined;
  }

  /** A DAP source for a debug-information file name. */
  source(dwarfFile: string): DebugProtocol.Source {
    const disk = this.toDisk(dwarfFile);
    return { name: path.basename(dwarfFile), path: disk, presentationHint: fs.existsSync(disk) ? 'normal' : 'deemphasize' };
  }

  /** Every source file of the program, for loadedSources. */
  all(): DebugProtocol.Source[] {
    return [...this.dwarfFiles].map((f) => this.source(f));
  }
}
