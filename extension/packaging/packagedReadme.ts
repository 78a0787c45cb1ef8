// The README that goes into the .vsix: the project README with each picture
// it links relatively (media/…png) inlined as a data: URI. VS Code's
// extension page draws a README in a webview whose Content-Security-Policy
// allows only https: and data: images and which has no base URL, so a
// relative picture shows there as a broken image; GitHub shows the relative
// picture but not data: URIs. Hence the repository keeps the relative link
// and `npm run package` writes this variant (`vsce --readme-path`).
//
// Usage: tsx extension/packaging/packagedReadme.ts <README.md> <out.md>
import * as fs from 'fs';
import * as path from 'path';

const MIME: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif' };

/**
 * `markdown` with every Markdown image `![alt](relative/path.png)` replaced
 * by the file's bytes as a data: URI; `read` gives a file's bytes by its
 * path relative to the README. Web addresses are left alone. Throws for a
 * missing picture or one of a type VS Code's page cannot show inline (SVG
 * is refused by the Marketplace in READMEs).
 */
export function inlineReadmeImages(markdown: string, read: (relative: string) => Buffer): string {
  return markdown.replace(/(!\[[^\]]*\]\()([^)\s]+)(\))/g, (whole, open: string, target: string, close: string) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) return whole;
    const mime = MIME[path.posix.extname(target).toLowerCase()];
    if (!mime) throw new Error(`README picture ${target}: only PNG, JPEG and GIF can be inlined`);
    return `${open}data:${mime};base64,${read(target).toString('base64')}${close}`;
  });
}

function main(argv: string[]): void {
  const [readme, out] = argv;
  if (!readme || !out) throw new Error('usage: packagedReadme <README.md> <out.md>');
  const dir = path.dirname(path.resolve(readme));
  const text = inlineReadmeImages(fs.readFileSync(readme, 'utf8'), (relative) => fs.readFileSync(path.join(dir, relative)));
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, text);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
