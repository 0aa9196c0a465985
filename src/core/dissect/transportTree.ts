import { TH_ACK, TH_AE, TH_CWR, TH_ECE, TH_FIN, TH_PUSH, TH_RST, TH_SYN, TH_URG, tcpFlagsText } from '../decode/tcp';
import type { TcpOption } from '../decode/tcpOptions';
import { parseTcpOptions, TCPOPT_EOL, TCPOPT_NOP } from '../decode/tcpOptions';
import { MPTCP_SUBTYPES, tcpOptionInfo } from '../knowledge/tcpOptionInfo';
import type { DetailNode } from './detailNode';
import { hex, layer, NodeList } from './detailNode';
import { FieldReader, withinCaptured } from './fieldReader';

/** Context the TCP subtree needs from the index: relative numbers and stream. */
export interface TcpContext {
  stream?: number; relSeq?: number; relAck?: number; payloadLen: number; scaledWindow?: number;
  /** The packet's [SEQ/ACK analysis], made from the analysis for the TCP header at this offset. */
  seqAck?: (tcpOffset: number) => DetailNode | undefined;
}

function optionText(o: TcpOption): string {
  const info = tcpOptionInfo(o.kind);
  if (o.malformed) return `${info.name}: malformed — ${o.malformed}`;
  switch (info.token) {
    case 'MSS': return `Maximum segment size: ${o.mss} bytes`;
    case 'WS': return `Window scale: ${o.shift} (multiply by ${2 ** Math.min(o.shift ?? 0, 14)})${(o.shift ?? 0) > 14 ? ' — shift above 14 is invalid (RFC 7323 §2.3), treated as 14' : ''}`;
    case 'SACK_PERM': return 'SACK permitted';
    case 'SACK': return `SACK: ${(o.blocks ?? []).map(([l, r]) => `${l}-${r}`).join(' ')}`;
    case 'TS': return `Timestamps: TSval ${o.tsval}, TSecr ${o.tsecr}`;
    case 'TFO': return o.cookie ? `TCP Fast Open cookie: ${o.cookie}` : 'TCP Fast Open cookie request';
    case 'MPTCP': return `Multipath TCP: ${MPTCP_SUBTYPES[o.mptcpSubtype ?? -1] ?? `subtype ${o.mptcpSubtype}`}`;
    case 'AO': return `TCP-AO: KeyID ${o.keyId}, RNextKeyID ${o.rNextKeyId}, MAC ${o.data}`;
    // RFC 6994 §3: the first 16 bits are the Experiment ID.
    case 'EXP': return o.data && o.data.length >= 4 ? `${info.name}: ExID 0x${o.data.slice(0, 4)}${o.data.length > 4 ? `, data ${o.data.slice(4)}` : ''}` : `${info.name}: no Experiment ID (RFC 6994 needs 2 bytes)`;
    default: return o.data ? `${info.name}: ${o.data}` : info.name;
  }
}

function optionNode(o: TcpOption): DetailNode {
  const info = tcpOptionInfo(o.kind);
  const n = new NodeList();
  n.add('tcp.option_kind', `Kind: ${info.name} (${o.kind})`, o.offset, 1, o.kind);
  if (o.kind !== TCPOPT_EOL && o.kind !== TCPOPT_NOP && o.length >= 2) n.add('tcp.option_len', `Length: ${o.length}`, o.offset + 1, 1, o.length);
  if (o.mss !== undefined) n.add('tcp.options.mss_val', `MSS Value: ${o.mss}`, o.offset + 2, 2, o.mss);
  if (o.shift !== undefined) n.add('tcp.options.wscale.shift', `Shift count: ${o.shift}`, o.offset + 2, 1, o.shift);
  if (o.tsval !== undefined) {
    n.add('tcp.options.timestamp.tsval', `Timestamp value: ${o.tsval}`, o.offset + 2, 4, o.tsval);
    n.add('tcp.options.timestamp.tsecr', `Timestamp echo reply: ${o.tsecr}`, o.offset + 6, 4, o.tsecr);
  }
  o.blocks?.forEach(([l, r], k) => {
    n.add('tcp.options.sack_le', `left edge = ${l}`, o.offset + 2 + k * 8, 4, l);
    n.add('tcp.options.sack_re', `right edge = ${r}`, o.offset + 6 + k * 8, 4, r);
  });
  if (o.mptcpSubtype !== undefined) n.add('tcp.options.mptcp.subtype', `Multipath TCP subtype: ${MPTCP_SUBTYPES[o.mptcpSubtype] ?? 'Unknown'} (${o.mptcpSubtype})`, o.offset + 2, 1, o.mptcpSubtype);
  const node: DetailNode = { field: info.field, text: `TCP Option - ${optionText(o)}`, offset: o.offset, length: o.length, children: n.nodes };
  if (o.malformed) node.severity = 'error';
  return node;
}

