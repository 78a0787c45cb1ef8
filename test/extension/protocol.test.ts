// The custom DAP bodies the extension reads from the adapter
// (extension/protocol.ts): well-formed ones pass, malformed ones are caught
// with a message instead of breaking the views.
import * as assert from 'assert';
import { parseLastWriteBody, parsePositionEvent, parseStatusBody, parseTimelineBody } from '../../extension/protocol';

describe('extension: adapter message bodies', function () {
  it('reads rewind/position events', function () {
    assert.deepStrictEqual(parsePositionEvent({ icount: 5, length: 9, mode: 'replay', live: false }), { icount: 5, length: 9, mode: 'replay', live: false });
    assert.deepStrictEqual(parsePositionEvent({ icount: 12, length: 9, mode: 'record', live: true })?.length, 12, 'the length is never behind the cursor');
    for (const bad of [undefined, null, {}, { icount: -1, length: 9, mode: 'record', live: true }, { icount: 1, length: 9, mode: 'live', live: true }, { icount: 1.5, length: 9, mode: 'record', live: true }]) {
      assert.strictEqual(parsePositionEvent(bad), undefined, JSON.stringify(bad));
    }
  });

  it('reads rewind/timeline bodies and names what is wrong', function () {
    const body = { events: [{ icount: 3, kind: 'input', description: "'1'" }], total: 7 };
    assert.deepStrictEqual(parseTimelineBody(body), body);
    assert.throws(() => parseTimelineBody({ events: 'x', total: 1 }), /"events" must be a list/);
    assert.throws(() => parseTimelineBody({ events: [{ icount: 1 }], total: 1 }), /event 0 needs/);
    assert.throws(() => parseTimelineBody({ events: [] }), /"total"/);
  });

  it('reads rewind/lastWrite and rewind/status bodies', function () {
    assert.deepStrictEqual(parseLastWriteBody({ icount: 10, pc: 0x80000010, file: 'a.c', line: 3 }), { icount: 10, pc: 0x80000010, file: 'a.c', line: 3 });
    assert.deepStrictEqual(parseLastWriteBody({ icount: 10, pc: 4 }), { icount: 10, pc: 4, file: undefined, line: undefined });
    assert.throws(() => parseLastWriteBody({ pc: 4 }), /icount and pc/);
    assert.deepStrictEqual(parseStatusBody({ mode: 'record', icount: 1, length: 2, live: false, program: '/p.elf' }), { mode: 'record', icount: 1, length: 2, live: false, program: '/p.elf' });
    assert.throws(() => parseStatusBody({ mode: 'record', icount: 1, length: 2, live: false }), /program/);
  });
});
