import type { Capture } from '../capture/openCapture';
import { ProtoCode } from '../decode/fields';
import type { DecodedRow } from './decodedRow';
import { decodeRow } from './decodedRow';
import { ipv6Text, macText } from '../decode/addressText';

const ICMP_UNREACH: Record<number, string> = {
  0: 'Network unreachable',
  1: 'Host unreachable',
  2: 'Protocol unreachable',
  3: 'Port unreachable',
  4: 'Fragmentation needed',
  5: 'Source route failed',
  9: 'Network administratively prohibited',
  10: 'Host administratively prohibited',
  13: 'Communication administratively filtered',
};
const ICMPV6_UNREACH: Record<number, string> = {
  0: 'no route to destination',
  1: 'Administratively prohibited',
  2: 'Beyond scope of source address',
  3: 'Address unreachable',
  4: 'Port unreachable',
  5: 'Source address failed ingress/egress policy',
  6: 'Reject route to destination',
};

export function icmpTypeText(type: number, code: number, v6: boolean): string {
  if (!v6) {
    switch (type) {
      case 0:
        return 'Echo (ping) reply';
      case 3:
        return `Destination unreachable (${ICMP_UNREACH[code] ?? `code ${code}`})`;
      case 5:
        return 'Redirect';
      case 8:
        return 'Echo (ping) request';
      case 11:
        return code === 0 ? 'Time-to-live exceeded (Time to live exceeded in transit)' : 'Time-to-live exceeded (Fragment reassembly time exceeded)';
      case 12:
        return 'Parameter problem';
      case 13:
        return 'Timestamp request';
      case 14:
        return 'Timestamp reply';
      default:
        return `Type ${type}, code ${code}`;
    }
  }
  switch (type) {
    case 1:
      return `Destination Unreachable (${ICMPV6_UNREACH[code] ?? `code ${code}`})`;
    case 2:
      return 'Packet Too Big';
    case 3:
      return code === 0 ? 'Time Exceeded (hop limit exceeded in transit)' : 'Time Exceeded (fragment reassembly time exceeded)';
    case 4:
      return 'Parameter Problem';
    case 128:
      return 'Echo (ping) request';
    case 129:
      return 'Echo (ping) reply';
    case 133:
      return 'Router Solicitation';
    case 134:
      return 'Router Advertisement';
    case 135:
      return 'Neighbor Solicitation';
    case 136:
      return 'Neighbor Advertisement';
    case 143:
      return 'Multicast Listener Report Message v2';
    default:
      return `Type ${type}, code ${code}`;
  }
}

/** The row to read an ICMP message from (for a reassembled datagram, decodeRow reads the whole of it). */
export function icmpRow(capture: Capture, i: number): DecodedRow {
  return decodeRow(capture, i);
}

/** Request↔reply frame numbers for ICMP echoes, built once per capture on first use. */
const echoPairs = new WeakMap<Capture, Map<number, number>>();

function pairsOf(capture: Capture): Map<number, number> {
  let pairs = echoPairs.get(capture);
  if (pairs) return pairs;
  pairs = new Map();
  const ix = capture.index;
  const open = new Map<string, number>();
  for (let i = 0; i < ix.count; i++) {
    const p = ix.proto[i];
    if (p !== ProtoCode.Icmp && p !== ProtoCode.Icmpv6) continue;
    const type = ix.sport[i];
    const isReq = type === 8 || type === 128;
    const isRep = type === 0 || type === 129;
    if (!isReq && !isRep) continue;
    const row = icmpRow(capture, i);
    if (row.f.l4Off < 0 || row.f.l4Off + 8 > row.bytes.length) continue;
    const idSeq = row.view.getUint32(row.f.l4Off + 4);
    const key = isReq ? `${ix.src[i]}-${ix.dst[i]}-${idSeq}` : `${ix.dst[i]}-${ix.src[i]}-${idSeq}`;
    if (isReq) open.set(key, i);
    else {
      const req = open.get(key);
      if (req !== undefined) {
        pairs.set(req, i);
        pairs.set(i, req);
        open.delete(key);
      }
    }
  }
  echoPairs.set(capture, pairs);
  return pairs;
}

export function icmpInfo(capture: Capture, row: DecodedRow): string {
  const f = row.f;
  const v6 = f.proto === ProtoCode.Icmpv6;
  const type = f.icmpType,
    code = f.icmpCode;
  let text = icmpTypeText(type, code, v6);
  const at = f.l4Off;
  const isEcho = v6 ? type === 128 || type === 129 : type === 0 || type === 8;
  if (isEcho && at + 8 <= row.bytes.length) {
    const id = row.view.getUint16(at + 4);
    const seq = row.view.getUint16(at + 6);
    const swapped = ((seq & 0xff) << 8) | (seq >> 8);
    const isRequest = type === 8 || type === 128;
    const pad = v6 ? ' ' : isRequest ? '  ' : '    ';
    text += v6
      ? `${pad}id=0x${id.toString(16).padStart(4, '0')}, seq=${seq}, hop limit=${f.ttl}`
      : `${pad}id=0x${id.toString(16).padStart(4, '0')}, seq=${seq}/${swapped}, ttl=${f.ttl}`;
    const other = pairsOf(capture).get(row.i);
    if (other !== undefined) text += isRequest ? ` (reply in ${other + 1})` : ` (request in ${other + 1})`;
    else if (isRequest) text += ' (no response found!)';
  } else if (v6 && (type === 135 || type === 136) && at + 24 <= row.bytes.length) {
    const words = [0, 4, 8, 12].map((k) => row.view.getUint32(at + 8 + k));
    const target = ipv6Text(words);
    const lla = linkLayerOption(row, at + 24);
    if (type === 135) text += ` for ${target}${lla ? ` from ${lla}` : ''}`;
    else {
      const fl = row.view.getUint8(at + 4);
      const names = [fl & 0x80 ? 'rtr' : '', fl & 0x40 ? 'sol' : '', fl & 0x20 ? 'ovr' : ''].filter(Boolean).join(', ');
      text += ` ${target}${names ? ` (${names})` : ''}${lla ? ` is at ${lla}` : ''}`;
    }
  } else if (v6 && type === 133) {
    const lla = linkLayerOption(row, at + 8);
    if (lla) text += ` from ${lla}`;
  }
  return text;
}

/** First source/target link-layer address option of an NDP message (RFC 4861 §4.6.1). */
function linkLayerOption(row: DecodedRow, from: number): string | undefined {
  let at = from;
  while (at + 8 <= row.bytes.length) {
    const type = row.view.getUint8(at);
    const len = row.view.getUint8(at + 1) * 8;
    if (len === 0) return undefined;
    if ((type === 1 || type === 2) && len >= 8) return macText(row.view.getUint16(at + 2) * 0x100000000 + row.view.getUint32(at + 4));
    at += len;
  }
  return undefined;
}
