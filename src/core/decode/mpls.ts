import type { DetailNode } from '../dissect/detailNode';
import { hex, layer, NodeList } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_QINQ, ETHERTYPE_VLAN, MALFORMED_TRUNCATED } from './fields';
import type { TreeContext } from './layer';
import { layerForEtherType } from './layerTables';
import type { EncapsulationLayer } from './tunnel';
import { ETHERTYPE_TEB } from './tunnel';

export const ETHERTYPE_MPLS = 0x8847;
export const ETHERTYPE_MPLS_MULTICAST = 0x8848;

/** Offset just past the bottom-of-stack label entry at or after `off`, or -1 when the stack runs past `end`. */
function stackEnd(view: DataView, off: number, end: number): number {
  let at = off;
  for (;;) {
    if (end - at < 4) return -1;
    const bottom = view.getUint8(at + 2) & 1;
    at += 4;
    if (bottom) return at;
  }
}

function knownEtherType(t: number): boolean {
  return t === ETHERTYPE_VLAN || t === ETHERTYPE_QINQ || layerForEtherType(t) !== 0;
}

/**
 * Whether the payload after the stack starts with a pseudowire control word (RFC 4385: first
 * nibble 0) before an Ethernet frame. Wireshark's heuristic takes plain Ethernet when both MACs
 * have known vendors and the ethertype is known; lacking a vendor table we take plain Ethernet
 * when the ethertype at byte 12 is one we decode and the one at byte 16 (after a control word) is not.
 */
function hasControlWord(view: DataView, at: number, end: number): boolean {
  if (view.getUint8(at) >> 4 !== 0) return false;
  const plain = end - at >= 14 && knownEtherType(view.getUint16(at + 12));
  const withCw = end - at >= 18 && knownEtherType(view.getUint16(at + 16));
  return !plain || withCw;
}

/**
 * MPLS label stack (RFC 3032) on 0x8847/0x8848. Nothing says what the bottom label carries:
 * as Wireshark, the first nibble decides: 4 IPv4, 6 IPv6, 1 a PW associated channel (not
 * followed), anything else an Ethernet pseudowire (RFC 4448), with a control word when it starts with 0.
 */
function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  const at = stackEnd(view, off, end);
  if (at < 0) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.encapsulated = true;
  if (at >= end) return -1;
  const nibble = view.getUint8(at) >> 4;
  if (nibble === 1) return -1;
  f.enterTunnel();
  if (nibble === 4 || nibble === 6) {
    f.next = layerForEtherType(nibble === 4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6);
    return at;
  }
  if (!hasControlWord(view, at, end)) {
    f.next = layerForEtherType(ETHERTYPE_TEB);
    return at;
  }
  if (end - at < 4) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.next = layerForEtherType(ETHERTYPE_TEB);
  return at + 4;
}

function tree(c: TreeContext, off: number, end: number, next: number, _f: PacketFields, problems: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('mpls', 'MultiProtocol Label Switching Header', off, end, (n) => {
    let at = off;
    const labels: number[] = [];
    for (;;) {
      const w = r.u32(at);
      const label = w >>> 12;
      const bottom = (w >> 8) & 1;
      labels.push(label);
      const e = new NodeList();
      e.add('mpls.label', `MPLS Label: ${label}`, at, 3, label);
      e.add('mpls.exp', `MPLS Experimental Bits: ${(w >> 9) & 7}`, at + 2, 1, (w >> 9) & 7);
      e.add('mpls.bottom', `MPLS Bottom Of Label Stack: ${bottom}`, at + 2, 1, bottom);
      e.add('mpls.ttl', `MPLS TTL: ${w & 0xff}`, at + 3, 1, w & 0xff);
      n.nodes.push(layer('mpls.entry', `Label: ${label}, Exp: ${(w >> 9) & 7}, S: ${bottom}, TTL: ${w & 0xff}`, at, 4, e.nodes));
      at += 4;
      if (bottom) break;
    }
    if (next > at) {
      const cw = r.u32(at);
      n.add('pwethcw', `PW Ethernet Control Word: ${hex(cw, 8)} (sequence number ${cw & 0xffff})`, at, 4, cw);
    } else if (next < 0 && problems & MALFORMED_TRUNCATED) {
      n.problem('pwethcw.truncated', `[Pseudowire control word truncated: ${end - at} of 4 bytes captured]`, at, end - at, 'note');
    } else if (next < 0 && !problems && at < end && r.u8(at) >> 4 === 1) {
      n.add('pwach', 'Pseudowire Associated Channel Header: not dissected', at, end - at);
    }
    return layer('mpls', `MultiProtocol Label Switching Header, Label: ${labels.join(', ')}`, off, Math.max(at, next) - off, n.nodes);
  });
  return node ? [node] : [];
}

function describe(view: DataView, off: number, end: number): { labels: number[] } {
  const labels: number[] = [];
  for (let at = off; end - at >= 4; at += 4) {
    labels.push(view.getUint32(at) >>> 12);
    if (view.getUint8(at + 2) & 1) break;
  }
  return { labels };
}

export const mplsLayer: EncapsulationLayer = { name: 'mpls', decode, tree, describe };
