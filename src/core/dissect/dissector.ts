import type { Capture } from '../capture/openCapture';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6, PacketFields, ProtoCode } from '../decode/fields';
import { decodeLink } from '../decode/packetDecoder';
import { linkTypeName } from '../decode/linkTypes';
import { PF_DIRECTION_B, PF_TIME_CORRECTED } from '../index/packetIndex';
import { relativeSeqAck } from '../summary/tcpInfo';
import { packetEpoch } from '../summary/timeText';
import { arpTree } from './arpTree';
import { dnsTree, httpTree, tlsTree } from './appTree';
import type { DetailNode } from './detailNode';
import { layer, NodeList } from './detailNode';
import { icmpTree } from './icmpTree';
import type { IpDissection } from './ipTree';
import { ipv4Tree, ipv6Tree } from './ipTree';
import { linkTree } from './linkTree';
import type { TcpContext } from './transportTree';
import type { TcpAnalysisExtras } from '../flows/tcpSequenceAnalysis';
import { isTcpProto } from '../flows/tcpSequenceAnalysis';
import { seqAckAnalysisNode } from './tcpAnalysisTree';
import { tcpTree, udpTree } from './transportTree';

/** Packet-level facts from the index that the tree shows next to the bytes. */
interface RowContext { tcp?: TcpContext; udpStream?: number; proto: number }

function frameNode(capture: Capture, i: number): DetailNode {
  const ix = capture.index;
  const n = new NodeList();
  const iface = ix.interfaceOf(i);
  const link = ix.interfaces[iface];
  n.add('frame.interface_id', `Interface id: ${iface}${link?.name ? ` (${link.name})` : ''}`, 0, 0, iface);
  n.add('frame.encap_type', `Encapsulation type: ${linkTypeName(link?.linkType ?? -1)} (${link?.linkType ?? '?'})`, 0, 0, link?.linkType ?? -1);
  const epoch = packetEpoch(ix, i);
  if (epoch !== undefined) n.add('frame.time_epoch', `Epoch Time: ${epoch} seconds`, 0, 0, epoch);
  else n.add('frame.time_missing', '[No timestamp: a pcapng Simple Packet Block carries none]', 0, 0, true);
  n.add('frame.number', `Frame Number: ${i + 1}`, 0, 0, i + 1);
  n.add('frame.len', `Frame Length: ${ix.origLen[i]} bytes (${ix.origLen[i] * 8} bits)`, 0, 0, ix.origLen[i]);
  n.add('frame.cap_len', `Capture Length: ${ix.caplen[i]} bytes (${ix.caplen[i] * 8} bits)`, 0, 0, ix.caplen[i]);
  if (ix.flags[i] & PF_TIME_CORRECTED) n.problem('frame.time_invalid', '[Timestamp fraction out of range in the file (a second or more): carried into the seconds]', 0, 0, 'warning');
  if (ix.caplen[i] < ix.origLen[i]) n.problem('frame.truncated', `Packet size limited during capture: ${ix.origLen[i] - ix.caplen[i]} bytes not captured`, 0, 0, 'note');
  for (const c of ix.comments.get(i) ?? []) n.add('frame.comment', `Comment: ${c}`, 0, 0, c);
  return layer('frame', `Frame ${i + 1}: ${ix.origLen[i]} bytes on wire, ${ix.caplen[i]} bytes captured`, 0, ix.caplen[i], n.nodes);
}

