import type { Capture } from '../capture/openCapture';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, PacketFields, ProtoCode } from '../decode/fields';
import type { RowContext, TreeContext } from '../decode/layer';
import { layerForLinkType } from '../decode/layerRegistry';
import { LAYERS, layerForEtherType } from '../decode/layerTables';
import { linkTypeName } from '../decode/linkTypes';
import { MAX_LAYERS } from '../decode/packetDecoder';
import { PF_DIRECTION_B, PF_FRAGMENT, PF_TIME_CORRECTED } from '../index/packetIndex';
import { AddressFamily } from '../index/addressTable';
import { enterReassembledTransport } from '../decode/reassembledTransport';
import type { ReassembledDatagram } from '../summary/reassembledDatagram';
import { reassembledDatagram } from '../summary/reassembledDatagram';
import { reassemblyProblems } from '../summary/reassemblyText';
import { relativeSeqAck } from '../summary/tcpInfo';
import { packetEpoch } from '../summary/timeText';
import { dnsTree, httpContinuationTree, httpTree, tlsTree } from './appTree';
import type { DetailNode } from './detailNode';
import { layer, NodeList } from './detailNode';
import type { TcpAnalysisExtras } from '../flows/tcpSequenceAnalysis';
import { isTcpProto } from '../flows/tcpSequenceAnalysis';
import { seqAckAnalysisNode } from './tcpAnalysisTree';
import { tlsDecryptionOf, type FrameTls } from '../tls/tlsDecryption';
import { tlsRecordsTree } from './tlsRecordTree';

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
  // tshark's lengths: without a capture pseudo-header, which follows as its own layer.
  const len = ix.frameLen(i),
    capLen = ix.frameCapLen(i);
  n.add('frame.len', `Frame Length: ${len} bytes (${len * 8} bits)`, 0, 0, len);
  n.add('frame.cap_len', `Capture Length: ${capLen} bytes (${capLen * 8} bits)`, 0, 0, capLen);
  if (ix.flags[i] & PF_TIME_CORRECTED)
    n.problem('frame.time_invalid', '[Timestamp fraction out of range in the file (a second or more): carried into the seconds]', 0, 0, 'warning');
  if (ix.caplen[i] < ix.origLen[i])
    n.problem('frame.truncated', `Packet size limited during capture: ${ix.origLen[i] - ix.caplen[i]} bytes not captured`, 0, 0, 'note');
  for (const c of ix.comments.get(i) ?? []) n.add('frame.comment', `Comment: ${c}`, 0, 0, c);
  return layer('frame', `Frame ${i + 1}: ${len} bytes on wire, ${capLen} bytes captured`, 0, ix.caplen[i], n.nodes);
}

/**
 * The layers of the bytes at `off`, starting with layer `id`: each layer decodes (the fast path's
 * code, the same validation) and then renders what it decoded. `f` is the walk's own scratch
 * record; the application layer is named by the index's Protocol column (row.proto).
 */
function layerNodes(c: TreeContext, id: number, off: number, end: number, origEnd: number, f: PacketFields): DetailNode[] {
  f.reset();
  f.origEnd = origEnd;
  f.layerEnd = end;
  return walkLayers(c, id, off, f);
}

/** Decodes and renders layer `id` at `off` and the layers it names, within f.layerEnd. */
function walkLayers(c: TreeContext, id: number, off: number, f: PacketFields): DetailNode[] {
  const out: DetailNode[] = [];
  for (let depth = 0; id !== 0; depth++) {
    if (depth >= MAX_LAYERS) {
      out.push({
        field: '_ws.expert',
        text: `[Not dissected beyond ${MAX_LAYERS} layers of encapsulation]`,
        offset: Math.min(off, f.layerEnd),
        length: 0,
        severity: 'warning',
      });
      return out;
    }
    const layerEnd = f.layerEnd;
    const problems = f.malformed;
    f.next = 0;
    const layer = LAYERS[id]!;
    const next = layer.decode(c.view, off, layerEnd, f);
    try {
      out.push(...layer.tree(c, off, layerEnd, next, f, f.malformed & ~problems));
    } catch (e) {
      out.push(malformed(layer.name, off, layerEnd, e));
      return out;
    }
    if (next < 0) break;
    id = f.next;
    off = next;
  }
  if (!c.inError) out.push(...payloadNodes(c, f));
  return out;
}

