// Queries over all line tables: address -> source position (as addr2line
// answers it), source line -> breakpoint addresses (as gdb places them: the
// is_stmt entries of the line, or of the next line that has code, one per
// block), and the address range of a line for stepping.
import { LineRow, LineTable } from './line';

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** One address interval of the line table, [start, end), mapped to a row. */
export interface LineSpan extends SourcePosition {
  start: number;
  end: number;
  isStmt: boolean;
  /** The last row at `start` (what addr2line reports); the span itself follows gdb, preferring an is_stmt row at the same address. */
  lastRow: SourcePosition;
}

function normalize(path: string): string {
  const parts: string[] = [];
  for (const p of path.replace(/\\/g, '/').split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(p);
  }
  return (path.startsWith('/') ? '/' : '') + parts.join('/');
}

export class LineIndex {
  /** Sorted by start; non-overlapping within a sequence. */
  readonly spans: LineSpan[] = [];
  private readonly byFile = new Map<string, LineSpan[]>();
  /** Every is_stmt row per file, including rows sharing an address with a later one (gdb keeps those). */
  private readonly stmtRows = new Map<string, Array<{ address: number; line: number }>>();

  constructor(tables: readonly LineTable[]) {
    for (const t of tables) this.addTable(t);
    this.spans.sort((a, b) => a.start - b.start || a.end - b.end);
    for (const s of this.spans) {
      let list = this.byFile.get(s.file);
      if (!list) this.byFile.set(s.file, (list = []));
      list.push(s);
    }
  }

  private addTable(t: LineTable): void {
    const rows = t.rows;
    const files = t.files.map(normalize);
    let seqStart = 0;
    for (let i = 0; i < rows.length; i++) {
      if (!rows[i].endSequence) continue;
      this.addSequence(files, rows.slice(seqStart, i + 1));
      seqStart = i + 1;
    }
  }

  private addSequence(files: readonly string[], rows: LineRow[]): void {
    const fileOf = (i: number): string => files[i] ?? '<unknown>';
    // A sequence starting at address 0 in a linked executable is code the
    // linker discarded (its relocations resolved to 0): ignore it, as
    // addr2line and gdb do.
    if (rows.length === 0 || rows[0].address === 0) return;
    for (let i = 0; i + 1 < rows.length; i++) {
      const r = rows[i];
      const next = rows[i + 1];
      if (r.isStmt) {
        const file = fileOf(r.file);
        let list = this.stmtRows.get(file);
        if (!list) this.stmtRows.set(file, (list = []));
        list.push({ address: r.address, line: r.line });
      }
      if (next.address <= r.address) continue; // several rows at one address: the last one describes it
      // gdb: when the last row at an address is not a statement, use the
      // latest statement row at that same address.
      let chosen = r;
      if (!r.isStmt) {
        for (let k = i - 1; k >= 0 && rows[k].address === r.address; k--) {
          if (rows[k].isStmt) {
            chosen = rows[k];
            break;
          }
        }
      }
      this.spans.push({
        start: r.address,
        end: next.address,
        file: fileOf(chosen.file),
        line: chosen.line,
        column: chosen.column,
        isStmt: chosen.isStmt,
        lastRow: { file: fileOf(r.file), line: r.line, column: r.column },
      });
    }
  }

  /** The span holding `pc`, or undefined outside any line table. */
  spanAt(pc: number): LineSpan | undefined {
    let lo = 0;
    let hi = this.spans.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.spans[mid].start <= pc) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best < 0) return undefined;
    const s = this.spans[best];
    return pc < s.end ? s : undefined;
  }

  positionAt(pc: number): SourcePosition | undefined {
    const s = this.spanAt(pc);
    return s && { file: s.file, line: s.line, column: s.column };
  }

  /**
   * The addresses around `pc` that belong to the same source line: adjacent
   * spans with the same file and line are merged. Stepping runs until pc
   * leaves this range.
   */
  lineRangeAt(pc: number): { start: number; end: number } | undefined {
    const idx = this.spans.indexOf(this.spanAt(pc) as LineSpan);
    if (idx < 0) return undefined;
    const s = this.spans[idx];
    let start = s.start;
    let end = s.end;
    for (let i = idx - 1; i >= 0; i--) {
      const p = this.spans[i];
      if (p.end !== start || p.file !== s.file || p.line !== s.line) break;
      start = p.start;
    }
    for (let i = idx + 1; i < this.spans.length; i++) {
      const n = this.spans[i];
      if (n.start !== end || n.file !== s.file || n.line !== s.line) break;
      end = n.end;
    }
    return { start, end };
  }

  /** Every known source file path. */
  files(): string[] {
    return [...new Set([...this.byFile.keys(), ...this.stmtRows.keys()])];
  }

  /** The indexed path matching `path`: equal, or the one sharing the longest trailing components. */
  resolveFile(path: string): string | undefined {
    const want = normalize(path);
    if (this.byFile.has(want) || this.stmtRows.has(want)) return want;
    const wantParts = want.split('/').filter(Boolean);
    let best: string | undefined;
    let bestScore = 0;
    for (const f of this.files()) {
      const parts = f.split('/').filter(Boolean);
      let n = 0;
      while (n < parts.length && n < wantParts.length && parts[parts.length - 1 - n] === wantParts[wantParts.length - 1 - n]) n++;
      if (n > bestScore) {
        bestScore = n;
        best = f;
      }
    }
    return best;
  }

  /** Addresses of the is_stmt rows of `file` at exactly `line`, ascending, unique. */
  stmtAddresses(file: string, line: number): number[] {
    const out = new Set<number>();
    for (const r of this.stmtRows.get(file) ?? []) if (r.line === line) out.add(r.address);
    return [...out].sort((a, b) => a - b);
  }

  /** How many line rows (is_stmt, any file) start exactly at `address`. */
  stmtRowsAt(address: number): number {
    let n = 0;
    for (const list of this.stmtRows.values()) for (const r of list) if (r.address === address) n++;
    return n;
  }

  /** The smallest line > `line` in `file` that has is_stmt code, if any. */
  nextLineWithCode(file: string, line: number): number | undefined {
    let best: number | undefined;
    for (const r of this.stmtRows.get(file) ?? []) {
      if (r.line > line && (best === undefined || r.line < best)) best = r.line;
    }
    return best;
  }
}
