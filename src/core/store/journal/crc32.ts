import * as zlib from 'node:zlib';

type Crc32 = (data: Uint8Array, initial?: number) => number;

/** zlib's CRC-32 (Node ≥ 20.15), or a table-driven one with the same results on older runtimes. */
export const crc32: Crc32 = (zlib as { crc32?: Crc32 }).crc32 ?? tableCrc32;

let table: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, reflected, as zlib computes it). Exported for the test that pins it to zlib's. */
export function tableCrc32(data: Uint8Array, initial = 0): number {
  table ??= makeTable();
  let crc = ~initial >>> 0;
  for (let i = 0; i < data.length; i++) crc = (table[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return ~crc >>> 0;
}

function makeTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}
