import { gzipSync } from 'node:zlib';
import type { CaptureLayout, LengthField } from './captureLayout';
import { captureLayout } from './captureLayout';
import type { Random } from './random';

/** A seed capture and where its records and length fields are. */
export interface Seed {
  name: string;
  bytes: Uint8Array;
  layout: CaptureLayout;
}

export function seedOf(name: string, bytes: Uint8Array): Seed {
  return { name, bytes, layout: captureLayout(bytes) };
}

/** The values readers get wrong: zero, one, sign and width edges, and a step off the true value. */
function boundaryValue(r: Random, size: 1 | 2 | 4, current: number): number {
  const max = size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff;
  const v = r.pick([
    0,
    1,
    2,
    3,
    4,
    7,
    8,
    0x7f,
    0x80,
    0xff,
    0x100,
    0x7fff,
    0x8000,
    0xffff,
    0x10000,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    current - 1,
    current + 1,
    current * 2,
    r.int(max + 1),
  ]);
  return ((v % (max + 1)) + (max + 1)) % (max + 1);
}

function setLength(b: Uint8Array, f: LengthField, r: Random): void {
  if (f.at + f.size > b.length) return;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (f.nibble) {
    const byte = v.getUint8(f.at);
    const cur = f.nibble === 'high' ? byte >> 4 : byte & 15;
    const n = r.pick([0, 1, 4, 5, 15, cur - 1, cur + 1]) & 15;
    v.setUint8(f.at, f.nibble === 'high' ? (n << 4) | (byte & 15) : (byte & 0xf0) | n);
    return;
  }
  const cur = f.size === 4 ? v.getUint32(f.at, f.little) : f.size === 2 ? v.getUint16(f.at, f.little) : v.getUint8(f.at);
  const n = boundaryValue(r, f.size, cur);
  if (f.size === 4) v.setUint32(f.at, n, f.little);
  else if (f.size === 2) v.setUint16(f.at, n, f.little);
  else v.setUint8(f.at, n);
}

type Mutator = (b: Uint8Array, s: Seed, r: Random, others: Seed[]) => Uint8Array;

const bitFlips: Mutator = (b, _s, r) => {
  const out = Uint8Array.from(b);
  for (let k = 1 + r.int(8); k > 0 && out.length; k--) out[r.int(out.length)] ^= 1 << r.int(8);
  return out;
};

const randomBytes: Mutator = (b, _s, r) => {
  const out = Uint8Array.from(b);
  for (let k = 1 + r.int(4); k > 0 && out.length; k--) out[r.int(out.length)] = r.int(256);
  return out;
};

const lengthFields: Mutator = (b, s, r) => {
  const out = Uint8Array.from(b);
  if (!s.layout.lengths.length) return bitFlips(b, s, r, []);
  for (let k = 1 + r.int(3); k > 0; k--) setLength(out, r.pick(s.layout.lengths), r);
  return out;
};

const truncate: Mutator = (b, _s, r) => b.slice(0, r.int(b.length + 1));

const deleteRange: Mutator = (b, _s, r) => {
  const at = r.int(b.length + 1),
    n = 1 + r.int(Math.min(64, b.length - at + 1));
  return Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + n)]);
};

const duplicateRange: Mutator = (b, _s, r) => {
  const at = r.int(b.length + 1),
    n = 1 + r.int(64),
    to = r.int(b.length + 1);
  const piece = b.slice(at, at + n);
  return Uint8Array.from([...b.subarray(0, to), ...piece, ...b.subarray(to)]);
};

/** A record of this or another seed inserted between records (same format or not: both are worth trying). */
const spliceRecords: Mutator = (b, s, r, others) => {
  const from = r.chance(0.5) ? s : r.pick(others);
  if (!from.layout.records.length || !s.layout.records.length) return duplicateRange(b, s, r, others);
  const rec = r.pick(from.layout.records);
  const to = r.pick(s.layout.records)[r.chance(0.5) ? 'start' : 'end'];
  return Uint8Array.from([...b.subarray(0, to), ...from.bytes.subarray(rec.start, rec.end), ...b.subarray(to)]);
};

/** Records in another order: time going backwards, responses before requests. */
const swapRecords: Mutator = (b, s, r, others) => {
  const recs = s.layout.records;
  if (recs.length < 2) return bitFlips(b, s, r, others);
  const i = r.int(recs.length - 1),
    a = recs[i],
    c = recs[i + 1];
  return Uint8Array.from([...b.subarray(0, a.start), ...b.subarray(c.start, c.end), ...b.subarray(a.start, a.end), ...b.subarray(c.end)]);
};

const MUTATORS: Array<[string, Mutator, number]> = [
  ['bit-flips', bitFlips, 3],
  ['random-bytes', randomBytes, 2],
  ['length-fields', lengthFields, 4],
  ['truncate', truncate, 1],
  ['delete', deleteRange, 1],
  ['duplicate', duplicateRange, 1],
  ['splice-records', spliceRecords, 2],
  ['swap-records', swapRecords, 1],
];
const TOTAL = MUTATORS.reduce((n, [, , w]) => n + w, 0);

function pickMutator(r: Random): [string, Mutator] {
  let k = r.int(TOTAL);
  for (const [name, m, w] of MUTATORS) {
    if (k < w) return [name, m];
    k -= w;
  }
  return [MUTATORS[0][0], MUTATORS[0][1]];
}

/**
 * One fuzz input: a seed, one to three mutations on it, and sometimes gzip wrapping (then, some of
 * the time, damage to the gzip stream itself). `how` names what was done, for the failure report.
 */
export function mutate(seeds: Seed[], r: Random): { bytes: Uint8Array; how: string } {
  const seed = r.pick(seeds);
  let bytes = seed.bytes;
  const how = [seed.name];
  for (let k = 1 + (r.chance(0.3) ? r.int(3) : 0); k > 0; k--) {
    const [name, m] = pickMutator(r);
    bytes = m(bytes, seed, r, seeds);
    how.push(name);
  }
  if (r.chance(0.08)) {
    bytes = gzipSync(bytes);
    how.push('gzip');
    if (r.chance(0.5)) {
      bytes = r.chance(0.5) ? bitFlips(bytes, seed, r, seeds) : truncate(bytes, seed, r, seeds);
      how.push('gzip-damaged');
    }
  }
  return { bytes, how: how.join(' + ') };
}
