import type { Capture } from '../capture/openCapture';
import { ProtoCode } from '../decode/fields';
import type { ZeekState } from '../flows/flowTypes';
import { buildTcpFlows } from '../flows/tcpConversations';
import { analyzeTcpSequences, isTcpProto } from '../flows/tcpSequenceAnalysis';
import { buildUdpFlows, zeekFlipsUdp } from '../flows/udpConversations';
import { PF_DIRECTION_B } from '../index/packetIndex';
import { captureSackReader } from '../summary/tcpInfo';
import { connUid } from './connUid';
import { icmpCounterpart } from './icmpCounterpart';
import { ipLengthsOf } from './ipLengths';

/** One conn.log entry with Zeek's meanings (base/protocols/conn/main.zeek); undefined = unset ("-"). */
export interface ConnRecord {
  /** Seconds since the epoch of the first packet, as Zeek's double (microseconds, as libpcap gives them). */
  ts: number | undefined;
  uid: string;
  origH: string;
  origP: number;
  respH: string;
  respP: number;
  proto: 'tcp' | 'udp' | 'icmp';
  /** Application protocols detected in the payload, comma-separated (http, ssl, dns). */
  service: string | undefined;
  /** Set, with orig_bytes and resp_bytes, only when the connection lasted longer than 0 s (as Zeek). */
  duration: number | undefined;
  origBytes: number | undefined;
  respBytes: number | undefined;
  connState: ZeekState | undefined;
  missedBytes: number;
  history: string | undefined;
  origPkts: number;
  origIpBytes: number;
  respPkts: number;
  respIpBytes: number;
}

const SERVICE_HTTP = 1,
  SERVICE_SSL = 2,
  SERVICE_DNS = 4;

/**
 * Every TCP, UDP and ICMP connection of a capture as Zeek's conn.log has it, in the order of their
 * first packets. TCP state, history, orig_bytes/resp_bytes (by sequence numbers: TCP_Endpoint::Size)
 * and missed_bytes come from the Zeek TCP tracker the flows already run; packets and IP bytes per
 * side from one pass over the index and the IP total lengths (ipLengths.ts); ICMP connections are
 * Zeek's (type and counterpart, icmpCounterpart.ts), not our per-address-pair ICMP flows.
 */
