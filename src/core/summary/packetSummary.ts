import type { Capture } from '../capture/openCapture';
import type { PacketFields } from '../decode/fields';
import { startsHttpMessage } from '../decode/application';
import { ProtoCode } from '../decode/fields';
import { linkTypeName } from '../decode/linkTypes';
import { PF_FRAGMENT } from '../index/packetIndex';
import { reassemblyProblemText } from './reassemblyText';
import { payloadNotHandedOn } from '../verdicts/payloadHandedOn';
import { dnsInfo, httpInfo, tlsInfo, tlsSessionVersion } from './appInfo';
import { arpInfo } from './arpInfo';
import type { DecodedRow } from './decodedRow';
import { decodeRow } from './decodedRow';
import { decryptedTlsSummary } from './decryptedTlsInfo';
import { icmpInfo, icmpRow } from './icmpInfo';
import { linkSummary } from './linkSummary';
import { igmpSummary, pimProtocol } from './multicastInfo';
import { tcpInfo } from './tcpInfo';
import { udpEncapSummary } from './udpEncapInfo';

export interface PacketSummary {
  protocol: string;
  info: string;
}

const IP_PROTOCOL_NAMES: Record<number, string> = {
  2: 'IGMP',
  4: 'IPIP',
  41: 'IPv6',
  47: 'GRE',
  50: 'ESP',
  51: 'AH',
  89: 'OSPF',
  103: 'PIM',
  112: 'VRRP',
  132: 'SCTP',
};

function ipProtoName(p: number): string {
  return IP_PROTOCOL_NAMES[p] ?? ({ 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMPv6' } as Record<number, string>)[p] ?? `${p}`;
}

/**
 * A segment named HTTP for its conversation, not its bytes (see TcpStreamTable.httpContinues): Wireshark's
 * "Continuation". A message start whose headers go on in the next segment keeps the TCP Info.
 */
function httpContinuationInfo(row: DecodedRow): string | undefined {
  const f = row.f;
  if (f.payloadOff < 0 || startsHttpMessage(row.view, f.payloadOff, Math.min(row.bytes.length, f.l4End))) return undefined;
  return 'Continuation';
}

/** Protocol and Info columns for packet i, computed on demand from its bytes. */
export function summarize(capture: Capture, i: number, row: DecodedRow = decodeRow(capture, i)): PacketSummary {
  const ix = capture.index;
  const f = row.f;
  const udpInfo = () => `${ix.sport[i]} → ${ix.dport[i]} Len=${ix.payloadLen(i)}`;
  if (ix.flags[i] & PF_FRAGMENT && ix.fragments.datagramEndingAt(i) < 0) return fragmentSummary(capture, i, f);
  switch (ix.proto[i] as ProtoCode) {
    case ProtoCode.Tcp:
      return (!payloadNotHandedOn(ix.analysis[i]) && decryptedTlsSummary(capture, i, row)) || { protocol: 'TCP', info: tcpInfo(ix, row) };
    case ProtoCode.Http:
      if (payloadNotHandedOn(ix.analysis[i])) return { protocol: 'TCP', info: tcpInfo(ix, row) };
      return { protocol: 'HTTP', info: httpInfo(row) ?? httpContinuationInfo(row) ?? tcpInfo(ix, row) };
    case ProtoCode.Tls: {
      if (payloadNotHandedOn(ix.analysis[i])) return { protocol: 'TCP', info: tcpInfo(ix, row) };
      const decrypted = decryptedTlsSummary(capture, i, row);
      if (decrypted) return decrypted;
      const t = tlsInfo(
        row,
        tlsSessionVersion(capture, ix.stream[i], (k) => decodeRow(capture, k)),
      );
      return t ?? { protocol: 'TCP', info: tcpInfo(ix, row) };
    }
    case ProtoCode.Udp:
      return udpEncapSummary(row, ix.sport[i], ix.dport[i]) ?? { protocol: 'UDP', info: udpInfo() };
    case ProtoCode.Dns: {
      const d = dnsInfo(row);
      return d ? { protocol: 'DNS', info: d } : { protocol: 'UDP', info: udpInfo() };
    }
    case ProtoCode.Icmp:
      return { protocol: 'ICMP', info: icmpInfo(capture, icmpRow(capture, i)) };
    case ProtoCode.Icmpv6:
      return { protocol: 'ICMPv6', info: icmpInfo(capture, icmpRow(capture, i)) };
    case ProtoCode.Arp: {
      return { protocol: 'ARP', info: arpInfo(row, row.f.netOff) };
    }
    case ProtoCode.Igmp:
      return igmpSummary(row);
    case ProtoCode.OtherIp:
      return { protocol: f.ipProto === 103 ? pimProtocol(row) : ipProtoName(f.ipProto), info: `IP protocol ${f.ipProto}` };
    case ProtoCode.IPv4:
    case ProtoCode.IPv6:
      return { protocol: ix.proto[i] === ProtoCode.IPv4 ? 'IPv4' : 'IPv6', info: f.malformed ? 'Malformed or truncated IP header' : 'IP packet' };
    case ProtoCode.Link: {
      const s = linkSummary(row.view, f, row.linkType, ix.origLen[i]);
      return { protocol: s.protocol, info: s.info };
    }
    case ProtoCode.Ethernet:
      return { protocol: 'Ethernet', info: f.etherType ? `Ethertype 0x${f.etherType.toString(16).padStart(4, '0')}` : 'IEEE 802.3 / LLC frame' };
    default:
      return { protocol: row.linkType >= 0 ? linkTypeName(row.linkType) : 'Unknown', info: `${ix.frameLen(i)} bytes` };
  }
}

/**
 * A fragment that did not complete its datagram, in tshark's words; two-pass tshark (and
 * Wireshark) add where an IPv4 datagram was reassembled. A datagram given up on says why.
 */
function fragmentSummary(capture: Capture, i: number, f: PacketFields): PacketSummary {
  const outcome = capture.index.fragments.outcome(i);
  let note = '';
  if (outcome && 'datagram' in outcome) {
    if (f.ipVersion === 4) note = ` [Reassembled in #${capture.index.fragments.datagramLastPacket(outcome.datagram) + 1}]`;
  } else if (outcome) note = ` [${reassemblyProblemText(outcome.gaveUp)}]`;
  const proto = f.ipProto;
  if (f.ipVersion === 6) {
    return {
      protocol: 'IPv6',
      info: `IPv6 fragment (off=${f.fragOffset} more=${f.moreFragments ? 'y' : 'n'} ident=0x${f.ipId.toString(16).padStart(8, '0')} nxt=${proto})${note}`,
    };
  }
  return {
    protocol: 'IPv4',
    info: `Fragmented IP protocol (proto=${ipProtoName(proto)} ${proto}, off=${f.fragOffset}, ID=${f.ipId.toString(16).padStart(4, '0')})${note}`,
  };
}