/** What the transport carries: the application layer the index recognised, or the bytes. */
function payloadNodes(c: TreeContext, f: PacketFields): DetailNode[] {
  const at = f.payloadOff;
  const end = Math.min(c.bytes.length, f.l4End);
  if (at < 0 || at >= end) return [];
  const proto = c.row?.proto;
  if (f.ipProto === 6) {
    if (c.tls) return [tlsRecordsTree(c.bytes, at, c.tls, proto === ProtoCode.Tls ? tlsTree(c.bytes, at, end) : undefined)];
    const app =
      proto === ProtoCode.Http
        ? (httpTree(c.bytes, at, end) ?? httpContinuationTree(c.bytes, at, end))
        : proto === ProtoCode.Tls
          ? tlsTree(c.bytes, at, end)
          : undefined;
    return [app ?? { field: 'tcp.payload', text: `TCP payload (${end - at} bytes captured)`, offset: at, length: end - at }];
  }
  if (f.ipProto === 17) {
    const app = proto === ProtoCode.Dns ? dnsTree(c.bytes, at, end) : undefined;
    return [app ?? { field: 'data', text: `Data (${end - at} bytes)`, offset: at, length: end - at }];
  }
  return [];
}

/**
 * Wireshark's last line of defence (a dissector exception becomes "[Malformed Packet]"): a tree
 * builder that still fails on some input shows as one error line, not a failed detail pane.
 */
function malformed(what: string, offset: number, end: number, e: unknown): DetailNode {
  const why = e instanceof Error ? e.message : String(e);
  return {
    field: '_ws.malformed',
    text: `[Malformed Packet: ${what} could not be dissected (${why})]`,
    offset: Math.min(offset, end),
    length: Math.max(0, end - offset),
    severity: 'error',
  };
}

function treeContext(bytes: Uint8Array, view: DataView, row: RowContext | undefined, inError: boolean): TreeContext {
  return {
    bytes,
    view,
    row,
    inError,
    // A quoted datagram starts at its IP header (the version nibble says which) and gets its own scratch record.
    quoted(at: number, end: number): DetailNode[] {
      const v = at < end ? view.getUint8(at) >> 4 : 4;
      const id = layerForEtherType(v === 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4);
      return layerNodes(treeContext(bytes, view, undefined, true), id, at, end, end, new PacketFields());
    },
  };
}

/** The full detail tree of packet i: built only for the packet on screen. */
/** `extras`: the capture's TCP analysis, for each TCP packet's [SEQ/ACK analysis] subtree. */
export function dissectPacket(capture: Capture, i: number, extras?: TcpAnalysisExtras): DetailNode[] {
  const ix = capture.index;
  const bytes = capture.packetBytes(i);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const linkType = ix.linkTypeOf(i);
  const out: DetailNode[] = [frameNode(capture, i)];
  const first = layerForLinkType(linkType);
  if (!first) {
    out.push({ field: 'data', text: `${linkTypeName(linkType)} frame (${bytes.length} bytes), not dissected`, offset: 0, length: bytes.length });
    return out;
  }
  const row: RowContext = { proto: ix.proto[i] };
  if (ix.stream[i] >= 0 && ix.proto[i] !== ProtoCode.Udp && ix.proto[i] !== ProtoCode.Dns) {
    const { seq, ack } = relativeSeqAck(ix, i);
    const dir = ix.flags[i] & PF_DIRECTION_B ? 1 : 0;
    row.tcp = {
      stream: ix.stream[i],
      relSeq: seq,
      relAck: ack,
      payloadLen: ix.payloadLen(i),
      scaledWindow: ix.tcpStreams.scaledWindow(ix.stream[i], dir, ix.win[i], i),
    };
    if (extras && isTcpProto(ix.proto[i])) row.tcp.seqAck = (tcpOffset) => seqAckAnalysisNode(ix, extras, i, tcpOffset);
  } else if (ix.stream[i] >= 0) row.udpStream = ix.stream[i];
  const c = treeContext(bytes, view, row, false);
  c.tls = decryptedFrame(capture, i, out);
  const whole = ix.flags[i] & PF_FRAGMENT ? reassembledDatagram(capture, i) : undefined;
  if (ix.flags[i] & PF_FRAGMENT) c.reassembly = whole ? fragmentsNode(whole) : fragmentOutcomeNode(capture, i);
  const f = new PacketFields();
  try {
    out.push(...layerNodes(c, first, 0, bytes.length, ix.origLen[i], f));
  } catch (e) {
    out.push(malformed('network layer and above', 0, bytes.length, e));
  }
  if (whole && f.fragOffset >= 0) out.push(...reassembledLayers(whole, row, f));
  return out;
}

