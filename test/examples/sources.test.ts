// Checks the example sources keep their promises to the rest of the project:
// every example has a README line, a committed ELF and a scripted run, and
// every `// #BP name` marker (where tests and demos put breakpoints) is
// unique and sits on a line that has code, so a breakpoint there resolves.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { OBJDUMP, requirePeers } from '../support/peers';
import { EXAMPLES_DIR, exampleMarkers, exampleNames, exampleSources, findMarker, loadExampleRuns } from './catalog';

/** Source lines that have code in the ELF's line table, per file name. */
function linesWithCode(elf: string): Map<string, Set<number>> {
  const dump = spawnSync(OBJDUMP, ['--dwarf=decodedline', elf], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.strictEqual(dump.status, 0, dump.stderr);
  const lines = new Map<string, Set<number>>();
  // Rows look like: "heisenbug.c   37   0x80000234   x"
  for (const m of dump.stdout.matchAll(/^(\S+\.[cS])\s+(\d+)\s+0x[0-9a-f]+/gm)) {
    const set = lines.get(m[1]) ?? new Set<number>();
    set.add(Number(m[2]));
    lines.set(m[1], set);
  }
  return lines;
}

describe('example sources', function () {
  const names = exampleNames();

  it('the Makefile builds hello, echo, clock, heisenbug, tasks and bench', function () {
    assert.deepStrictEqual([...names].sort(), ['bench', 'clock', 'echo', 'heisenbug', 'hello', 'tasks']);
  });

  it('every example has sources, a committed ELF, a README line and a scripted run', function () {
    const readme = fs.readFileSync(path.join(EXAMPLES_DIR, 'README.md'), 'utf8');
    const runs = loadExampleRuns();
    for (const name of names) {
      assert.ok(exampleSources(name).length > 0, `${name}: no sources`);
      assert.ok(fs.existsSync(path.join(EXAMPLES_DIR, name, `${name}.elf`)), `${name}: no committed ELF`);
      assert.match(readme, new RegExp(`^- \\*\\*${name}\\*\\* `, 'm'), `${name}: no line in examples/README.md`);
      assert.ok(runs.some((r) => r.elf === path.join(EXAMPLES_DIR, name, `${name}.elf`)), `${name}: no run in runs.json`);
    }
  });

  it('markers are unique within an example, and heisenbug marks the culprit and the failure', function () {
    for (const name of names) {
      const seen = exampleMarkers(name).map((m) => m.name);
      assert.ok(seen.length >= 2, `${name}: only ${seen.length} markers`);
      assert.deepStrictEqual(seen.filter((m, i) => seen.indexOf(m) !== i), [], `${name}: duplicate markers`);
    }
    assert.match(fs.readFileSync(findMarker('heisenbug', 'culprit').file, 'utf8').split('\n')[findMarker('heisenbug', 'culprit').line - 1],
      /ledger\.history\[ledger\.history_next\] = c;/);
    findMarker('heisenbug', 'failure');
  });

  it('every marker sits on a line with code in the committed ELF', function () {
    requirePeers(this, OBJDUMP);
    for (const name of names) {
      const code = linesWithCode(path.join(EXAMPLES_DIR, name, `${name}.elf`));
      for (const marker of exampleMarkers(name)) {
        const file = path.basename(marker.file);
        assert.ok(code.get(file)?.has(marker.line),
          `${name}: "// #BP ${marker.name}" at ${file}:${marker.line} has no code (a breakpoint there would not resolve)`);
      }
    }
  });
});
