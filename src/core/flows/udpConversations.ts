import type { Capture } from '../capture/openCapture';
import { ProtoCode } from '../decode/fields';
import { ChecksumVerdict } from '../decode/transportChecksum';
import { PF_DIRECTION_B } from '../index/packetIndex';
import { TimedSpans } from './timedSpans';
import { endpointText } from './endpointText';
import type { FlowSummary, ZeekState } from './flowTypes';
import { HistoryKind, Letter, ScaledCounts, ScaledKind, ZeekHistory } from './zeekHistory';

const ZEEK_FLIPPED = 1;
const ZEEK_ORIG_DATA = 2;
const ZEEK_RESP_DATA = 4;
/** The responder's first datagram came before the originator's. */
const ZEEK_RESP_FIRST = 8;

/**
 * A service port for UDP: the client is the first sender unless it uses one and the other side does
 * not (Zeek's UDPAnalyzer::WantConnection rule, with this range standing in for its likely_server_ports).
 */
function udpServerPort(port: number): boolean {
  return port < 1024;
}

/** Whether Zeek makes the receiver of a UDP conversation's first datagram its originator. */
export function zeekFlipsUdp(srcPort: number, dstPort: number): boolean {
  return udpServerPort(srcPort) && !udpServerPort(dstPort);
}

/**
 * UDP conversations (udp.stream); the client is the first sender unless it uses a service port.
 * Zeek's view of each (UDPAnalyzer, UDPSessionAdapter): the same originator rule
 * (UDPAnalyzer::WantConnection, '^' when it flips), D/d once per side for a datagram, C/c (scaled)
 * for a bad checksum when `badChecksums` is given (findBadChecksums), whose datagram then does not
 * count; conn_state S0 (only the originator sent), SF (both), SHR (only the responder), else OTH.
 */
