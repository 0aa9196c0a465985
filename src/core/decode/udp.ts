import type { DetailNode } from '../dissect/detailNode';
import { hex, layer, NodeList } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { MALFORMED_BAD_LENGTH, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, TreeContext } from './layer';
import { layerForUdpPorts } from './layerTables';

/** UDP header (RFC 768); a tunnel's well-known port names the layer inside (VXLAN, Geneve…). */
function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Udp;
  if (end - off < 8) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.sport = view.getUint16(off);
  f.dport = view.getUint16(off + 2);
  const len = view.getUint16(off + 4);
  // Length 0 is legal for IPv6 jumbograms (RFC 2675); otherwise it must cover the header.
  const declared = len === 0 ? f.l4Len : len;
  if (declared < 8) {
    f.malformed |= MALFORMED_BAD_LENGTH;
    return -1;
  }
  f.payloadLen = declared - 8;
  f.payloadOff = off + 8;
  f.next = layerForUdpPorts(f.sport, f.dport);
  return f.next ? off + 8 : -1;
}

function tree(c: TreeContext, off: number, end: number): DetailNode[] {
  if (end <= off) return [];
  const r = new FieldReader(c.view, end);
  const node = withinCaptured('udp', 'User Datagram Protocol', off, end, (n) => udpFields(r, n, off, c.row?.udpStream));
  return node ? [node] : [];
}

function udpFields(r: FieldReader, n: NodeList, off: number, stream: number | undefined): DetailNode {
  const sport = r.u16(off);
  n.add('udp.srcport', `Source Port: ${sport}`, off, 2, sport);
  const dport = r.u16(off + 2);
  n.add('udp.dstport', `Destination Port: ${dport}`, off + 2, 2, dport);
  const len = r.u16(off + 4);
  const l = n.add('udp.length', `Length: ${len}`, off + 4, 2, len);
  if (len !== 0 && len < 8) {
    l.severity = 'error';
    l.text += ' — shorter than the UDP header';
  }
  n.add('udp.checksum', `Checksum: ${hex(r.u16(off + 6), 4)} [unverified]`, off + 6, 2, r.u16(off + 6));
  if (stream !== undefined && stream >= 0) n.add('udp.stream', `[Stream index: ${stream}]`, off, 0, stream);
  return layer('udp', `User Datagram Protocol, Src Port: ${sport}, Dst Port: ${dport}`, off, 8, n.nodes);
}

export const udpLayer: Layer = { name: 'udp', decode, tree };
/** The fast path calls this directly (packetDecoder.ts): one call site per layer, which V8 can inline. */
export { decode as decodeUdp };
