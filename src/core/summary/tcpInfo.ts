import type { PacketIndex } from '../index/packetIndex';
import { PF_DIRECTION_B } from '../index/packetIndex';
import { analysisInfoTags } from '../index/analysisFlags';
import { TH_ACK, TH_URG, tcpFlagsText } from '../decode/tcp';
import type { TcpOption } from '../decode/tcpOptions';
import { parseTcpOptions, TCPOPT_MSS, TCPOPT_SACK, TCPOPT_SACK_PERM, TCPOPT_TFO, TCPOPT_TIMESTAMP, TCPOPT_WSCALE } from '../decode/tcpOptions';
import type { Capture } from '../capture/openCapture';
import type { SackReader } from '../flows/tcpSequenceAnalysis';
import { effectiveWindow, windowScaleFactor } from '../verdicts/windowScaling';
import type { DecodedRow } from './decodedRow';
import { decodeRow } from './decodedRow';

/** Relative seq/ack of packet i, as tshark prints tcp.seq / tcp.ack. */
export function relativeSeqAck(index: PacketIndex, i: number): { seq: number; ack: number } {
  const s = index.stream[i];
  const dir = index.flags[i] & PF_DIRECTION_B ? 1 : 0;
  const t = index.tcpStreams;
  const seq = t.relative(s, dir, index.seq[i], i);
  const ack = index.flags[i] & TH_ACK ? t.relative(s, dir ^ 1, index.ack[i], i) : 0;
  return { seq, ack };
}

export function tcpOptionsOf(row: DecodedRow): TcpOption[] {
  const f = row.f;
  if (f.l4Off < 0 || f.payloadOff < 0) return [];
  const end = Math.min(f.payloadOff, row.bytes.length);
  return f.l4Off + 20 < end ? parseTcpOptions(row.view, f.l4Off + 20, end, end < f.payloadOff) : [];
}

/** Option text as Wireshark appends it to Info: "MSS=1460 SACK_PERM TSval=… TSecr=… WS=128". */
export function tcpOptionsInfo(options: TcpOption[], index: PacketIndex, i: number): string {
  const parts: string[] = [];
  const s = index.stream[i];
  const rev = index.flags[i] & PF_DIRECTION_B ? 0 : 1;
  for (const o of options) {
    if (o.malformed || o.truncated) continue;
    switch (o.kind) {
      case TCPOPT_MSS:
        parts.push(`MSS=${o.mss}`);
        break;
      case TCPOPT_WSCALE:
        parts.push(`WS=${windowScaleFactor(o.shift ?? 0)}`);
        break;
      case TCPOPT_SACK_PERM:
        parts.push('SACK_PERM');
        break;
      case TCPOPT_TIMESTAMP:
        parts.push(`TSval=${o.tsval} TSecr=${o.tsecr}`);
        break;
      case TCPOPT_SACK:
        // SACK edges are the peer's sequence numbers, shown relative to the peer's base.
        for (const [l, r] of o.blocks ?? []) parts.push(`SLE=${index.tcpStreams.relative(s, rev, l, i)} SRE=${index.tcpStreams.relative(s, rev, r, i)}`);
        break;
      case TCPOPT_TFO:
        parts.push(o.cookie ? `TFO=C` : 'TFO=R');
        break;
    }
  }
  return parts.join(' ');
}

/** Wireshark's TCP Info: "51234 → 80 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 …". */
export function tcpInfo(index: PacketIndex, row: DecodedRow): string {
  const i = row.i;
  // Header cut before its flags: tshark shows the ports that were captured and nothing it cannot know.
  if (index.stream[i] < 0) return `${index.sport[i]} → ${index.dport[i]}`;
  const flags = index.flags[i] & 0x0fff;
  const { seq, ack } = relativeSeqAck(index, i);
  const win = effectiveWindow(index, i).bytes;
  const tags = index.analysis[i] ? analysisInfoTags(index.analysis[i], index.dupAcks.get(i)) : '';
  let info = `${tags}${index.sport[i]} → ${index.dport[i]} [${tcpFlagsText(flags)}] Seq=${seq}`;
  if (flags & TH_ACK) info += ` Ack=${ack}`;
  info += ` Win=${win}`;
  if (flags & TH_URG) info += ` Urg=${row.view.getUint16(row.f.l4Off + 18)}`;
  info += ` Len=${index.payloadLen(i)}`;
  const opts = tcpOptionsInfo(tcpOptionsOf(row), index, i);
  return opts ? `${info} ${opts}` : info;
}

/** Reads packets' SACK blocks from their bytes, for the sequence analysis's bytes in flight. */
export function captureSackReader(capture: Capture): SackReader {
  return (i) => tcpOptionsOf(decodeRow(capture, i)).find((o) => o.kind === TCPOPT_SACK && !o.malformed)?.blocks ?? [];
}