export function buildUdpFlows(capture: Capture, badChecksums?: Uint8Array): FlowSummary[] {
  const ix = capture.index;
  const u = ix.udpStreams;
  const n = u.count;
  const first = new Int32Array(n).fill(-1),
    last = new Int32Array(n);
  const pkts = new Float64Array(n * 2),
    bytes = new Float64Array(n * 2),
    payload = new Float64Array(n * 2);
  // Zeek's view: originator direction (-1 before its first packet) and the ZEEK_* bits, enough for the
  // history of a conversation without bad checksums; one with some gets a ZeekHistory at the first.
  const zeekOrig = new Int8Array(n).fill(-1);
  const zeek = new Uint8Array(n);
  let withChecksumErrors: Map<number, { history: ZeekHistory; counts: [ScaledCounts, ScaledCounts] }> | undefined;
  const spans = new TimedSpans(ix, n);
  for (let i = 0; i < ix.count; i++) {
    const p = ix.proto[i];
    const s = ix.stream[i];
    if (s < 0 || (p !== ProtoCode.Udp && p !== ProtoCode.Dns)) continue;
    if (first[s] < 0) first[s] = i;
    last[s] = i;
    spans.add(s, i);
    const d = ix.flags[i] & PF_DIRECTION_B ? 1 : 0;
    const k = s * 2 + d;
    pkts[k]++;
    bytes[k] += ix.origLen[i];
    payload[k] += ix.payloadLen(i);

    const bad = badChecksums ? badChecksums[i] : 0;
    if (bad === ChecksumVerdict.BadIp) continue;
    if (zeekOrig[s] < 0) {
      zeekOrig[s] = d;
      if (zeekFlipsUdp(ix.sport[i], ix.dport[i])) {
        zeekOrig[s] = d ^ 1;
        zeek[s] |= ZEEK_FLIPPED;
      }
    }
    const isOrig = d === zeekOrig[s];
    if (bad === ChecksumVerdict.BadTransport) {
      const e = (withChecksumErrors ??= new Map()).get(s) ?? startChecksumHistory(withChecksumErrors, s, zeek[s]);
      if (e.counts[isOrig ? 0 : 1].hit(ScaledKind.Checksum)) e.history.add(Letter.C, isOrig);
      continue;
    }
    withChecksumErrors?.get(s)?.history.once(HistoryKind.Data, Letter.D, isOrig);
    if (!(zeek[s] & (isOrig ? ZEEK_ORIG_DATA : ZEEK_RESP_DATA))) {
      zeek[s] |= isOrig ? ZEEK_ORIG_DATA : ZEEK_RESP_DATA;
      if (!isOrig && !(zeek[s] & ZEEK_ORIG_DATA)) zeek[s] |= ZEEK_RESP_FIRST;
    }
  }
  const out: FlowSummary[] = [];
  for (let s = 0; s < n; s++) {
    if (first[s] < 0) continue;
    // A first sender on a low port talking to a high one is the server answering.
    const cd = udpServerPort(u.aPort[s]) && !udpServerPort(u.bPort[s]) ? 1 : 0;
    const sd = cd ^ 1;
    const f = first[s],
      l = last[s];
    const flow: FlowSummary = {
      transport: 'udp',
      stream: s,
      clientBy: 'port',
      client: endpointText(ix, cd ? u.bAddr[s] : u.aAddr[s], cd ? u.bPort[s] : u.aPort[s]),
      server: endpointText(ix, cd ? u.aAddr[s] : u.bAddr[s], cd ? u.aPort[s] : u.bPort[s]),
      state: zeekOrig[s] < 0 ? undefined : udpState(zeek[s]),
      history: zeekOrig[s] < 0 ? undefined : (withChecksumErrors?.get(s)?.history.text ?? udpHistory(zeek[s])),
      outcome: 'udp',
      packets: { client: pkts[s * 2 + cd], server: pkts[s * 2 + sd] },
      bytes: { client: bytes[s * 2 + cd], server: bytes[s * 2 + sd] },
      payload: { client: payload[s * 2 + cd], server: payload[s * 2 + sd] },
      start: spans.start(s),
      duration: spans.duration(s),
      firstFrame: f + 1,
      lastFrame: l + 1,
    };
    if (zeekOrig[s] >= 0 && zeekOrig[s] !== cd) flow.zeekOriginator = 'server';
    out.push(flow);
  }
  return out;
}

/** conn_state for UDP (base/protocols/conn/main.zeek): who sent a datagram Zeek accepted. */
function udpState(bits: number): ZeekState {
  if (bits & ZEEK_ORIG_DATA) return bits & ZEEK_RESP_DATA ? 'SF' : 'S0';
  return bits & ZEEK_RESP_DATA ? 'SHR' : 'OTH';
}

/** The history of a conversation without checksum errors: '^' if flipped, then D and d in order. */
function udpHistory(bits: number): string | undefined {
  const data = bits & ZEEK_RESP_FIRST ? (bits & ZEEK_ORIG_DATA ? 'dD' : 'd') : (bits & ZEEK_ORIG_DATA ? 'D' : '') + (bits & ZEEK_RESP_DATA ? 'd' : '');
  return (bits & ZEEK_FLIPPED ? '^' : '') + data || undefined;
}

/** The history so far of a conversation at its first bad checksum, continued letter by letter from there. */
function startChecksumHistory(all: Map<number, { history: ZeekHistory; counts: [ScaledCounts, ScaledCounts] }>, s: number, bits: number) {
  const history = new ZeekHistory();
  if (bits & ZEEK_FLIPPED) history.flipped();
  const first = bits & ZEEK_RESP_FIRST ? ZEEK_RESP_DATA : ZEEK_ORIG_DATA;
  for (const b of [first, first ^ (ZEEK_ORIG_DATA | ZEEK_RESP_DATA)]) {
    if (bits & b) history.once(HistoryKind.Data, Letter.D, b === ZEEK_ORIG_DATA);
  }
  const e = { history, counts: [new ScaledCounts(), new ScaledCounts()] as [ScaledCounts, ScaledCounts] };
  all.set(s, e);
  return e;
}
