import type { DetailNode } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import { etherTypeText } from './ethernet';
import type { PacketFields } from './fields';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, LinkSummary, TreeContext } from './layer';
import { layerForEtherType, layerForLinkType } from './layerTables';
import { LINKTYPE_ETHERNET } from './linkTypes';

/**
 * Frame Relay (LINKTYPE_FRELAY 107): a Q.922 address (2 to 4 bytes, the EA bit ends it) carrying
 * the DLCI, then either RFC 2427 multiprotocol encapsulation (UI control 0x03, optional pad, an
 * NLPID: 0xcc IPv4, 0x8e IPv6, 0x80 SNAP) or Cisco's (an Ethertype right after the address).
 */
const CONTROL_UI = 0x03;
const NLPID_IPV4 = 0xcc,
  NLPID_IPV6 = 0x8e,
  NLPID_SNAP = 0x80,
  NLPID_Q933 = 0x08;
const NLPID_NAMES: Record<number, string> = {
  0xcc: 'IP',
  0x8e: 'IPv6',
  0x80: 'SNAP',
  0x08: 'Q.933',
  0x81: 'OSI (CLNP)',
  0x82: 'OSI (ES-IS)',
  0x83: 'OSI (IS-IS)',
  0xb0: 'FRF.9 data compression',
  0xb1: 'FRF.12',
};

/** Bytes of the Q.922 address, or -1 when its EA bit never ends it within 4 bytes. */
function addressLength(view: DataView, off: number, end: number): number {
  for (let k = 1; k < 4 && off + k < end; k++) if (view.getUint8(off + k) & 1) return k + 1;
  return -1;
}

function dlci(view: DataView, off: number): number {
  return ((view.getUint8(off) >> 2) << 4) | (view.getUint8(off + 1) >> 4);
}

interface Encap {
  kind: 'cisco' | 'nlpid' | 'snap';
  value: number;
  at: number;
  payload: number;
}

/** Reused by every call: the fast path allocates nothing per packet. */
const scratch: Encap = { kind: 'cisco', value: 0, at: 0, payload: 0 };

function found(kind: Encap['kind'], value: number, at: number, payload: number): Encap {
  scratch.kind = kind;
  scratch.value = value;
  scratch.at = at;
  scratch.payload = payload;
  return scratch;
}

/**
 * How the frame names its payload (SNAP value -1: bridged Ethernet, -2: another OUI), and where
 * the payload starts; undefined when cut short. The result is overwritten by the next call.
 */
function encapsulation(view: DataView, off: number, end: number): Encap | undefined {
  const alen = addressLength(view, off, end);
  if (alen < 0 || off + alen + 2 > end) return undefined;
  let at = off + alen;
  if (view.getUint8(at) !== CONTROL_UI) return found('cisco', view.getUint16(at), at, at + 2);
  at++;
  if (view.getUint8(at) === 0 && at + 1 < end) at++;
  const nlpid = view.getUint8(at);
  if (nlpid !== NLPID_SNAP) return found('nlpid', nlpid, at, at + 1);
  if (at + 6 > end) return undefined;
  const oui = (view.getUint8(at + 1) << 16) | view.getUint16(at + 2);
  const pid = view.getUint16(at + 4);
  return found('snap', oui === 0 ? pid : oui === 0x0080c2 && pid === 0x0007 ? -1 : -2, at, at + 6);
}

function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  const e = encapsulation(view, off, end);
  if (!e) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  let ether = 0;
  if (e.kind === 'cisco' || (e.kind === 'snap' && e.value >= 0)) ether = e.value;
  else if (e.kind === 'nlpid') ether = e.value === NLPID_IPV4 ? ETHERTYPE_IPV4 : e.value === NLPID_IPV6 ? ETHERTYPE_IPV6 : 0;
  else if (e.value === -1) {
    // RFC 2427 bridged Ethernet without its FCS.
    f.next = layerForLinkType(LINKTYPE_ETHERNET);
    return e.payload;
  }
  if (!ether) return -1;
  f.etherType = ether;
  f.next = layerForEtherType(ether);
  return e.payload;
}

function summary(view: DataView, off: number, end: number): LinkSummary {
  const e = encapsulation(view, off, end);
  if (!e) return { protocol: 'FR', info: 'Frame Relay (truncated)' };
  const d = `DLCI ${dlci(view, off)}`;
  if (e.kind === 'nlpid' && e.value === NLPID_Q933) return { protocol: 'Q.933', info: `${d}, Q.933 call control / LMI` };
  if (e.kind === 'nlpid')
    return { protocol: 'FR', info: `${d}, NLPID ${NLPID_NAMES[e.value] ?? 'Unknown'} (${hex(e.value, 2)})`, undecoded: `Frame Relay NLPID ${hex(e.value, 2)}` };
  if (e.kind === 'snap' && e.value === -2) return { protocol: 'FR', info: `${d}, SNAP` };
  return { protocol: 'FR', info: `${d}, ${etherTypeText(e.value)}`, undecoded: `ethertype ${etherTypeText(e.value)}` };
}

function tree(c: TreeContext, off: number, end: number): DetailNode[] {
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('fr', 'Frame Relay', off, end, (n) => {
    r.need(off, 2);
    const id = dlci(c.view, off);
    n.add('fr.dlci', `DLCI: ${id}`, off, 2, id);
    const alen = addressLength(c.view, off, end);
    const e = encapsulation(c.view, off, end);
    if (alen < 0 || !e) {
      r.need(off, end - off + 1);
      return undefined;
    }
    if (e.kind === 'cisco') n.add('fr.cisco.ethertype', `Type: ${etherTypeText(e.value)}`, e.at, 2, e.value);
    else {
      n.add('fr.control', `Control: ${hex(CONTROL_UI, 2)} (Unnumbered Information)`, off + alen, 1, CONTROL_UI);
      const nlpid = r.u8(e.at);
      n.add('fr.nlpid', `NLPID: ${NLPID_NAMES[nlpid] ?? 'Unknown'} (${hex(nlpid, 2)})`, e.at, 1, nlpid);
      if (e.kind === 'snap') {
        const oui = (r.u8(e.at + 1) << 16) | r.u16(e.at + 2);
        n.add('fr.snap.oui', `Organization Code: ${hex(oui, 6)}`, e.at + 1, 3, oui);
        n.add('fr.snap.pid', `PID: ${oui === 0 ? etherTypeText(r.u16(e.at + 4)) : hex(r.u16(e.at + 4), 4)}`, e.at + 4, 2, r.u16(e.at + 4));
      }
    }
    return layer('fr', `Frame Relay, DLCI ${id}`, off, e.payload - off, n.nodes);
  });
  return node ? [node] : [];
}

export const frameRelayLayer: Layer = { name: 'fr', decode, tree, summary };
