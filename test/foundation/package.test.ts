// `npm run package` must produce a .vsix holding only the production
// bundles, the manifest, README, LICENSE and media: no sources, tests,
// examples or node_modules. The packaged README carries its pictures inline
// (data: URIs): VS Code's extension page only draws https: and data: images.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { inlineReadmeImages } from '../../extension/packaging/packagedReadme';
import { listZipEntries } from '../support/zipListing';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };

const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/** The bytes of one entry of a zip archive (stored or deflated; PKWARE APPNOTE 4.3.7 and 4.3.12). */
function readZipEntry(zip: Buffer, name: string): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'a zip archive');
  let offset = zip.readUInt32LE(eocd + 16);
  for (let n = zip.readUInt16LE(eocd + 10); n > 0; n--) {
    assert.strictEqual(zip.readUInt32LE(offset), CENTRAL_FILE_HEADER);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const local = zip.readUInt32LE(offset + 42);
    if (zip.toString('utf8', offset + 46, offset + 46 + nameLength) === name) {
      assert.strictEqual(zip.readUInt32LE(local), LOCAL_FILE_HEADER);
      const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const raw = zip.subarray(data, data + compressedSize);
      if (method === 0) return raw;
      assert.strictEqual(method, 8, `${name}: compression method ${method}`);
      return zlib.inflateRawSync(raw);
    }
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  throw new Error(`${name} is not in the archive`);
}

/** The targets of the Markdown images `![alt](target)` and HTML `<img src>` in `markdown`. */
function imageLinks(markdown: string): string[] {
  const md = [...markdown.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const html = [...markdown.matchAll(/<img\b[^>]*\bsrc\s*=\s*"([^"]+)"/gi)].map((m) => m[1]);
  return [...md, ...html];
}

describe('the .vsix package', function () {
  let entries: string[] = [];
  let zip: Buffer = Buffer.alloc(0);

  before(function () {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-vsix-'));
    const vsix = path.join(out, `${manifest.name}-${manifest.version}.vsix`);
    // The project's own script, so its vsce options are the ones tested.
    execFileSync('npm', ['run', 'package', '--', '--out', vsix], { cwd: root, stdio: 'pipe' });
    entries = listZipEntries(vsix);
    zip = fs.readFileSync(vsix);
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

  it('the README shows a screenshot of a session, inlined so the extension page can draw it', function () {
    const readme = readZipEntry(zip, 'extension/readme.md').toString('utf8');
    const images = imageLinks(readme);
    assert.ok(images.length >= 1, 'the packaged README has a picture');
    for (const link of images) {
      const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(link);
      assert.ok(m, `${link.slice(0, 60)}…: a PNG data: URI`);
      const png = Buffer.from(m[1], 'base64');
      assert.ok(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'PNG signature');
      // The IHDR chunk: a screenshot, not an icon.
      assert.ok(png.readUInt32BE(16) >= 800 && png.readUInt32BE(20) >= 500, `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`);
    }
    const source = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    assert.strictEqual(readme, inlineReadmeImages(source, (relative) => fs.readFileSync(path.join(root, relative))), 'the project README, pictures inlined, nothing else changed');
  });

  it('the project README links its pictures relatively, to files in the repository', function () {
    const source = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const images = imageLinks(source);
    assert.ok(images.length >= 1);
    for (const link of images) {
      assert.ok(!/^[a-z]+:/i.test(link) && !link.startsWith('/'), `${link}: relative (GitHub shows it; no web address to go stale)`);
      assert.ok(fs.existsSync(path.join(root, link)), `${link} exists`);
    }
  });

  it('the README lists no feature whose command is not contributed', function () {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const contributed = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { commands: { title: string }[] } }).contributes.commands.map((c) => c.title);
    for (const title of ['Record Program…', 'Replay Recording…', 'Go to Instruction Count…', 'Reverse Step Into', 'Reverse Step Out', 'Who Wrote This?', 'Go Live From Here', 'Show Timeline']) {
      if (readme.includes(title)) assert.ok(contributed.includes(title), `README names '${title}', which is not a contributed command`);
    }
  });
});
