import type { Capture } from '../../core/capture/openCapture';
import { ProtoCode } from '../../core/decode/fields';
import { TH_FIN, TH_RST, TH_SYN } from '../../core/decode/tcp';
import { analysisBit } from '../../core/index/analysisFlags';
import { PF_MALFORMED } from '../../core/index/packetIndex';
import { tcpOptionTips } from '../../core/knowledge/tcpOptionTips';
import { decodeRow } from '../../core/summary/decodedRow';
import { summarize } from '../../core/summary/packetSummary';
import { tcpOptionsOf } from '../../core/summary/tcpInfo';
import { packetDelta, packetIso, packetRelative } from '../../core/summary/timeText';
import type { CaptureVerdicts } from '../../core/verdicts/captureVerdicts';
import type { PacketRow, RowColor, Severity } from '../../protocol';

// Wireshark's "Bad TCP" colouring rule: tcp.analysis.flags && !window_update && !keep_alive && !keep_alive_ack.
const NOT_BAD = analysisBit('window_update') | analysisBit('keep_alive') | analysisBit('keep_alive_ack') | analysisBit('reused_ports');

/** ICMP types that report an error (RFC 792 / RFC 4443), coloured like Wireshark's "ICMP errors". */
function isIcmpError(proto: number, type: number): boolean {
  if (proto === ProtoCode.Icmp) return type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
  return type >= 1 && type <= 4;
}

export function rowColor(capture: Capture, i: number): RowColor {
  const ix = capture.index;
  const flags = ix.flags[i];
  const p = ix.proto[i] as ProtoCode;
  if (flags & PF_MALFORMED || ix.analysis[i] & ~NOT_BAD) return 'bad';
  switch (p) {
    case ProtoCode.Tcp:
    case ProtoCode.Http:
    case ProtoCode.Tls:
    case ProtoCode.Dns:
      if (p !== ProtoCode.Dns || (flags & 0x0fff) !== 0) {
        if (flags & TH_RST) return 'rst';
        if (flags & (TH_SYN | TH_FIN)) return 'synfin';
      }
      return p === ProtoCode.Http ? 'http' : p === ProtoCode.Tls ? 'tls' : p === ProtoCode.Dns ? 'dns' : 'tcp';
    case ProtoCode.Udp:
      return 'udp';
    case ProtoCode.Icmp:
    case ProtoCode.Icmpv6:
      return isIcmpError(p, ix.sport[i]) ? 'icmperr' : 'icmp';
    case ProtoCode.Arp:
      return 'arp';
    default:
      return 'other';
  }
}

/** The Time column of a packet whose record has none (pcapng Simple Packet Block); tshark leaves it blank. */
export const NO_TIMESTAMP = 'no timestamp';

/** Builds display rows for a window of the view; the only place row text is made. */
export class RowBuilder {
  private readonly digits: number;
  private marks = new Map<number, Severity>();
  private verdicts: CaptureVerdicts | undefined;

  constructor(
    private readonly capture: Capture,
    private readonly userMarks?: { has(packet: number): boolean },
  ) {
    const ifs = capture.index.interfaces;
    // Show the precision the file has: microsecond pcap gets 6 digits, like Wireshark.
    this.digits = ifs.length > 0 && ifs.every((f) => f.tsResolution === 'microseconds') ? 6 : 9;
  }

  /** After the analysis: evidence marks by packet (0-based), and the verdicts option tips render. */
  setAnalysis(marks: Map<number, Severity>, verdicts: CaptureVerdicts): void {
    this.marks = marks;
    this.verdicts = verdicts;
  }

  /** Rows for packets[start..end) of a view; `prev` is the packet shown just above (-1 if none). */
  rows(packets: ArrayLike<number> | undefined, start: number, end: number): PacketRow[] {
    const ix = this.capture.index;
    const out: PacketRow[] = [];
    const at = (k: number) => (packets ? packets[k] : k);
    for (let k = start; k < end; k++) {
      const i = at(k);
      // Delta to the nearest shown row above that has a timestamp (tshark 4.0 would count from 1970).
      let prev = i;
      if (ix.hasTime(i))
        for (let q = k - 1; q >= 0; q--)
          if (ix.hasTime(at(q))) {
            prev = at(q);
            break;
          }
      const decoded = decodeRow(this.capture, i);
      const { protocol, info } = summarize(this.capture, i, decoded);
      const row: PacketRow = {
        packet: i,
        abs: this.time(packetIso(ix, i)?.replace('T', ' ').replace('Z', '')),
        rel: this.time(packetRelative(ix, i)),
        delta: this.time(packetDelta(ix, i, prev)),
        src: ix.addresses.text(ix.src[i]),
        dst: ix.addresses.text(ix.dst[i]),
        protocol,
        length: ix.frameLen(i),
        info,
        color: rowColor(this.capture, i),
      };
      const mark = this.marks.get(i);
      if (mark) row.mark = mark;
      if (this.userMarks?.has(i)) row.marked = true;
      if (ix.comments.has(i)) row.commented = true;
      const p = ix.proto[i];
      if (ix.stream[i] >= 0 && (p === ProtoCode.Tcp || p === ProtoCode.Http || p === ProtoCode.Tls)) {
        row.stream = ix.stream[i];
        const options = tcpOptionsOf(decoded);
        if (options.length) {
          const tips = tcpOptionTips(this.capture, i, this.verdicts, options).filter((t) => info.includes(t.token));
          if (tips.length) row.tips = tips.map(({ token, tip, warn }) => (warn ? { token, tip, warn } : { token, tip }));
        }
      }
      out.push(row);
    }
    return out;
  }

  /** A Time column text at the file's precision; a packet without timestamp says so. */
  private time(t: string | undefined): string {
    if (t === undefined) return NO_TIMESTAMP;
    return this.digits === 9 ? t : t.replace(/(\.\d{6})\d{3}/, '$1');
  }
}
