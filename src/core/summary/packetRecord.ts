import type { Capture } from '../capture/openCapture';
import type { TunnelHop } from '../decode/tunnelPath';
import { tunnelHops } from '../decode/tunnelPath';
import { ProtoCode, OPT_MSS, OPT_SACK_PERM, OPT_TIMESTAMP, OPT_WSCALE } from '../decode/fields';
import { AddressFamily } from '../index/addressTable';
import { analysisNames } from '../index/analysisFlags';
import type { DecodedRow } from './decodedRow';
import { decodeRow } from './decodedRow';
import { summarize } from './packetSummary';
import { relativeSeqAck } from './tcpInfo';
import { TH_ACK } from '../decode/tcp';
import type { TcpAnalysisExtras } from '../flows/tcpSequenceAnalysis';
import { ackRttOf } from '../flows/tcpSequenceAnalysis';
import { packetEpoch } from './timeText';

/**
 * A TCP segment's fields. A header cut short before its 20 fixed bytes has only its ports and
 * `cut: true` (tshark shows those two and no stream); every other segment has all of
 * stream…len.
 */
export interface TcpRecord {
  sport: number;
  dport: number;
  cut?: true;
  stream?: number;
  flags?: number;
  seq?: number;
  ack?: number;
  seqRaw?: number;
  ackRaw?: number;
  win?: number;
  len?: number;
  mss?: number;
  wscale?: number;
  sackPerm?: true;
  tsval?: number;
  tsecr?: number;
  /** From the sequence analysis, when it ran: tcp.analysis.ack_rtt (s), acks_frame, bytes_in_flight, duplicate_ack_num/frame. */
  ackRtt?: number;
  acksFrame?: number;
  bytesInFlight?: number;
  dupAckNum?: number;
  dupAckFrame?: number;
}

export interface PacketRecord {
  no: number;
  /** Epoch seconds (nine fractional digits); null when the record has no timestamp (pcapng Simple Packet Block). */
  time: string | null;
  len: number;
  caplen: number;
  src?: string;
  dst?: string;
  proto: string;
  info: string;
  tcp?: TcpRecord;
  udp?: { sport: number; dport: number; len: number };
  analysis?: string[];
  comments?: string[];
  /** The encapsulations the fields above were found inside, outermost first (src/dst: the IP packet carrying each). */
  tunnel?: TunnelHop[];
}

/** The `packets --json` object for packet i (the CLI contract); `extras` adds the sequence analysis' numbers. */
export function packetRecord(capture: Capture, i: number, extras?: TcpAnalysisExtras): PacketRecord {
  const ix = capture.index;
  const row: DecodedRow = decodeRow(capture, i);
  const { protocol, info } = summarize(capture, i, row);
  const rec: PacketRecord = {
    no: i + 1,
    time: packetEpoch(ix, i) ?? null,
    len: ix.frameLen(i),
    caplen: ix.frameCapLen(i),
    proto: protocol,
    info,
  };
  const fam = ix.addresses.family(ix.src[i]);
  if (fam === AddressFamily.IPv4 || fam === AddressFamily.IPv6) {
    rec.src = ix.addresses.text(ix.src[i]);
    rec.dst = ix.addresses.text(ix.dst[i]);
  }
  const p = ix.proto[i];
  if (ix.stream[i] >= 0 && (p === ProtoCode.Tcp || p === ProtoCode.Http || p === ProtoCode.Tls)) {
    const { seq, ack } = relativeSeqAck(ix, i);
    const m = ix.optMask[i];
    const tcp: TcpRecord = {
      sport: ix.sport[i],
      dport: ix.dport[i],
      stream: ix.stream[i],
      flags: ix.flags[i] & 0x0fff,
      // Without the ACK flag the field acknowledges nothing: tshark's tcp.ack is then the raw value (flagged when not 0).
      seq,
      ack: ix.flags[i] & TH_ACK ? ack : ix.ack[i],
      seqRaw: ix.seq[i],
      ackRaw: ix.ack[i],
      win: ix.win[i],
      len: ix.payloadLen(i),
    };
    if (m & OPT_MSS) tcp.mss = row.f.mss;
    if (m & OPT_WSCALE) tcp.wscale = row.f.wscale;
    if (m & OPT_SACK_PERM) tcp.sackPerm = true;
    if (m & OPT_TIMESTAMP) {
      tcp.tsval = row.f.tsval;
      tcp.tsecr = row.f.tsecr;
    }
    if (extras) {
      const rtt = ackRttOf(ix, extras, i);
      if (rtt !== undefined) {
        tcp.ackRtt = rtt;
        tcp.acksFrame = extras.acksFrame[i] + 1;
      }
      if (extras.bytesInFlight[i]) tcp.bytesInFlight = extras.bytesInFlight[i];
      const dup = extras.dupAck.get(i);
      if (dup) {
        tcp.dupAckNum = dup[0];
        tcp.dupAckFrame = dup[1] + 1;
      }
    }
    rec.tcp = tcp;
  } else if (p === ProtoCode.Tcp && row.f.hasPorts && !row.f.fixedHeader) {
    rec.tcp = { sport: row.f.sport, dport: row.f.dport, cut: true };
  } else if (ix.stream[i] >= 0) {
    rec.udp = { sport: ix.sport[i], dport: ix.dport[i], len: ix.payloadLen(i) + 8 };
  }
  if (ix.isEncapsulated(i)) rec.tunnel = tunnelHops(row.linkType, row.view, row.bytes.length, ix.origLen[i]);
  const a = analysisNames(ix.analysis[i]);
  if (a.length) rec.analysis = a;
  const c = ix.comments.get(i);
  if (c) rec.comments = c;
  return rec;
}
