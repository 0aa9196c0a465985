import { OPT_MSS, OPT_SACK_PERM, OPT_TIMESTAMP, PacketFields } from '../decode/fields';
import { TH_ACK } from '../decode/tcp';
import { ChecksumVerdict, verifyChecksums } from '../decode/transportChecksum';
import { decodePacket } from '../decode/packetDecoder';
import { A_TO_B } from './compareTypes';
import type { ComparedSide } from './comparedSide';
import { FACT_COMPLETE, FACT_IPV4 } from './packetFacts';

/**
 * The fields a path can change, one bit each (CompareResult.changes). Names are Wireshark's
 * display-filter fields, so a finding's `fields` can be pasted into a filter.
 */
export const FIELD_CHANGES = [
  ['ip.src', 'address'],
  ['ip.dst', 'address'],
  ['tcp.srcport', 'port'],
  ['tcp.dstport', 'port'],
  ['ip.ttl', 'ttl'],
  ['ip.id', 'id'],
  ['ip.dsfield.dscp', 'dscp'],
  ['ip.dsfield.ecn', 'ecn'],
  ['tcp.seq_raw', 'seq'],
  ['tcp.ack_raw', 'ack'],
  ['tcp.flags', 'flags'],
  ['tcp.window_size_value', 'window'],
  ['tcp.options.mss_val', 'mss'],
  ['tcp.options.wscale.shift', 'wscale'],
  ['tcp.options.sack_perm', 'sackPerm'],
  ['tcp.options.timestamp.tsval', 'tsval'],
  ['tcp.options.timestamp.tsecr', 'tsecr'],
  ['tcp.len', 'length'],
  ['tcp.payload', 'payload'],
  ['tcp.checksum', 'tcpChecksum'],
  ['ip.checksum', 'ipChecksum'],
] as const;

export type FieldName = (typeof FIELD_CHANGES)[number][0];
export const fieldBit = (name: FieldName): number => 1 << FIELD_CHANGES.findIndex(([n]) => n === name);

export const CH_SRC = fieldBit('ip.src');
export const CH_DST = fieldBit('ip.dst');
export const CH_SPORT = fieldBit('tcp.srcport');
export const CH_DPORT = fieldBit('tcp.dstport');
export const CH_TTL = fieldBit('ip.ttl');
export const CH_IP_ID = fieldBit('ip.id');
export const CH_DSCP = fieldBit('ip.dsfield.dscp');
export const CH_ECN = fieldBit('ip.dsfield.ecn');
export const CH_SEQ = fieldBit('tcp.seq_raw');
export const CH_ACK = fieldBit('tcp.ack_raw');
export const CH_FLAGS = fieldBit('tcp.flags');
export const CH_WINDOW = fieldBit('tcp.window_size_value');
export const CH_MSS = fieldBit('tcp.options.mss_val');
export const CH_WSCALE = fieldBit('tcp.options.wscale.shift');
export const CH_SACK_PERM = fieldBit('tcp.options.sack_perm');
export const CH_TSVAL = fieldBit('tcp.options.timestamp.tsval');
export const CH_TSECR = fieldBit('tcp.options.timestamp.tsecr');
export const CH_LENGTH = fieldBit('tcp.len');
export const CH_PAYLOAD = fieldBit('tcp.payload');
export const CH_TCP_CHECKSUM = fieldBit('tcp.checksum');
export const CH_IP_CHECKSUM = fieldBit('ip.checksum');

/** Changes NAT makes (RFC 3022): reported per connection as NAT, not as a rewrite of each packet. */
export const NAT_CHANGES = CH_SRC | CH_DST | CH_SPORT | CH_DPORT;
/** Everything the TCP checksum covers: when one of these changed, so must the checksum. */
const TCP_COVERED = NAT_CHANGES | CH_SEQ | CH_ACK | CH_FLAGS | CH_WINDOW | CH_MSS | CH_WSCALE | CH_SACK_PERM | CH_TSVAL | CH_TSECR | CH_LENGTH | CH_PAYLOAD;
const IP_COVERED = CH_SRC | CH_DST | CH_TTL | CH_IP_ID | CH_DSCP | CH_ECN | CH_LENGTH;

