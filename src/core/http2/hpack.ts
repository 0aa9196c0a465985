import { huffmanDecode, latin1 } from './huffman';

/** RFC 7541 Appendix A: the static table, index 1 to 61. */
const STATIC_TABLE: ReadonlyArray<readonly [string, string]> = [
  [':authority', ''],
  [':method', 'GET'],
  [':method', 'POST'],
  [':path', '/'],
  [':path', '/index.html'],
  [':scheme', 'http'],
  [':scheme', 'https'],
  [':status', '200'],
  [':status', '204'],
  [':status', '206'],
  [':status', '304'],
  [':status', '400'],
  [':status', '404'],
  [':status', '500'],
  ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'],
  ['accept-language', ''],
  ['accept-ranges', ''],
  ['accept', ''],
  ['access-control-allow-origin', ''],
  ['age', ''],
  ['allow', ''],
  ['authorization', ''],
  ['cache-control', ''],
  ['content-disposition', ''],
  ['content-encoding', ''],
  ['content-language', ''],
  ['content-length', ''],
  ['content-location', ''],
  ['content-range', ''],
  ['content-type', ''],
  ['cookie', ''],
  ['date', ''],
  ['etag', ''],
  ['expect', ''],
  ['expires', ''],
  ['from', ''],
  ['host', ''],
  ['if-match', ''],
  ['if-modified-since', ''],
  ['if-none-match', ''],
  ['if-range', ''],
  ['if-unmodified-since', ''],
  ['last-modified', ''],
  ['link', ''],
  ['location', ''],
  ['max-forwards', ''],
  ['proxy-authenticate', ''],
  ['proxy-authorization', ''],
  ['range', ''],
  ['referer', ''],
  ['refresh', ''],
  ['retry-after', ''],
  ['server', ''],
  ['set-cookie', ''],
  ['strict-transport-security', ''],
  ['transfer-encoding', ''],
  ['user-agent', ''],
  ['vary', ''],
  ['via', ''],
  ['www-authenticate', ''],
];

/** How a field was represented (RFC 7541 §6): what Wireshark shows as the representation. */
export type HpackRepresentation = 'indexed' | 'incremental' | 'without indexing' | 'never indexed';

export interface HpackField {
  name: string;
  value: string;
  representation: HpackRepresentation;
  /** Where the representation starts and ends in the block. */
  start: number;
  end: number;
}

export type HpackResult = { fields: HpackField[]; error?: undefined } | { fields: HpackField[]; error: string };

/** RFC 7540 §6.5.2: SETTINGS_HEADER_TABLE_SIZE's default. */
export const DEFAULT_TABLE_SIZE = 4096;

/** An entry's size in the dynamic table: its name and value in bytes, plus 32 (RFC 7541 §4.1). */
const entrySize = (name: string, value: string) => name.length + value.length + 32;

/**
 * One direction's HPACK decoding context (RFC 7541): the dynamic table every header block of that
 * direction of a connection reads and updates, in order. A block that cannot be decoded says where
 * and why; the fields before the damage are kept, and the table is as far as the block got (the
 * blocks after it may then be decoded wrongly, as a receiver would: HTTP/2 calls that a connection
 * error, COMPRESSION_ERROR).
 */
export class HpackDecoder {
  /** Newest first, as the indices count (62 is the newest). */
  private readonly dynamic: Array<[string, string]> = [];
  private size = 0;

  constructor(private maxSize = DEFAULT_TABLE_SIZE) {}

  decode(block: Uint8Array): HpackResult {
    const fields: HpackField[] = [];
    let at = 0;
    let start = 0;
    const fail = (why: string): HpackResult => ({ fields, error: `HPACK: ${why} (at byte ${start} of the ${block.length}-byte header block)` });
    while (at < block.length) {
      start = at;
      const b = block[at];
      if (b & 0x80) {
        const index = readInteger(block, at, 7);
        if (!index) return fail('truncated index');
        at = index.next;
        const entry = this.entry(index.value);
        if (!entry) return fail(`index ${index.value} is not in the table`);
        fields.push({ name: entry[0], value: entry[1], representation: 'indexed', start, end: at });
        continue;
      }
      if ((b & 0xe0) === 0x20) {
        const size = readInteger(block, at, 5);
        if (!size) return fail('truncated table size update');
        at = size.next;
        // RFC 7541 §6.3: the new size must not exceed what SETTINGS allowed; not known here, so trusted.
        this.maxSize = size.value;
        this.evict();
        continue;
      }
      const incremental = (b & 0xc0) === 0x40;
      const prefix = incremental ? 6 : 4;
      const representation: HpackRepresentation = incremental ? 'incremental' : b & 0x10 ? 'never indexed' : 'without indexing';
      const index = readInteger(block, at, prefix);
      if (!index) return fail('truncated name index');
      at = index.next;
      let name: string;
      if (index.value === 0) {
        const literal = readString(block, at);
        if ('error' in literal) return fail(literal.error);
        [name, at] = [literal.text, literal.next];
      } else {
        const entry = this.entry(index.value);
        if (!entry) return fail(`name index ${index.value} is not in the table`);
        name = entry[0];
      }
      const value = readString(block, at);
      if ('error' in value) return fail(value.error);
      at = value.next;
      fields.push({ name, value: value.text, representation, start, end: at });
      if (incremental) this.add(name, value.text);
    }
    return { fields };
  }

  private entry(index: number): readonly [string, string] | undefined {
    if (index >= 1 && index <= STATIC_TABLE.length) return STATIC_TABLE[index - 1];
    return this.dynamic[index - STATIC_TABLE.length - 1];
  }

  private add(name: string, value: string): void {
    const size = entrySize(name, value);
    // RFC 7541 §4.4: an entry larger than the table empties it and is not added.
    this.dynamic.unshift([name, value]);
    this.size += size;
    this.evict();
  }

  private evict(): void {
    while (this.size > this.maxSize && this.dynamic.length) {
      const [n, v] = this.dynamic.pop()!;
      this.size -= entrySize(n, v);
    }
  }
}

/** RFC 7541 §5.1: an integer with an N-bit prefix; undefined when the block ends first or it overflows. */
function readInteger(block: Uint8Array, at: number, prefixBits: number): { value: number; next: number } | undefined {
  if (at >= block.length) return undefined;
  const max = (1 << prefixBits) - 1;
  let value = block[at++] & max;
  if (value < max) return { value, next: at };
  for (let shift = 0; ; shift += 7) {
    // Beyond 2^31 no table or string can be that large: treat it as damage, not as a number.
    if (at >= block.length || shift > 28) return undefined;
    const b = block[at++];
    value += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return { value, next: at };
  }
}

/** RFC 7541 §5.2: a string literal, Huffman-coded or not. */
function readString(block: Uint8Array, at: number): { text: string; next: number } | { error: string } {
  if (at >= block.length) return { error: 'the block ends before a string literal' };
  const huffman = (block[at] & 0x80) !== 0;
  const len = readInteger(block, at, 7);
  if (!len) return { error: 'truncated string length' };
  const end = len.next + len.value;
  if (end > block.length) return { error: `a ${len.value}-byte string runs past the end of the block` };
  if (!huffman) return { text: latin1(block.subarray(len.next, end)), next: end };
  const decoded = huffmanDecode(block, len.next, end);
  return 'error' in decoded ? decoded : { text: decoded.text, next: end };
}