/** Network layer and everything above it, at `off`. Quoted datagrams inside ICMP errors reuse it. */
function networkNodes(bytes: Uint8Array, view: DataView, etherType: number, off: number, end: number, origEnd: number, row: RowContext | undefined): DetailNode[] {
  const out: DetailNode[] = [];
  const inError = row === undefined;
  let ip: IpDissection | undefined;
  if (etherType === ETHERTYPE_IPV4) ip = ipv4Tree(bytes, view, off, end, origEnd, inError);
  else if (etherType === ETHERTYPE_IPV6) ip = ipv6Tree(view, off, end);
  else if (etherType === ETHERTYPE_ARP) {
    const a = arpTree(view, off, end);
    if (a) out.push(a);
    return out;
  } else return out;
  if (!ip) {
    out.push({ field: 'malformed', text: `Malformed or truncated ${etherType === ETHERTYPE_IPV4 ? 'IPv4' : 'IPv6'} header`, offset: off, length: end - off, severity: 'error' });
    return out;
  }
  out.push(ip.node);
  if (ip.l4 < 0) return out;
  const l4End = Math.min(end, ip.l4End);
  // The quoted datagram is dissected within the bytes captured of it (icmpTree calls this only when there are some).
  const quoted = (at: number) => {
    const v = at < l4End ? view.getUint8(at) >> 4 : 4;
    return networkNodes(bytes, view, v === 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4, at, l4End, l4End, undefined);
  };
  switch (ip.proto) {
    case 6: {
      const hlen = ip.l4 + 12 < l4End ? (view.getUint8(ip.l4 + 12) >> 4) * 4 : 20;
      const ctx: TcpContext = row?.tcp ?? { payloadLen: Math.max(0, ip.l4Len - hlen) };
      const t = tcpTree(view, ip.l4, l4End, ctx, inError);
      if (!t) break;
      out.push(t);
      const payload = ip.l4 + hlen;
      if (!inError && payload < l4End) {
        const app = row?.proto === ProtoCode.Http ? httpTree(bytes, payload, l4End) : row?.proto === ProtoCode.Tls ? tlsTree(bytes, payload, l4End) : undefined;
        out.push(app ?? { field: 'tcp.payload', text: `TCP payload (${l4End - payload} bytes captured)`, offset: payload, length: l4End - payload });
      }
      break;
    }
    case 17: {
      const u = udpTree(view, ip.l4, l4End, row?.udpStream);
      if (!u) break;
      out.push(u);
      if (!inError && ip.l4 + 8 < l4End) {
        const app = row?.proto === ProtoCode.Dns ? dnsTree(bytes, ip.l4 + 8, l4End) : undefined;
        out.push(app ?? { field: 'data', text: `Data (${l4End - ip.l4 - 8} bytes)`, offset: ip.l4 + 8, length: l4End - ip.l4 - 8 });
      }
      break;
    }
    case 1:
    case 58: {
      // An error quoting an error is not dissected further (RFC 1122 §3.2.2 forbids sending one).
      const c = icmpTree(view, ip.l4, l4End, ip.l4 + ip.l4Len, ip.proto === 58, inError ? () => [] : quoted);
      if (c) out.push(c);
      break;
    }
  }
  return out;
}

/**
 * Wireshark's last line of defence (a dissector exception becomes "[Malformed Packet]"): a tree
 * builder that still fails on some input shows as one error line, not a failed detail pane.
 */
function malformed(what: string, offset: number, end: number, e: unknown): DetailNode {
  const why = e instanceof Error ? e.message : String(e);
  return { field: '_ws.malformed', text: `[Malformed Packet: ${what} could not be dissected (${why})]`, offset: Math.min(offset, end), length: Math.max(0, end - offset), severity: 'error' };
}

/** The full detail tree of packet i: built only for the packet on screen. */
/** `extras`: the capture's TCP analysis, for each TCP packet's [SEQ/ACK analysis] subtree. */
export function dissectPacket(capture: Capture, i: number, extras?: TcpAnalysisExtras): DetailNode[] {
  const ix = capture.index;
  const bytes = capture.packetBytes(i);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const linkType = ix.linkTypeOf(i);
  const out: DetailNode[] = [frameNode(capture, i)];
  try {
    const link = linkTree(linkType, view, bytes.length);
    if (link) out.push(link);
  } catch (e) {
    out.push(malformed(linkTypeName(linkType), 0, bytes.length, e));
    return out;
  }
  const f = new PacketFields();
  const net = decodeLink(linkType, view, 0, bytes.length, f);
  if (net < 0) {
    out.push({ field: 'data', text: `${linkTypeName(linkType)} frame (${bytes.length} bytes), not dissected`, offset: 0, length: bytes.length });
    return out;
  }
  const row: RowContext = { proto: ix.proto[i] };
  if (ix.stream[i] >= 0 && ix.proto[i] !== ProtoCode.Udp && ix.proto[i] !== ProtoCode.Dns) {
    const { seq, ack } = relativeSeqAck(ix, i);
    const dir = ix.flags[i] & PF_DIRECTION_B ? 1 : 0;
    row.tcp = { stream: ix.stream[i], relSeq: seq, relAck: ack, payloadLen: ix.payloadLen(i), scaledWindow: ix.tcpStreams.scaledWindow(ix.stream[i], dir, ix.win[i]) };
    if (extras && isTcpProto(ix.proto[i])) row.tcp.seqAck = (tcpOffset) => seqAckAnalysisNode(ix, extras, i, tcpOffset);
  } else if (ix.stream[i] >= 0) row.udpStream = ix.stream[i];
  try {
    out.push(...networkNodes(bytes, view, f.etherType, net, bytes.length, ix.origLen[i], row));
  } catch (e) {
    out.push(malformed('network layer and above', net, bytes.length, e));
  }
  return out;
}
