// The README variant packed into the .vsix (extension/packaging/packagedReadme.ts):
// relative pictures become data: URIs, everything else stays as written.
import * as assert from 'assert';
import { inlineReadmeImages } from '../../extension/packaging/packagedReadme';

const files: Record<string, Buffer> = { 'media/shot.png': Buffer.from([1, 2, 3]), 'img/a.jpg': Buffer.from('jpeg') };
const read = (relative: string): Buffer => {
  const data = files[relative];
  if (!data) throw new Error(`ENOENT: ${relative}`);
  return data;
};

describe('extension: packaged README', function () {
  it('inlines relative PNG and JPEG pictures as data: URIs', function () {
    const out = inlineReadmeImages('# T\n\n![A session](media/shot.png)\n\ntext ![x](img/a.jpg) more\n', read);
    assert.strictEqual(out, '# T\n\n![A session](data:image/png;base64,AQID)\n\ntext ![x](data:image/jpeg;base64,anBlZw==) more\n');
  });

  it('leaves web pictures and ordinary links alone', function () {
    const text = '![badge](https://example.org/b.png) [docs](docs/a.md) [top](#top) plain';
    assert.strictEqual(inlineReadmeImages(text, read), text);
  });

  it('fails naming the picture when it is missing or cannot be inlined', function () {
    assert.throws(() => inlineReadmeImages('![x](media/gone.png)', read), /gone\.png/);
    assert.throws(() => inlineReadmeImages('![x](media/diagram.svg)', read), /media\/diagram\.svg: only PNG, JPEG and GIF/);
  });
});