/** One field as each capture shows it; null when absent there (an option stripped). */
export interface FieldChange {
  name: FieldName;
  a: number | string | null;
  b: number | string | null;
}

/**
 * What changed between packet i of A and its pair j of B, beyond what every packet of the path
 * shows: the TTL may drop by `hops` (each router's decrement, RFC 791) and the checksums change with
 * the fields they cover. A checksum is reported only when it is wrong downstream while right
 * upstream, or changed although nothing it covers did: that is corruption, not an update.
 */
export function diffPair(a: ComparedSide, i: number, b: ComparedSide, j: number, direction: number, hops: number | null): number {
  const ixA = a.ix,
    ixB = b.ix,
    fa = a.facts,
    fb = b.facts;
  let bits = 0;
  if (ixA.addresses.text(ixA.src[i]) !== ixB.addresses.text(ixB.src[j])) bits |= CH_SRC;
  if (ixA.addresses.text(ixA.dst[i]) !== ixB.addresses.text(ixB.dst[j])) bits |= CH_DST;
  if (ixA.sport[i] !== ixB.sport[j]) bits |= CH_SPORT;
  if (ixA.dport[i] !== ixB.dport[j]) bits |= CH_DPORT;
  if (hops !== null) {
    const drop = direction === A_TO_B ? fa.ttl[i] - fb.ttl[j] : fb.ttl[j] - fa.ttl[i];
    if (drop !== hops) bits |= CH_TTL;
  }
  if (fa.bits[i] & FACT_IPV4 && fa.ipId[i] !== fb.ipId[j]) bits |= CH_IP_ID;
  if (fa.tos[i] >> 2 !== fb.tos[j] >> 2) bits |= CH_DSCP;
  if ((fa.tos[i] & 3) !== (fb.tos[j] & 3)) bits |= CH_ECN;
  if (ixA.payloadLen(i) !== ixB.payloadLen(j)) bits |= CH_LENGTH;
  else if (fa.hash[i] !== fb.hash[j] && fa.bits[i] & FACT_COMPLETE && fb.bits[j] & FACT_COMPLETE) bits |= CH_PAYLOAD;
  if (fa.ipProto[i] === 6) {
    if (ixA.seq[i] !== ixB.seq[j]) bits |= CH_SEQ;
    if (ixA.flags[i] & TH_ACK && ixA.ack[i] !== ixB.ack[j]) bits |= CH_ACK;
    if ((ixA.flags[i] & 0xfff) !== (ixB.flags[j] & 0xfff)) bits |= CH_FLAGS;
    if (ixA.win[i] !== ixB.win[j]) bits |= CH_WINDOW;
    const oa = ixA.optMask[i],
      ob = ixB.optMask[j];
    if ((oa & OPT_MSS) !== (ob & OPT_MSS) || fa.mss[i] !== fb.mss[j]) bits |= CH_MSS;
    if (fa.wscale[i] !== fb.wscale[j]) bits |= CH_WSCALE;
    if ((oa & OPT_SACK_PERM) !== (ob & OPT_SACK_PERM)) bits |= CH_SACK_PERM;
    if ((oa & OPT_TIMESTAMP) !== (ob & OPT_TIMESTAMP) || ixA.tsval[i] !== ixB.tsval[j]) bits |= CH_TSVAL;
    if ((oa & OPT_TIMESTAMP) !== (ob & OPT_TIMESTAMP) || fa.tsecr[i] !== fb.tsecr[j]) bits |= CH_TSECR;
    if (fa.tcpSum[i] !== fb.tcpSum[j] && (!(bits & TCP_COVERED) || brokenDownstream(a, i, b, j, direction, ChecksumVerdict.BadTransport)))
      bits |= CH_TCP_CHECKSUM;
  }
  if (fa.bits[i] & FACT_IPV4 && fa.ipSum[i] !== fb.ipSum[j]) {
    const covered = bits & IP_COVERED || (hops !== null && hops !== 0);
    if (!covered || brokenDownstream(a, i, b, j, direction, ChecksumVerdict.BadIp)) bits |= CH_IP_CHECKSUM;
  }
  return bits;
}

