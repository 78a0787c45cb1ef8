// Snapshot file: a snapshot store saved next to a recording so reopening
// it needs no re-execution (layout in docs/replay-log.md: snapshot file).
// Distinct pages are stored once (the zero page not at all), each snapshot
// as the page-table entries that changed since the previous one, so a file
// costs about what the store held. A CRC-32 over the whole file and a
// length field make damage and truncation clear errors naming the offset.

import { PAGE_SIZE } from '../contracts';
import { ByteReader, ByteWriter, MAX_VARINT_BYTES } from '../replay/bytes';
import { crc32 } from '../replay/crc32';
import { SnapshotError } from './errors';
import { GROUP_PAGES, Page, PageGroup, newPage } from './pages';
import { SnapshotStore, SnapshotStoreOptions } from './store';
import { decodeState } from './stateCodec';

/** "RWNDSNAP". */
export const SNAPSHOT_MAGIC = new Uint8Array([0x52, 0x57, 0x4e, 0x44, 0x53, 0x4e, 0x41, 0x50]);
/** Bump on any change to the layout below or to the state text encoding. */
export const SNAPSHOT_FORMAT_VERSION = 1;
/** Magic, version, page size, page count, file length (u64), tag length. */
const FIXED_BYTES = 8 + 4 + 4 + 4 + 8 + 4;
/** Largest RAM a file may describe: 2^20 pages = 4 GiB. */
const MAX_PAGES = 1 << 20;

/**
 * The store as bytes. `tag` is the caller's binding to a recording (for
 * example the hex SHA-256 of its log header), returned by the reader so a
 * snapshot file is never used with the wrong log.
 */
export function writeSnapshotFile(store: SnapshotStore, tag = ''): Uint8Array {
  const snapshots = store.list();
  const pageCount = store.ramPages ?? 0;
  const pool = new Map<Page, number>([[store.zeroPage, 0]]);
  const stored: Page[] = [];
  const seenGroups = new Set<PageGroup>();
  for (const s of snapshots) {
    for (const group of s.directory) {
      if (seenGroups.has(group)) continue;
      seenGroups.add(group);
      for (const page of group.pages) {
        if (!pool.has(page)) {
          pool.set(page, stored.length + 1);
          stored.push(page);
        }
      }
    }
  }
  // Page-table changes of each snapshot against the previous one (the first against all-zero).
  const encoder = new TextEncoder();
  const records: { state: Uint8Array; changes: number[] }[] = [];
  let previous: readonly PageGroup[] | undefined;
  let recordBytes = 0;
  for (const s of snapshots) {
    const changes: number[] = [];
    s.directory.forEach((group, g) => {
      const before = previous?.[g];
      if (before === group) return;
      group.pages.forEach((page, i) => {
        const was = before ? before.pages[i] : store.zeroPage;
        if (was !== page) changes.push(g * GROUP_PAGES + i, pool.get(page) as number);
      });
    });
    const state = encoder.encode(s.stateText);
    records.push({ state, changes });
    recordBytes += 4 * MAX_VARINT_BYTES + state.length + changes.length * MAX_VARINT_BYTES;
    previous = s.directory;
  }
  const tagBytes = encoder.encode(tag);
  // Sized up front so a file of hundreds of MiB is never copied while it grows.
  const out = new ByteWriter(FIXED_BYTES + tagBytes.length + 2 * MAX_VARINT_BYTES + stored.length * PAGE_SIZE + recordBytes + 4);
  out.bytes(SNAPSHOT_MAGIC);
  out.u32(SNAPSHOT_FORMAT_VERSION);
  out.u32(PAGE_SIZE);
  out.u32(pageCount);
  const lengthAt = out.length;
  out.u32(0);
  out.u32(0);
  out.u32(tagBytes.length);
  out.bytes(tagBytes);
  out.varint(stored.length);
  for (const page of stored) out.bytes(page.bytes);
  out.varint(snapshots.length);
  snapshots.forEach((s, k) => {
    const { state, changes } = records[k];
    out.varint(s.icount);
    out.varint(s.logPosition);
    out.varint(state.length);
    out.bytes(state);
    out.varint(changes.length / 2);
    let last = -1;
    for (let c = 0; c < changes.length; c += 2) {
      out.varint(changes[c] - last - 1);
      out.varint(changes[c + 1]);
      last = changes[c];
    }
  });
  const total = out.length + 4;
  out.patchU32(lengthAt, total % 0x100000000);
  out.patchU32(lengthAt + 4, Math.floor(total / 0x100000000));
  out.u32(crc32(out.view()));
  return out.finish();
}

