import type { DetailNode } from '../dissect/detailNode';
import type { NodeList } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { MALFORMED_BAD_LENGTH, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, LinkSummary, TreeContext } from './layer';
import { decodePpp, pppSummary, pppTreeNode } from './ppp';

/**
 * PPPoE (RFC 2516): the session stage (Ethertype 0x8864, and LINKTYPE_PPP_ETHER 51) carries a PPP
 * frame whose length the header gives; the discovery stage (0x8863: PADI, PADO…) is named.
 */
export const ETHERTYPE_PPPOE_DISCOVERY = 0x8863;
export const ETHERTYPE_PPPOE_SESSION = 0x8864;
const HEADER = 6;
const CODES: Record<number, string> = {
  0x00: 'Session Data',
  0x09: 'Active Discovery Initiation (PADI)',
  0x07: 'Active Discovery Offer (PADO)',
  0x19: 'Active Discovery Request (PADR)',
  0x65: 'Active Discovery Session-confirmation (PADS)',
  0xa7: 'Active Discovery Terminate (PADT)',
};

const TAGS: Record<number, string> = {
  0: 'End-Of-List',
  0x0101: 'Service-Name',
  0x0102: 'AC-Name',
  0x0103: 'Host-Uniq',
  0x0104: 'AC-Cookie',
  0x0105: 'Vendor-Specific',
  0x0110: 'Relay-Session-Id',
  0x0201: 'Service-Name-Error',
  0x0202: 'AC-System-Error',
  0x0203: 'Generic-Error',
};

function codeText(code: number): string {
  return CODES[code] ?? `Unknown (${hex(code, 2)})`;
}

function decodeSession(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  if (end - off < HEADER) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  // The payload length bounds the PPP frame: Ethernet padding after it is not PPP's.
  const payloadEnd = off + HEADER + view.getUint16(off + 4);
  if (payloadEnd > f.origEnd) f.malformed |= MALFORMED_BAD_LENGTH;
  else if (payloadEnd < end) f.layerEnd = end = payloadEnd;
  return decodePpp(view, off + HEADER, end, f);
}

function decodeDiscovery(_view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  if (end - off < HEADER) f.malformed |= MALFORMED_TRUNCATED;
  return -1;
}

function headerNodes(r: FieldReader, off: number, n: NodeList): number {
  const vt = r.u8(off);
  n.add('pppoe.version', `Version: ${vt >> 4}`, off, 1, vt >> 4);
  n.add('pppoe.type', `Type: ${vt & 15}`, off, 1, vt & 15);
  n.add('pppoe.code', `Code: ${codeText(r.u8(off + 1))}`, off + 1, 1, r.u8(off + 1));
  n.add('pppoe.session_id', `Session ID: ${hex(r.u16(off + 2), 4)}`, off + 2, 2, r.u16(off + 2));
  const len = r.u16(off + 4);
  n.add('pppoe.payload_length', `Payload Length: ${len}`, off + 4, 2, len);
  return len;
}

function sessionTree(c: TreeContext, off: number, end: number, next: number, f: PacketFields, problems: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('pppoes', 'PPP-over-Ethernet Session', off, end, (n) => {
    const len = headerNodes(r, off, n);
    if (problems & MALFORMED_BAD_LENGTH) n.problem('pppoe.bad_length', `[Payload Length ${len} is longer than the frame]`, off + 4, 2, 'warning');
    return layer('pppoes', 'PPP-over-Ethernet Session', off, HEADER, n.nodes);
  });
  const out = node ? [node] : [];
  if (end - off > HEADER) {
    const ppp = pppTreeNode(c, off + HEADER, end, f, next);
    if (ppp) out.push(ppp);
  }
  return out;
}

function discoveryTree(c: TreeContext, off: number, end: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('pppoed', 'PPP-over-Ethernet Discovery', off, end, (n) => {
    const len = headerNodes(r, off, n);
    // RFC 2516 §4.3 tags: type, length, value.
    let at = off + HEADER;
    const stop = Math.min(end, at + len);
    while (at + 4 <= stop) {
      const type = r.u16(at),
        tlen = r.u16(at + 2);
      n.add('pppoed.tag', `Tag: ${TAGS[type] ?? hex(type, 4)} (${tlen} bytes)`, at, Math.min(4 + tlen, stop - at), type);
      at += 4 + tlen;
    }
    return layer('pppoed', `PPP-over-Ethernet Discovery, ${codeText(r.u8(off + 1))}`, off, Math.min(end, off + HEADER + len) - off, n.nodes);
  });
  return node ? [node] : [];
}

function sessionSummary(view: DataView, off: number, end: number): LinkSummary {
  return end - off > HEADER ? pppSummary(view, off + HEADER, end) : { protocol: 'PPPoES', info: 'PPP-over-Ethernet Session (truncated)' };
}

function discoverySummary(view: DataView, off: number, end: number): LinkSummary {
  return { protocol: 'PPPoED', info: end - off >= 2 ? codeText(view.getUint8(off + 1)) : 'PPP-over-Ethernet Discovery (truncated)' };
}

export const pppoeSessionLayer: Layer = { name: 'pppoes', decode: decodeSession, tree: sessionTree, summary: sessionSummary };
export const pppoeDiscoveryLayer: Layer = { name: 'pppoed', decode: decodeDiscovery, tree: discoveryTree, summary: discoverySummary };
