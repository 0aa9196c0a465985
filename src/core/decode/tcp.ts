import type { DetailNode } from '../dissect/detailNode';
import { hex, layer, NodeList } from '../dissect/detailNode';
import { FieldReader, withinCaptured } from '../dissect/fieldReader';
import { MPTCP_SUBTYPES, tcpOptionInfo } from '../knowledge/tcpOptionInfo';
import type { PacketFields } from './fields';
import { MALFORMED_BAD_LENGTH, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import type { Layer, TcpRowContext, TreeContext } from './layer';
import type { TcpOption } from './tcpOptions';
import { parseTcpOptions, scanTcpOptions, TCPOPT_EOL, TCPOPT_NOP } from './tcpOptions';

export const TH_FIN = 0x001;
export const TH_SYN = 0x002;
export const TH_RST = 0x004;
export const TH_PUSH = 0x008;
export const TH_ACK = 0x010;
export const TH_URG = 0x020;
export const TH_ECE = 0x040;
export const TH_CWR = 0x080;
/** Accurate ECN (RFC 9768), formerly the ECN nonce (NS) bit. */
export const TH_AE = 0x100;

/** TCP header (RFC 9293 §3.1). The payload length is the reported one, as tshark's tcp.len. */
function decode(view: DataView, off: number, end: number, f: PacketFields): number {
  // tshark's TCP reads the ports before it names itself in the Protocol column: with fewer than 4
  // bytes (a cut frame, an IPv6 payload length of 0 in a BIG TCP capture) the IP layer's name stands.
  if (end - off < 4) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.proto = ProtoCode.Tcp;
  // Fields whose bytes were captured are the packet's, as in tshark: a header cut at 12 bytes still has its ports.
  f.sport = view.getUint16(off);
  f.dport = view.getUint16(off + 2);
  f.hasPorts = true;
  if (end - off < 20) {
    f.malformed |= MALFORMED_TRUNCATED;
    return -1;
  }
  f.seq = view.getUint32(off + 4);
  f.ack = view.getUint32(off + 8);
  const offFlags = view.getUint16(off + 12);
  f.tcpFlags = offFlags & 0x0fff;
  f.win = view.getUint16(off + 14);
  f.fixedHeader = true;
  const hlen = (offFlags >> 12) * 4;
  if (hlen < 20 || hlen > f.l4Len) {
    // tshark still numbers the stream and shows the flags; the segment length is unknown (0 here).
    f.malformed |= MALFORMED_BAD_LENGTH;
    return -1;
  }
  f.payloadLen = f.l4Len - hlen;
  f.payloadOff = off + hlen;
  // Options cut by the snap length: the ones captured count (Info, JSON and tree show the same), the rest are missing.
  const cut = off + hlen > end;
  if (hlen > 20) scanTcpOptions(view, off + 20, cut ? end : off + hlen, f, cut);
  if (cut) f.malformed |= MALFORMED_TRUNCATED;
  return -1;
}

const FLAG_NAMES: Array<[number, string]> = [
  [TH_FIN, 'FIN'],
  [TH_SYN, 'SYN'],
  [TH_RST, 'RST'],
  [TH_PUSH, 'PSH'],
  [TH_ACK, 'ACK'],
  [TH_URG, 'URG'],
  [TH_ECE, 'ECE'],
  [TH_CWR, 'CWR'],
  [TH_AE, 'AE'],
];

/** Flag list as Wireshark prints it in Info, e.g. "SYN, ACK"; "<None>" for no flags. */
export function tcpFlagsText(flags: number): string {
  const names: string[] = [];
  for (const [bit, name] of FLAG_NAMES) if (flags & bit) names.push(name);
  if (flags & 0xe00) names.push('Reserved');
  return names.length ? names.join(', ') : '<None>';
}

function optionText(o: TcpOption): string {
  const info = tcpOptionInfo(o.kind);
  if (o.truncated) return `${info.name}: not fully captured (snap length)`;
  if (o.malformed) return `${info.name}: malformed — ${o.malformed}`;
  switch (info.token) {
    case 'MSS':
      return `Maximum segment size: ${o.mss} bytes`;
    case 'WS':
      return `Window scale: ${o.shift} (multiply by ${2 ** Math.min(o.shift ?? 0, 14)})${(o.shift ?? 0) > 14 ? ' — shift above 14 is invalid (RFC 7323 §2.3), treated as 14' : ''}`;
    case 'SACK_PERM':
      return 'SACK permitted';
    case 'SACK':
      return `SACK: ${(o.blocks ?? []).map(([l, r]) => `${l}-${r}`).join(' ')}`;
    case 'TS':
      return `Timestamps: TSval ${o.tsval}, TSecr ${o.tsecr}`;
    case 'TFO':
      return o.cookie ? `TCP Fast Open cookie: ${o.cookie}` : 'TCP Fast Open cookie request';
    case 'MPTCP':
      return `Multipath TCP: ${MPTCP_SUBTYPES[o.mptcpSubtype ?? -1] ?? `subtype ${o.mptcpSubtype}`}`;
    case 'AO':
      return `TCP-AO: KeyID ${o.keyId}, RNextKeyID ${o.rNextKeyId}, MAC ${o.data}`;
    // RFC 6994 §3: the first 16 bits are the Experiment ID.
    case 'EXP':
      return o.data && o.data.length >= 4
        ? `${info.name}: ExID 0x${o.data.slice(0, 4)}${o.data.length > 4 ? `, data ${o.data.slice(4)}` : ''}`
        : `${info.name}: no Experiment ID (RFC 6994 needs 2 bytes)`;
    default:
      return o.data ? `${info.name}: ${o.data}` : info.name;
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
  if (o.mptcpSubtype !== undefined)
    n.add(
      'tcp.options.mptcp.subtype',
      `Multipath TCP subtype: ${MPTCP_SUBTYPES[o.mptcpSubtype] ?? 'Unknown'} (${o.mptcpSubtype})`,
      o.offset + 2,
      1,
      o.mptcpSubtype,
    );
  const node: DetailNode = { field: info.field, text: `TCP Option - ${optionText(o)}`, offset: o.offset, length: o.length, children: n.nodes };
  if (o.malformed) node.severity = 'error';
  else if (o.truncated) node.severity = 'note';
  return node;
}

/** `c.inError`: the header quoted inside an ICMP error (RFC 792 promises only its first 8 bytes). */
function tree(c: TreeContext, off: number, end: number, _next: number, f: PacketFields, problems: number): DetailNode[] {
  if (end <= off) return [];
  const r = new FieldReader(c.view, end);
  const ctx: TcpRowContext = c.row?.tcp ?? { payloadLen: f.payloadLen };
  const node = withinCaptured('tcp', 'Transmission Control Protocol', off, end, (n) => tcpFields(r, n, off, end, ctx, c.inError, f, problems));
  return node ? [node] : [];
}

function tcpFields(
  r: FieldReader,
  n: NodeList,
  off: number,
  end: number,
  ctx: TcpRowContext,
  inError: boolean,
  decoded: PacketFields,
  problems: number,
): DetailNode {
  const sport = r.u16(off);
  n.add('tcp.srcport', `Source Port: ${sport}`, off, 2, sport);
  const dport = r.u16(off + 2);
  n.add('tcp.dstport', `Destination Port: ${dport}`, off + 2, 2, dport);
  if (ctx.stream !== undefined && ctx.stream >= 0) n.add('tcp.stream', `[Stream index: ${ctx.stream}]`, off, 0, ctx.stream);
  const seq = r.u32(off + 4);
  if (!inError) n.add('tcp.len', `[TCP Segment Len: ${ctx.payloadLen}]`, r.has(off + 12, 1) ? off + 12 : off, r.has(off + 12, 1) ? 1 : 0, ctx.payloadLen);
  n.add(
    'tcp.seq',
    ctx.relSeq !== undefined ? `Sequence Number: ${ctx.relSeq}    (relative sequence number)` : `Sequence Number: ${seq}`,
    off + 4,
    4,
    ctx.relSeq ?? seq,
  );
  n.add('tcp.seq_raw', `Sequence Number (raw): ${seq}`, off + 4, 4, seq);
  const ack = r.u32(off + 8);
  const addHeaderLength = (hlen: number) => {
    const hl = n.add('tcp.hdr_len', `Header Length: ${hlen} bytes (${hlen / 4})`, off + 12, 1, hlen);
    if (hlen < 20) {
      hl.severity = 'error';
      hl.text += ' — bogus, must be at least 20';
    }
    // The same check the fast path made (decode): a header longer than the segment the IP header declares.
    else if (problems & MALFORMED_BAD_LENGTH && !inError) {
      hl.severity = 'error';
      hl.text += ` — more than the ${decoded.l4Len} bytes of the segment`;
    }
  };
  if (!r.has(off + 12, 2)) {
    // Cut before the flags say whether the ACK number counts: show what was captured, then stop.
    n.add('tcp.ack_raw', `Acknowledgment number (raw): ${ack}`, off + 8, 4, ack);
    addHeaderLength((r.u8(off + 12) >> 4) * 4);
  }
  const offFlags = r.u16(off + 12);
  const flags = offFlags & 0x0fff;
  if (flags & TH_ACK)
    n.add(
      'tcp.ack',
      ctx.relAck !== undefined ? `Acknowledgment Number: ${ctx.relAck}    (relative ack number)` : `Acknowledgment Number: ${ack}`,
      off + 8,
      4,
      ctx.relAck ?? ack,
    );
  else if (ack !== 0) n.problem('tcp.ack_nonzero', `Acknowledgment Number: ${ack} — nonzero while the ACK flag is not set`, off + 8, 4, 'note');
  n.add('tcp.ack_raw', `Acknowledgment number (raw): ${ack}`, off + 8, 4, ack);
  const hlen = (offFlags >> 12) * 4;
  addHeaderLength(hlen);
  const f = new NodeList();
  const bit = (mask: number, field: string, name: string) =>
    f.add(`tcp.flags.${field}`, `${name}: ${flags & mask ? 'Set' : 'Not set'}`, off + 12, 2, (flags & mask) !== 0);
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
  if (ctx.scaledWindow !== undefined && !(flags & TH_SYN))
    n.add('tcp.window_size', `[Calculated window size: ${ctx.scaledWindow}]`, off + 14, 2, ctx.scaledWindow);
  n.add('tcp.checksum', `Checksum: ${hex(r.u16(off + 16), 4)} [unverified]`, off + 16, 2, r.u16(off + 16));
  n.add('tcp.urgent_pointer', `Urgent Pointer: ${r.u16(off + 18)}`, off + 18, 2, r.u16(off + 18));
  const optEnd = Math.min(end, off + hlen);
  if (hlen > 20 && off + 20 < optEnd) {
    const opts = parseTcpOptions(r.view, off + 20, optEnd, off + hlen > end);
    const node: DetailNode = {
      field: 'tcp.options',
      text: `Options: (${hlen - 20} bytes)`,
      offset: off + 20,
      length: optEnd - off - 20,
      children: opts.map(optionNode),
    };
    if (opts.some((o) => o.malformed)) node.severity = 'error';
    n.nodes.push(node);
  }
  if (off + hlen > end && hlen > 20)
    n.problem(
      'tcp.options.truncated',
      `[Options truncated: ${Math.max(0, end - off - 20)} of ${hlen - 20} bytes captured]`,
      Math.min(end, off + 20),
      0,
      'note',
    );
  const seqAck = inError ? undefined : ctx.seqAck?.(off);
  if (seqAck) n.nodes.push(seqAck);
  const { relSeq, relAck } = ctx;
  const title = `Transmission Control Protocol, Src Port: ${sport}, Dst Port: ${dport}, Seq: ${relSeq ?? seq}${flags & TH_ACK ? `, Ack: ${relAck ?? ack}` : ''}, Len: ${ctx.payloadLen}`;
  return layer('tcp', title, off, Math.min(Math.max(hlen, 20), end - off), n.nodes);
}

export const tcpLayer: Layer = { name: 'tcp', decode, tree };
/** The fast path calls this directly (packetDecoder.ts): one call site per layer, which V8 can inline. */
export { decode as decodeTcp };