export function connLog(capture: Capture): ConnRecord[] {
  const ix = capture.index;
  const extras = analyzeTcpSequences(ix, captureSackReader(capture));
  const tcp = buildTcpFlows(capture, extras, false);
  const udp = buildUdpFlows(capture);
  const ip = ipLengthsOf(capture);
  const nT = ix.tcpStreams.count;
  const nU = ix.udpStreams.count;

  // Connection ids: TCP streams, then UDP streams, then ICMP connections as they appear.
  const icmpIds = new Map<string, number>();
  const icmpEnds: Array<{ origH: string; origP: number; respH: string; respP: number; src: number }> = [];
  const counts: number[] = [];
  const grow = (id: number): void => {
    while (counts.length < (id + 1) * 8) counts.push(0);
  };
  // Per connection: [first, last timed packet, pkts orig-side A, pkts B, ip bytes A, ip bytes B, payload A, payload B]
  const FIRST = 0,
    LAST = 1,
    PKTS = 2,
    IPB = 4,
    PAY = 6;
  const firstPacket: number[] = [];
  const service: number[] = [];
  const firstDir: number[] = [];
  grow(nT + nU);
  for (let id = 0; id < nT + nU; id++) {
    counts[id * 8 + FIRST] = counts[id * 8 + LAST] = -1;
    firstPacket[id] = -1;
    service[id] = 0;
  }
  for (let i = 0; i < ix.count; i++) {
    const p = ix.proto[i];
    const s = ix.stream[i];
    let id: number;
    let d = ix.flags[i] & PF_DIRECTION_B ? 1 : 0;
    let payload = ix.payloadLen(i);
    if (s >= 0 && isTcpProto(p)) {
      id = s;
      if (p === ProtoCode.Http) service[id] |= SERVICE_HTTP;
      else if (p === ProtoCode.Tls) service[id] |= SERVICE_SSL;
    } else if (s >= 0 && (p === ProtoCode.Udp || p === ProtoCode.Dns)) {
      id = nT + s;
      if (p === ProtoCode.Dns) service[id] |= SERVICE_DNS;
    } else if (p === ProtoCode.Icmp || p === ProtoCode.Icmpv6) {
      // The port columns hold an ICMP packet's type and code.
      const v6 = p === ProtoCode.Icmpv6;
      const type = ix.sport[i];
      const { port } = icmpCounterpart(v6, type, ix.dport[i]);
      const src = ix.addresses.text(ix.src[i]),
        dst = ix.addresses.text(ix.dst[i]);
      const here = `${src}|${type}`,
        there = `${dst}|${port}`;
      const key = `${v6 ? 6 : 4}|${here < there ? `${here}|${there}` : `${there}|${here}`}`;
      let k = icmpIds.get(key);
      if (k === undefined) {
        k = nT + nU + icmpEnds.length;
        icmpIds.set(key, k);
        icmpEnds.push({ origH: src, origP: type, respH: dst, respP: port, src: ix.src[i] });
        grow(k);
        counts[k * 8 + FIRST] = counts[k * 8 + LAST] = -1;
        firstPacket[k] = -1;
        service[k] = 0;
      }
      id = k;
      d = ix.src[i] === icmpEnds[k - nT - nU].src ? 0 : 1;
      // ICMPAnalyzer: the bytes after the 8-byte ICMP header.
      payload = Math.max(0, ip.total[i] - ip.header[i] - 8);
    } else continue;
    const b = id * 8;
    if (firstPacket[id] < 0) {
      firstPacket[id] = i;
      firstDir[id] = d;
    }
    if (ix.hasTime(i)) {
      if (counts[b + FIRST] < 0) counts[b + FIRST] = i;
      counts[b + LAST] = i;
    }
    counts[b + PKTS + d]++;
    counts[b + IPB + d] += ip.total[i];
    counts[b + PAY + d] += payload;
  }

  const out: Array<ConnRecord & { first: number }> = [];
  const record = (id: number, proto: ConnRecord['proto'], origDir: number, ends: { origH: string; origP: number; respH: string; respP: number }) => {
    const b = id * 8;
    const first = counts[b + FIRST],
      last = counts[b + LAST];
    const ts = first >= 0 ? zeekTime(capture, first) : undefined;
    const duration = first >= 0 ? zeekTime(capture, last) - ts! : 0;
    const r: ConnRecord & { first: number } = {
      first: firstPacket[id],
      ts,
      uid: connUid(proto, ends.origH, ends.origP, ends.respH, ends.respP, ts === undefined ? '-' : ts.toFixed(6)),
      ...ends,
      proto,
      service: serviceText(service[id]),
      duration: duration > 0 ? duration : undefined,
      origBytes: undefined,
      respBytes: undefined,
      connState: undefined,
      missedBytes: 0,
      history: undefined,
      origPkts: counts[b + PKTS + origDir],
      origIpBytes: counts[b + IPB + origDir],
      respPkts: counts[b + PKTS + (origDir ^ 1)],
      respIpBytes: counts[b + IPB + (origDir ^ 1)],
    };
    if (r.duration !== undefined) {
      r.origBytes = counts[b + PAY + origDir];
      r.respBytes = counts[b + PAY + (origDir ^ 1)];
    }
    out.push(r);
    return r;
  };

  const t = ix.tcpStreams;
  for (const f of tcp) {
    const s = f.stream;
    const origDir = f.summary.zeekOriginator === 'server' ? f.clientDir ^ 1 : f.clientDir;
    const r = record(s, 'tcp', origDir, endsOf(capture, t, s, origDir));
    r.connState = f.summary.state;
    r.history = f.summary.history;
    if (f.zeekBytes) {
      r.missedBytes = f.zeekBytes.missed;
      if (r.duration !== undefined) {
        r.origBytes = f.zeekBytes.orig;
        r.respBytes = f.zeekBytes.resp;
      }
    }
  }
  const u = ix.udpStreams;
  for (const f of udp) {
    const s = f.stream;
    const i = firstPacket[nT + s];
    if (i < 0) continue;
    const origDir = zeekFlipsUdp(ix.sport[i], ix.dport[i]) ? firstDir[nT + s] ^ 1 : firstDir[nT + s];
    const r = record(nT + s, 'udp', origDir, endsOf(capture, u, s, origDir));
    r.connState = f.state;
    r.history = f.history;
  }
  icmpEnds.forEach((ends, k) => {
    const r = record(nT + nU + k, 'icmp', 0, ends);
    // ICMP connections have no state machine: conn_state is always OTH, and no history is kept.
    r.connState = 'OTH';
  });
  out.sort((a, b) => a.first - b.first);
  return out.map(({ first, ...r }) => {
    void first;
    return r;
  });
}

/** The originator's and responder's address and port, from a stream table's A/B sides. */
function endsOf(
  capture: Capture,
  table: { aAddr: Uint32Array; bAddr: Uint32Array; aPort: Uint16Array; bPort: Uint16Array },
  s: number,
  origDir: number,
): { origH: string; origP: number; respH: string; respP: number } {
  const a = { h: capture.index.addresses.text(table.aAddr[s]), p: table.aPort[s] };
  const b = { h: capture.index.addresses.text(table.bAddr[s]), p: table.bPort[s] };
  const [o, r] = origDir === 0 ? [a, b] : [b, a];
  return { origH: o.h, origP: o.p, respH: r.h, respP: r.p };
}

/**
 * A packet's time as Zeek holds it: a double of seconds plus microseconds over 1e6, because libpcap
 * hands Zeek microseconds (a nanosecond capture's fraction is truncated to them).
 */
function zeekTime(capture: Capture, i: number): number {
  const ix = capture.index;
  return ix.seconds(i) + Math.floor(ix.nsec[i] / 1000) / 1e6;
}

function serviceText(bits: number): string | undefined {
  const names: string[] = [];
  if (bits & SERVICE_DNS) names.push('dns');
  if (bits & SERVICE_HTTP) names.push('http');
  if (bits & SERVICE_SSL) names.push('ssl');
  return names.length ? names.join(',') : undefined;
}
