import type { DetailNode } from '../dissect/detailNode';
import { hex, layer } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import type { PacketFields } from './fields';
import { MALFORMED_BAD_LENGTH, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, LinkSummary, TreeContext } from './layer';
import { layerForLinkType } from './layerTables';
import { linkTypeName } from './linkTypes';

/**
 * Apple PKTAP (LINKTYPE_PKTAP 258, macOS `tcpdump -i pktap`): a little-endian header giving its own
 * length (at least 108 bytes), a record type (1: a packet follows), the link type of that packet,
 * the interface, and the process that sent or received it; the packet follows the header.
 * Mac OS X 10.9 wrote these captures as DLT_USER2 (149), which Wireshark reads as PKTAP unless the
 * user configured that link type otherwise (packet-user_encap.c): so do we.
 */
const MIN_HEADER = 108;
const REC_PACKET = 1;

function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  f.proto = ProtoCode.Link;
  if (end - off < 12) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  const len = view.getUint32(off, true);
  if (len < MIN_HEADER) {
    f.malformed |= MALFORMED_BAD_LENGTH;
    return -1;
  }
  if (len > end - off) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  if (view.getUint32(off + 4, true) !== REC_PACKET) return -1;
  // A PKTAP header naming PKTAP again would only loop: the walk's depth limit stops it anyway.
  f.next = layerForLinkType(view.getUint32(off + 8, true));
  return off + len;
}

function summary(view: DataView, off: number, end: number): LinkSummary {
  if (end - off < 4) return { protocol: 'PKTAP', info: 'PKTAP (truncated)' };
  const len = view.getUint32(off, true);
  const info = `PKTAP, ${len} byte header`;
  if (end - off < 12 || len < MIN_HEADER || view.getUint32(off + 4, true) !== REC_PACKET) return { protocol: 'PKTAP', info };
  const dlt = view.getUint32(off + 8, true);
  return { protocol: 'PKTAP', info, undecoded: `link type ${dlt} (${linkTypeName(dlt)})` };
}

/** A NUL-terminated name in a fixed field. */
function fixedString(bytes: Uint8Array, at: number, size: number): string {
  let s = '';
  for (let k = at; k < at + size && bytes[k] !== 0; k++) s += bytes[k] >= 0x20 && bytes[k] < 0x7f ? String.fromCharCode(bytes[k]) : '.';
  return s;
}

function pktapTree(c: TreeContext, off: number, end: number, problems: number): DetailNode | undefined {
  const r = new FieldReader(c.view, end);
  return withinCaptured('pktap', 'PKTAP packet header', off, end, (n) => {
    r.need(off, 4);
    const len = c.view.getUint32(off, true);
    n.add('pktap.hdrlen', `Header length: ${len}`, off, 4, len);
    if (problems & MALFORMED_BAD_LENGTH) {
      n.problem('pktap.hdrlen_too_short', `[Header length is too short: at least ${MIN_HEADER} bytes]`, off, 4);
      return layer('pktap', 'PKTAP packet header (bad length)', off, 4, n.nodes);
    }
    const le = (at: number, size: 2 | 4) => {
      r.need(at, size);
      return size === 2 ? c.view.getUint16(at, true) : c.view.getUint32(at, true);
    };
    const rec = le(off + 4, 4);
    n.add('pktap.rectype', `Record type: ${rec === REC_PACKET ? 'Packet' : rec === 0 ? 'None' : 'Unknown'} (${rec})`, off + 4, 4, rec);
    const dlt = le(off + 8, 4);
    n.add('pktap.dlt', `DLT: ${dlt} (${linkTypeName(dlt)})`, off + 8, 4, dlt);
    r.need(off + 12, 24);
    n.add('pktap.ifname', `Interface name: ${fixedString(c.bytes, off + 12, 24)}`, off + 12, 24, fixedString(c.bytes, off + 12, 24));
    n.add('pktap.flags', `Flags: ${hex(le(off + 36, 4), 8)}`, off + 36, 4, le(off + 36, 4));
    n.add('pktap.pfamily', `Protocol family: ${le(off + 40, 4)}`, off + 40, 4, le(off + 40, 4));
    n.add('pktap.llhdrlen', `Link-layer header length: ${le(off + 44, 4)}`, off + 44, 4, le(off + 44, 4));
    n.add('pktap.lltrlrlen', `Link-layer trailer length: ${le(off + 48, 4)}`, off + 48, 4, le(off + 48, 4));
    n.add('pktap.pid', `Process ID: ${le(off + 52, 4)}`, off + 52, 4, le(off + 52, 4));
    r.need(off + 56, 20);
    n.add('pktap.cmdname', `Command name: ${fixedString(c.bytes, off + 56, 20)}`, off + 56, 20, fixedString(c.bytes, off + 56, 20));
    n.add('pktap.svc_class', `Service class: ${le(off + 76, 4)}`, off + 76, 4, le(off + 76, 4));
    n.add('pktap.iftype', `Interface type: ${le(off + 80, 2)}`, off + 80, 2, le(off + 80, 2));
    n.add('pktap.ifunit', `Interface unit: ${le(off + 82, 2)}`, off + 82, 2, le(off + 82, 2));
    n.add('pktap.epid', `Effective process ID: ${le(off + 84, 4)}`, off + 84, 4, le(off + 84, 4));
    r.need(off + 88, 20);
    n.add('pktap.ecmdname', `Effective command name: ${fixedString(c.bytes, off + 88, 20)}`, off + 88, 20, fixedString(c.bytes, off + 88, 20));
    if (problems & MALFORMED_TRUNCATED) r.need(off, len);
    return layer('pktap', 'PKTAP packet header', off, Math.min(len, end - off), n.nodes);
  });
}

function tree(c: TreeContext, off: number, end: number, _next: number, _f: PacketFields, problems: number): DetailNode[] {
  const node = pktapTree(c, off, end, problems);
  return node ? [node] : [];
}

/** DLT_USER2 read as PKTAP: the tree says why, as Wireshark's "DLT: 149" line does. */
function user2Tree(c: TreeContext, off: number, end: number, _next: number, _f: PacketFields, problems: number): DetailNode[] {
  const note: DetailNode = {
    field: 'user_dlt',
    text: 'DLT: 149 (USER 2, read as PKTAP: Mac OS X 10.9 wrote PKTAP captures with this link type)',
    offset: off,
    length: 0,
  };
  const node = pktapTree(c, off, end, problems);
  return node ? [note, node] : [note];
}

export const pktapLayer: Layer = { name: 'pktap', decode, tree, summary };
export const user2PktapLayer: Layer = { name: 'pktap', decode, tree: user2Tree, summary };
