// `npm run package` must produce a .vsix holding only the production
// bundles, the manifest, README, LICENSE and media: no sources, tests,
// examples or node_modules.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listZipEntries } from '../support/zipListing';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };

describe('the .vsix package', function () {
  let entries: string[] = [];

  before(function () {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-vsix-'));
    const vsix = path.join(out, `${manifest.name}-${manifest.version}.vsix`);
    execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'pipe' });
    const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], { cwd: root, stdio: 'pipe' });
    entries = listZipEntries(vsix);
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('contains the three bundles, the manifest, README and LICENSE', function () {
    for (const name of ['extension/dist/extension.js', 'extension/dist/debugAdapter.js', 'extension/dist/cli.js', 'extension/package.json', 'extension/readme.md', 'extension/LICENSE.txt']) {
      assert.ok(entries.includes(name), `${name} missing from: ${entries.join(', ')}`);
    }
  });

  it('contains nothing but dist/, package.json, README, LICENSE and media', function () {
    const packagingFiles = new Set(['extension.vsixmanifest', '[Content_Types].xml']);
    const allowed = /^extension\/(dist\/[^/]+\.js|package\.json|readme\.md|LICENSE\.txt|media\/.+)$/;
    const unexpected = entries.filter((e) => !packagingFiles.has(e) && !allowed.test(e));
    assert.deepStrictEqual(unexpected, []);
  });
});
