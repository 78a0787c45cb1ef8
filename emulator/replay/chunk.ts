// Chunk framing of the log body (docs/replay-log.md: chunks). Each chunk
// holds whole events and carries its sequence number, payload length and a
// CRC-32 over those two fields and the payload, so a torn write, a lost or
// repeated chunk and any flipped byte are all detected.

import { crc32, crc32Update } from './crc32';

/** Sequence number (u32), payload length (u32), CRC-32 (u32). */
export const CHUNK_HEADER_BYTES = 12;
/** Largest payload a reader accepts; a bigger length field is corruption. */
export const MAX_CHUNK_PAYLOAD = 1 << 20;
/** Default payload size at which the writer closes a chunk. */
export const DEFAULT_CHUNK_BYTES = 64 * 1024;
/** Largest flush threshold a writer accepts (leaves room for one maximal event). */
export const MAX_CHUNK_THRESHOLD = 512 * 1024;

function putU32(out: Uint8Array, at: number, value: number): void {
  out[at] = value & 0xff;
  out[at + 1] = (value >>> 8) & 0xff;
  out[at + 2] = (value >>> 16) & 0xff;
  out[at + 3] = (value >>> 24) & 0xff;
}

export function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/** The CRC of a chunk: over its first 8 header bytes, then its payload. */
export function chunkCrc(bytes: Uint8Array, chunkStart: number, payloadLength: number): number {
  const headCrc = crc32(bytes, chunkStart, chunkStart + 8);
  const payloadStart = chunkStart + CHUNK_HEADER_BYTES;
  return crc32Update(headCrc, bytes, payloadStart, payloadStart + payloadLength);
}

/** A framed chunk: header then a copy of the payload. */
export function encodeChunk(sequence: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(CHUNK_HEADER_BYTES + payload.length);
  putU32(out, 0, sequence);
  putU32(out, 4, payload.length);
  out.set(payload, CHUNK_HEADER_BYTES);
  putU32(out, 8, chunkCrc(out, 0, payload.length));
  return out;
}