function u32At(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/** Reads a snapshot file into a new store; throws SnapshotError naming the offset of any damage. */
export function readSnapshotFile(bytes: Uint8Array, options: SnapshotStoreOptions = {}): { store: SnapshotStore; tag: string } {
  for (let i = 0; i < Math.min(bytes.length, SNAPSHOT_MAGIC.length); i++) {
    if (bytes[i] !== SNAPSHOT_MAGIC[i]) throw new SnapshotError('bad-magic', 'not a Rewind snapshot file (it does not start with "RWNDSNAP")', 0);
  }
  if (bytes.length < FIXED_BYTES) throw new SnapshotError('truncated', `the file ends after ${bytes.length} bytes, inside the header`, bytes.length);
  const version = u32At(bytes, 8);
  if (version !== SNAPSHOT_FORMAT_VERSION) {
    throw new SnapshotError('unsupported-version', `snapshot format version ${version} is not supported: this build reads version ${SNAPSHOT_FORMAT_VERSION}`, 8);
  }
  const total = u32At(bytes, 20) + u32At(bytes, 24) * 0x100000000;
  if (total < bytes.length) throw new SnapshotError('malformed', `${bytes.length - total} bytes follow the end of the snapshot file`, total);
  if (total > bytes.length) throw new SnapshotError('truncated', `the file needs ${total} bytes, it has ${bytes.length}`, bytes.length);
  const stored = u32At(bytes, total - 4);
  const computed = crc32(bytes, 0, total - 4);
  if (stored !== computed) throw new SnapshotError('bad-checksum', `checksum mismatch (stored 0x${stored.toString(16)}, computed 0x${computed.toString(16)})`, total - 4);

  const r = new ByteReader(bytes, 12, total - 4, (offset, detail) => new SnapshotError('malformed', detail, offset));
  const pageSize = r.u32('page size');
  if (pageSize !== PAGE_SIZE) r.fail(`page size ${pageSize} is not ${PAGE_SIZE}`, 12);
  const pageCount = r.u32('page count');
  if (pageCount > MAX_PAGES) r.fail(`${pageCount} pages is more than ${MAX_PAGES}`, 16);
  r.pos += 8;
  const tagLength = r.u32('tag length');
  r.need(tagLength, 'tag');
  let tag: string;
  try {
    tag = new TextDecoder('utf-8', { fatal: true }).decode(r.view(tagLength, 'tag'));
  } catch (e) {
    if (e instanceof SnapshotError) throw e;
    return r.fail('tag is not valid UTF-8', FIXED_BYTES);
  }
  const store = new SnapshotStore(options);
  const poolAt = r.pos;
  const poolCount = r.varint('page pool count');
  if (poolCount > r.remaining / PAGE_SIZE) r.fail(`${poolCount} pages do not fit in the file`, poolAt);
  const pool: Page[] = [store.zeroPage];
  for (let i = 0; i < poolCount; i++) pool.push(newPage(r.view(PAGE_SIZE, 'page')));

  const countAt = r.pos;
  const snapshotCount = r.varint('snapshot count');
  if (snapshotCount > r.remaining) r.fail(`${snapshotCount} snapshots do not fit in the file`, countAt);
  if (snapshotCount > 0 && pageCount === 0) r.fail('snapshots of a RAM with no pages', 16);
  const table: Page[] = new Array<Page>(pageCount).fill(store.zeroPage);
  const groupCount = Math.ceil(pageCount / GROUP_PAGES);
  let previous: PageGroup[] | undefined;
  let lastIcount = -1;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let s = 0; s < snapshotCount; s++) {
    const icountAt = r.pos;
    const icount = r.varint('icount');
    if (icount <= lastIcount) r.fail(`snapshot ${s} at icount ${icount} is not after the previous one (${lastIcount})`, icountAt);
    lastIcount = icount;
    const logPosition = r.varint('log position');
    const stateAt = r.pos;
    const stateLength = r.varint('state length');
    const stateBytes = r.view(stateLength, 'machine state');
    let stateText: string;
    try {
      stateText = decoder.decode(stateBytes);
      decodeState(stateText);
    } catch {
      return r.fail(`snapshot ${s} has a malformed machine state`, stateAt);
    }
    const changesAt = r.pos;
    const changes = r.varint('change count');
    if (changes > pageCount || changes > r.remaining / 2) r.fail(`snapshot ${s} changes ${changes} pages, impossible here`, changesAt);
    const touched = new Uint8Array(groupCount);
    let index = -1;
    for (let c = 0; c < changes; c++) {
      const at = r.pos;
      index += r.varint('page gap') + 1;
      if (index >= pageCount) r.fail(`snapshot ${s} changes page ${index} of ${pageCount}`, at);
      const poolAt = r.pos;
      const poolIndex = r.varint('pool index');
      if (poolIndex >= pool.length) r.fail(`snapshot ${s} refers to page ${poolIndex} of a pool of ${pool.length}`, poolAt);
      table[index] = pool[poolIndex];
      touched[Math.floor(index / GROUP_PAGES)] = 1;
    }
    // Groups no change touched are shared with the previous snapshot, as in the store that was saved.
    const directory: PageGroup[] = [];
    for (let g = 0; g < groupCount; g++) {
      if (previous && !touched[g]) directory.push(previous[g]);
      else directory.push({ pages: table.slice(g * GROUP_PAGES, Math.min(pageCount, (g + 1) * GROUP_PAGES)), refs: 0 });
    }
    store.adopt(icount, logPosition, stateText, directory, pageCount);
    previous = directory;
  }
  if (r.remaining !== 0) r.fail(`${r.remaining} unexplained bytes before the checksum`);
  return { store, tag };
}
