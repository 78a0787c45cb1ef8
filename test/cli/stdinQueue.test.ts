// The host stdin queue shared by `rewind run` and `rewind record`: raw
// terminal mode, Ctrl-C as an interruption, bytes handed to the guest in
// order as the UART takes them, and waiters woken by input or its end.
import { strict as assert } from 'assert';
import { PassThrough } from 'stream';
import { CliInput } from '../../cli/io';
import { StdinQueue } from '../../cli/stdinQueue';

/** An in-memory stdin; with `tty` it records the raw-mode switches as a terminal would take them. */
function fakeStdin(tty: boolean): { stdin: PassThrough & CliInput; rawModes: boolean[] } {
  const rawModes: boolean[] = [];
  const stdin: PassThrough & CliInput = Object.assign(new PassThrough(), tty ? { isTTY: true, setRawMode: (m: boolean) => rawModes.push(m) } : {});
  return { stdin, rawModes };
}

/** Everything queued, taken whole. */
function drain(queue: StdinQueue): string {
  const got: Buffer[] = [];
  queue.feed((bytes) => {
    got.push(Buffer.from(bytes));
    return bytes.length;
  });
  return Buffer.concat(got).toString('latin1');
}

describe('stdin queue', () => {
  it('on a terminal: raw mode while open, and Ctrl-C interrupts and drops what follows it', async () => {
    const { stdin, rawModes } = fakeStdin(true);
    const queue = new StdinQueue(stdin);
    assert.deepEqual(rawModes, [true]);
    const woken = queue.nextEvent();
    stdin.write('ab\x03cd');
    await woken;
    assert.equal(queue.interrupted, true);
    assert.equal(drain(queue), 'ab');
    queue.close();
    assert.deepEqual(rawModes, [true, false]);
  });

  it('from a pipe: Ctrl-C is an ordinary byte for the guest', async () => {
    const { stdin } = fakeStdin(false);
    const queue = new StdinQueue(stdin);
    const woken = queue.nextEvent();
    stdin.write('ab\x03cd');
    await woken;
    assert.equal(queue.interrupted, false);
    assert.equal(drain(queue), 'ab\x03cd');
    queue.close();
  });

  it('keeps what the guest does not take yet, in order', async () => {
    const { stdin } = fakeStdin(false);
    const queue = new StdinQueue(stdin);
    for (const chunk of ['hello', ' world']) {
      const woken = queue.nextEvent();
      stdin.write(chunk);
      await woken;
    }
    const taken: string[] = [];
    let room = 3;
    const receive = (bytes: Buffer): number => {
      const n = Math.min(room, bytes.length);
      taken.push(bytes.subarray(0, n).toString('latin1'));
      room -= n;
      return n;
    };
    queue.feed(receive);
    assert.deepEqual(taken.filter((t) => t !== ''), ['hel']);
    assert.equal(queue.hasPending, true);
    room = 5;
    queue.feed(receive);
    assert.deepEqual(taken.filter((t) => t !== ''), ['hel', 'lo', ' wo']);
    assert.equal(drain(queue), 'rld');
    assert.equal(queue.hasPending, false);
    queue.close();
  });

  it('wakes a waiter at the end of input, and a timed wait ends by itself', async () => {
    const { stdin } = fakeStdin(false);
    const queue = new StdinQueue(stdin);
    await queue.nextEvent(1);
    assert.equal(queue.ended, false);
    const woken = queue.nextEvent();
    stdin.end();
    await woken;
    assert.equal(queue.ended, true);
    queue.close();
  });

  it('gives stdin back on close: no listeners left, paused', () => {
    const { stdin } = fakeStdin(false);
    const queue = new StdinQueue(stdin, { interruptOnSigint: true });
    queue.close();
    assert.equal(stdin.listenerCount('data'), 0);
    assert.equal(stdin.listenerCount('end'), 0);
    assert.equal(stdin.listenerCount('error'), 0);
    assert.equal(stdin.isPaused(), true);
  });
});