const scratch = new PacketFields();

/** The checksum is right where the packet entered the path and wrong where it left it (read from the file, rarely). */
function brokenDownstream(a: ComparedSide, i: number, b: ComparedSide, j: number, direction: number, verdict: ChecksumVerdict): boolean {
  const [up, ui, down, di] = direction === A_TO_B || direction < 0 ? [a, i, b, j] : [b, j, a, i];
  return checksumVerdict(down, di) === verdict && checksumVerdict(up, ui) === ChecksumVerdict.Good;
}

function checksumVerdict(s: ComparedSide, i: number): ChecksumVerdict {
  const bytes = s.capture.packetBytes(i);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  decodePacket(s.ix.linkTypeOf(i), view, 0, bytes.length, s.ix.origLen[i], scratch);
  return verifyChecksums(view, bytes.length, scratch);
}

/** The changed fields of a pair with their value in each capture, for findings and views. */
export function changedFields(a: ComparedSide, i: number, b: ComparedSide, j: number, bits: number): FieldChange[] {
  const out: FieldChange[] = [];
  FIELD_CHANGES.forEach(([name], k) => {
    if (bits & (1 << k)) out.push({ name, a: fieldValue(a, i, name), b: fieldValue(b, j, name) });
  });
  return out;
}

/** One field of packet i as its capture shows it (null: the option is absent). */
export function fieldValue(s: ComparedSide, i: number, name: FieldName): number | string | null {
  const ix = s.ix,
    f = s.facts;
  const hex = (v: number) => `0x${v.toString(16).padStart(4, '0')}`;
  switch (name) {
    case 'ip.src':
      return ix.addresses.text(ix.src[i]);
    case 'ip.dst':
      return ix.addresses.text(ix.dst[i]);
    case 'tcp.srcport':
      return ix.sport[i];
    case 'tcp.dstport':
      return ix.dport[i];
    case 'ip.ttl':
      return f.ttl[i];
    case 'ip.id':
      return hex(f.ipId[i]);
    case 'ip.dsfield.dscp':
      return f.tos[i] >> 2;
    case 'ip.dsfield.ecn':
      return f.tos[i] & 3;
    case 'tcp.seq_raw':
      return ix.seq[i];
    case 'tcp.ack_raw':
      return ix.ack[i];
    case 'tcp.flags':
      return `0x${(ix.flags[i] & 0xfff).toString(16).padStart(3, '0')}`;
    case 'tcp.window_size_value':
      return ix.win[i];
    case 'tcp.options.mss_val':
      return ix.optMask[i] & OPT_MSS ? f.mss[i] : null;
    case 'tcp.options.wscale.shift':
      return f.wscale[i] >= 0 ? f.wscale[i] : null;
    case 'tcp.options.sack_perm':
      return ix.optMask[i] & OPT_SACK_PERM ? 1 : null;
    case 'tcp.options.timestamp.tsval':
      return ix.optMask[i] & OPT_TIMESTAMP ? ix.tsval[i] : null;
    case 'tcp.options.timestamp.tsecr':
      return ix.optMask[i] & OPT_TIMESTAMP ? f.tsecr[i] : null;
    case 'tcp.len':
      return ix.payloadLen(i);
    case 'tcp.payload':
      return `hash ${f.hash[i].toString(16).padStart(8, '0')}`;
    case 'tcp.checksum':
      return hex(f.tcpSum[i]);
    case 'ip.checksum':
      return hex(f.ipSum[i]);
  }
}