/** `inError`: the header quoted inside an ICMP error (RFC 792 promises only its first 8 bytes). */
export function tcpTree(view: DataView, off: number, end: number, ctx: TcpContext, inError: boolean): DetailNode | undefined {
  if (end <= off) return undefined;
  const r = new FieldReader(view, end);
  return withinCaptured('tcp', 'Transmission Control Protocol', off, end, (n) => tcpFields(r, n, off, end, ctx, inError));
}

function tcpFields(r: FieldReader, n: NodeList, off: number, end: number, ctx: TcpContext, inError: boolean): DetailNode {
  const sport = r.u16(off);
  n.add('tcp.srcport', `Source Port: ${sport}`, off, 2, sport);
  const dport = r.u16(off + 2);
  n.add('tcp.dstport', `Destination Port: ${dport}`, off + 2, 2, dport);
  if (ctx.stream !== undefined && ctx.stream >= 0) n.add('tcp.stream', `[Stream index: ${ctx.stream}]`, off, 0, ctx.stream);
  const seq = r.u32(off + 4);
  if (!inError) n.add('tcp.len', `[TCP Segment Len: ${ctx.payloadLen}]`, r.has(off + 12, 1) ? off + 12 : off, r.has(off + 12, 1) ? 1 : 0, ctx.payloadLen);
  n.add('tcp.seq', ctx.relSeq !== undefined ? `Sequence Number: ${ctx.relSeq}    (relative sequence number)` : `Sequence Number: ${seq}`, off + 4, 4, ctx.relSeq ?? seq);
  n.add('tcp.seq_raw', `Sequence Number (raw): ${seq}`, off + 4, 4, seq);
  const ack = r.u32(off + 8);
  const addHeaderLength = (hlen: number) => {
    const hl = n.add('tcp.hdr_len', `Header Length: ${hlen} bytes (${hlen / 4})`, off + 12, 1, hlen);
    if (hlen < 20) { hl.severity = 'error'; hl.text += ' — bogus, must be at least 20'; }
  };
  if (!r.has(off + 12, 2)) {
    // Cut before the flags say whether the ACK number counts: show what was captured, then stop.
    n.add('tcp.ack_raw', `Acknowledgment number (raw): ${ack}`, off + 8, 4, ack);
    addHeaderLength((r.u8(off + 12) >> 4) * 4);
  }
  const offFlags = r.u16(off + 12);
  const flags = offFlags & 0x0fff;
  if (flags & TH_ACK) n.add('tcp.ack', ctx.relAck !== undefined ? `Acknowledgment Number: ${ctx.relAck}    (relative ack number)` : `Acknowledgment Number: ${ack}`, off + 8, 4, ctx.relAck ?? ack);
  else if (ack !== 0) n.problem('tcp.ack_nonzero', `Acknowledgment Number: ${ack} — nonzero while the ACK flag is not set`, off + 8, 4, 'note');
  n.add('tcp.ack_raw', `Acknowledgment number (raw): ${ack}`, off + 8, 4, ack);
  const hlen = (offFlags >> 12) * 4;
  addHeaderLength(hlen);
  const f = new NodeList();
  const bit = (mask: number, field: string, name: string) => f.add(`tcp.flags.${field}`, `${name}: ${flags & mask ? 'Set' : 'Not set'}`, off + 12, 2, (flags & mask) !== 0);
  f.add('tcp.flags.res', `Reserved: ${(flags >> 9) & 7 ? 'Set' : 'Not set'}`, off + 12, 1, ((flags >> 9) & 7) !== 0);
  bit(TH_AE, 'ae', 'Accurate ECN (AE)');
  bit(TH_CWR, 'cwr', 'Congestion Window Reduced (CWR)');
  bit(TH_ECE, 'ece', 'ECN-Echo (ECE)');
  bit(TH_URG, 'urg', 'Urgent');
  bit(TH_ACK, 'ack', 'Acknowledgment');
  bit(TH_PUSH, 'push', 'Push');
  bit(TH_RST, 'reset', 'Reset');
  bit(TH_SYN, 'syn', 'Syn');
  bit(TH_FIN, 'fin', 'Fin');
  n.nodes.push({ field: 'tcp.flags', text: `Flags: ${hex(flags, 3)} (${tcpFlagsText(flags)})`, offset: off + 12, length: 2, value: flags, children: f.nodes });
  const win = r.u16(off + 14);
  n.add('tcp.window_size_value', `Window: ${win}`, off + 14, 2, win);
  if (ctx.scaledWindow !== undefined && !(flags & TH_SYN)) n.add('tcp.window_size', `[Calculated window size: ${ctx.scaledWindow}]`, off + 14, 2, ctx.scaledWindow);
  n.add('tcp.checksum', `Checksum: ${hex(r.u16(off + 16), 4)} [unverified]`, off + 16, 2, r.u16(off + 16));
  n.add('tcp.urgent_pointer', `Urgent Pointer: ${r.u16(off + 18)}`, off + 18, 2, r.u16(off + 18));
  const optEnd = Math.min(end, off + hlen);
  if (hlen > 20 && off + 20 < optEnd) {
    const opts = parseTcpOptions(r.view, off + 20, optEnd);
    const node: DetailNode = { field: 'tcp.options', text: `Options: (${hlen - 20} bytes)`, offset: off + 20, length: optEnd - off - 20, children: opts.map(optionNode) };
    if (opts.some((o) => o.malformed)) node.severity = 'error';
    n.nodes.push(node);
  }
  if (off + hlen > end && hlen > 20) n.problem('tcp.options.truncated', `[Options truncated: ${Math.max(0, end - off - 20)} of ${hlen - 20} bytes captured]`, Math.min(end, off + 20), 0, 'note');
  const seqAck = inError ? undefined : ctx.seqAck?.(off);
  if (seqAck) n.nodes.push(seqAck);
  const { relSeq, relAck } = ctx;
  const title = `Transmission Control Protocol, Src Port: ${sport}, Dst Port: ${dport}, Seq: ${relSeq ?? seq}${flags & TH_ACK ? `, Ack: ${relAck ?? ack}` : ''}, Len: ${ctx.payloadLen}`;
  return layer('tcp', title, off, Math.min(Math.max(hlen, 20), end - off), n.nodes);
}

