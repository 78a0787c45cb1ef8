// CRC-32 as used by zlib, PNG and IEEE 802.3 (reflected polynomial
// 0xEDB88320, initial value and final xor 0xFFFFFFFF), table driven. It
// guards the replay log's header and chunks and the snapshot file: any
// single-byte change, and any burst of up to 32 bits, changes the value.

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * Continues a running CRC over bytes[start, end). Start with `crc = 0`; the
 * result can be passed back in to extend the checksum over more bytes, so a
 * checksum can cover non-adjacent ranges.
 */
export function crc32Update(crc: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = ~crc;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC-32 of bytes[start, end), an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return crc32Update(0, bytes, start, end);
}