/** The frame's TLS records decrypted, when the capture has a key log; a failure is a line in the tree, not a lost tree. */
function decryptedFrame(capture: Capture, i: number, out: DetailNode[]): FrameTls | undefined {
  try {
    const frame = tlsDecryptionOf(capture)?.frame(i);
    return frame?.records.length ? frame : undefined;
  } catch (e) {
    out.push(malformed('TLS decryption', 0, 0, e));
    return undefined;
  }
}

/**
 * The layers of a reassembled datagram, decoded from its own bytes (Wireshark's "Reassembled IPv4"
 * tab): their offsets address `whole.payload` (the detail message's `reassembled` bytes), which
 * every node says by `source: 'reassembled'`.
 */
function reassembledLayers(whole: ReassembledDatagram, row: RowContext, f: PacketFields): DetailNode[] {
  const bytes = whole.payload;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const c = treeContext(bytes, view, row, false);
  const id = enterReassembledTransport(view, 0, bytes.length, f);
  let nodes: DetailNode[];
  try {
    nodes = walkLayers(c, id, f.l4Off, f);
  } catch (e) {
    nodes = [malformed('reassembled datagram', 0, bytes.length, e)];
  }
  const mark = (n: DetailNode): void => {
    n.source = 'reassembled';
    n.children?.forEach(mark);
  };
  nodes.forEach(mark);
  return nodes;
}

/** "[3 IPv4 Fragments (3008 bytes): #3(1480), #4(1480), #5(48)]" with one line per fragment, as Wireshark. */
function fragmentsNode(whole: ReassembledDatagram): DetailNode {
  const v = whole.ipVersion === 6 ? 'ipv6' : 'ip';
  const name = whole.ipVersion === 6 ? 'IPv6' : 'IPv4';
  const n = new NodeList();
  for (const p of whole.fragments) {
    const frag = n.add(`${v}.fragment`, `[Frame: ${p.packet + 1}, payload: ${p.offset}-${p.offset + p.length - 1} (${p.length} bytes)]`, 0, 0, p.packet + 1);
    const problems = reassemblyProblems(p.flags, whole.ipVersion);
    if (problems.length) frag.children = problems.map((x) => ({ ...x, offset: 0, length: 0 }));
  }
  n.add(`${v}.fragment.count`, `[Fragment count: ${whole.fragments.length}]`, 0, 0, whole.fragments.length);
  n.add(`${v}.reassembled.length`, `[Reassembled ${name} length: ${whole.payload.length}]`, 0, 0, whole.payload.length);
  for (const x of reassemblyProblems(whole.flags, whole.ipVersion)) n.problem(x.field, x.text, 0, 0, x.severity);
  const list = whole.fragments.map((p) => `#${p.packet + 1}(${p.length})`).join(', ');
  const node = layer(`${v}.fragments`, `[${whole.fragments.length} ${name} Fragments (${whole.payload.length} bytes): ${list}]`, 0, 0, n.nodes);
  if (n.nodes.some((x) => x.severity === 'error')) node.severity = 'error';
  return node;
}

/** For a fragment that did not complete its datagram: where it was reassembled, or why it never was. */
function fragmentOutcomeNode(capture: Capture, i: number): DetailNode {
  const t = capture.index.fragments;
  const ipv6 = capture.index.addresses.family(capture.index.src[i]) === AddressFamily.IPv6;
  const outcome = t.outcome(i);
  if (outcome && 'datagram' in outcome) {
    const last = t.datagramLastPacket(outcome.datagram) + 1;
    return {
      field: `${ipv6 ? 'ipv6' : 'ip'}.reassembled_in`,
      text: `[Fragment of a datagram reassembled in frame: ${last}]`,
      offset: 0,
      length: 0,
      value: last,
    };
  }
  if (outcome) {
    const [first, ...rest] = reassemblyProblems(outcome.gaveUp, ipv6 ? 6 : 4);
    return {
      field: first?.field ?? 'ip.fragment.error',
      text: first?.text ?? '[Reassembly failed]',
      offset: 0,
      length: 0,
      severity: first?.severity ?? 'warning',
      children: rest.map((x) => ({ ...x, offset: 0, length: 0 })),
    };
  }
  return {
    field: 'ip.fragment',
    text: 'Fragment of a datagram that never completed in this capture; transport header not dissected',
    offset: 0,
    length: 0,
    severity: 'note',
  };
}