export function udpTree(view: DataView, off: number, end: number, stream: number | undefined): DetailNode | undefined {
  if (end <= off) return undefined;
  const r = new FieldReader(view, end);
  return withinCaptured('udp', 'User Datagram Protocol', off, end, (n) => udpFields(r, n, off, stream));
}

function udpFields(r: FieldReader, n: NodeList, off: number, stream: number | undefined): DetailNode {
  const sport = r.u16(off);
  n.add('udp.srcport', `Source Port: ${sport}`, off, 2, sport);
  const dport = r.u16(off + 2);
  n.add('udp.dstport', `Destination Port: ${dport}`, off + 2, 2, dport);
  const len = r.u16(off + 4);
  const l = n.add('udp.length', `Length: ${len}`, off + 4, 2, len);
  if (len !== 0 && len < 8) { l.severity = 'error'; l.text += ' — shorter than the UDP header'; }
  n.add('udp.checksum', `Checksum: ${hex(r.u16(off + 6), 4)} [unverified]`, off + 6, 2, r.u16(off + 6));
  if (stream !== undefined && stream >= 0) n.add('udp.stream', `[Stream index: ${stream}]`, off, 0, stream);
  return layer('udp', `User Datagram Protocol, Src Port: ${sport}, Dst Port: ${dport}`, off, 8, n.nodes);
}
