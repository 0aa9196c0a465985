import type { Capture } from '../capture/openCapture';
import { OPT_MSS, OPT_SACK_PERM, OPT_TIMESTAMP } from '../decode/fields';
import type { PacketIndex } from '../index/packetIndex';
import { TH_ACK, TH_FIN, TH_RST, TH_SYN } from '../decode/tcp';
import { PF_DIRECTION_B } from '../index/packetIndex';
import { TimedSpans } from './timedSpans';
import { endpointText } from './endpointText';
import { ChecksumVerdict } from '../decode/transportChecksum';
import type { FlowOutcome, FlowSummary, Handshake, HandshakeSegment, OfferedOptions, ZeekState } from './flowTypes';
import { unreachableFor } from './icmpErrors';
import type { TcpAnalysisExtras } from './tcpSequenceAnalysis';
import { isTcpProto } from './tcpSequenceAnalysis';
import { ZeekTcpTracker } from './zeekState';
import { clientDirection } from '../verdicts/roles';
import type { StreamRef } from '../verdicts/streamRef';
import { MAX_CONTROL_PACKETS } from '../verdicts/streamRef';
import { timestampEchoes } from '../verdicts/timestampEcho';
/** A TCP conversation with what diagnosis rules need beyond the summary; the verdicts' StreamRef. */
export interface TcpFlow extends StreamRef {
  summary: FlowSummary;
  stream: number;
  /** Direction index (0 = the stream's A side, 1 = B) of the client (roles.ts). */
  clientDir: number;
  /** 0-based indices of SYN, FIN and RST segments, in order. */
  control: number[];
  /** First packet carrying payload from each side (client, server), -1 when none. */
  firstData: [number, number];
  /** Last packet carrying payload from each side. */
  lastData: [number, number];
  /** Whether a pure ACK from the client completed a handshake. */
  handshakeCompleted: boolean;
  /**
   * Whether the client acknowledged the server's SYN/ACK, also when its own SYN was not captured
   * (the capture started in the middle of the handshake).
   */
  synAckAcked: boolean;
  /** Zeek's conn.log orig_bytes, resp_bytes (by sequence numbers) and missed_bytes; absent when Zeek saw no packet. */
  zeekBytes?: { orig: number; resp: number; missed: number };
}

function offered(ix: PacketIndex, i: number): OfferedOptions {
  const o: OfferedOptions = { sackPerm: (ix.optMask[i] & OPT_SACK_PERM) !== 0, timestamps: (ix.optMask[i] & OPT_TIMESTAMP) !== 0 };
  const k = ix.syns.find(i);
  if (k >= 0 && ix.optMask[i] & OPT_MSS) o.mss = ix.syns.mss[k];
  if (k >= 0 && ix.syns.wscale[k] >= 0) o.wscale = ix.syns.wscale[k];
  return o;
}

/** What each side offered in its first SYN (index of it, or -1 when it sent none). */
function offeredBySide(ix: PacketIndex, clientSyn: number, serverSyn: number): NonNullable<FlowSummary['options']> {
  const o: NonNullable<FlowSummary['options']> = {};
  if (clientSyn >= 0) o.client = offered(ix, clientSyn);
  if (serverSyn >= 0) o.server = offered(ix, serverSyn);
  return o;
}

/** SYN/ACK-progress bits per stream, for the outcome when the client's SYN was not captured. */
const SERVER_SYN_ACK = 1;
const CLIENT_ACKED_SYN_ACK = 2;

/**
 * `detail`: give each summary its handshake and offered options (see AnalysisOptions.flowDetail).
 * `badChecksums` (findBadChecksums): leave packets with a bad checksum out of Zeek's state and
 * history as Zeek does by default; without it, as `zeek -C`.
 */
export function buildTcpFlows(capture: Capture, extras: TcpAnalysisExtras, detail = true, badChecksums?: Uint8Array): TcpFlow[] {
  const ix = capture.index;
  const t = ix.tcpStreams;
  const n = t.count;
  const first = new Int32Array(n).fill(-1);
  const last = new Int32Array(n);
  const clientDir = new Int8Array(n).fill(-1);
  const clientBy: Array<FlowSummary['clientBy']> = new Array(n);
  const pkts = new Float64Array(n * 2),
    bytes = new Float64Array(n * 2),
    payload = new Float64Array(n * 2);
  const control: number[][] = Array.from({ length: n }, () => []);
  const firstData = new Int32Array(n * 2).fill(-1);
  const lastData = new Int32Array(n * 2).fill(-1);
  const synOf = new Int32Array(n * 2).fill(-1);
  const completed = new Int32Array(n).fill(-1);
  const synAck = new Uint8Array(n);
  // A conversation's Zeek tracker lives from its first packet to its last (nextInStream), then
  // leaves its verdict here: a capture of many short connections holds only the open ones.
  const trackers: Array<ZeekTcpTracker | undefined> = new Array(n);
  const zeekState: Array<ZeekState | undefined> = new Array(n);
  const zeekHistory: string[] = new Array(n);
  const zeekOrigDir = new Int8Array(n).fill(-1);
  const zeekBytes = new Float64Array(n * 3);
  const nextInStream = extras.nextInStream;

  const spans = new TimedSpans(ix, n);
  for (let i = 0; i < ix.count; i++) {
    const s = ix.stream[i];
    if (s < 0 || !isTcpProto(ix.proto[i])) continue;
    const d = ix.flags[i] & PF_DIRECTION_B ? 1 : 0;
    const flags = ix.flags[i] & 0x0fff;
    const len = ix.payloadLen(i);
    if (first[s] < 0) {
      first[s] = i;
      const role = clientDirection(flags, d, ix.sport[i], ix.dport[i]);
      clientDir[s] = role.dir;
      clientBy[s] = role.by;
    }
    last[s] = i;
    spans.add(s, i);
    const k = s * 2 + d;
    pkts[k]++;
    bytes[k] += ix.origLen[i];
    payload[k] += len;
    if (len > 0) {
      if (firstData[k] < 0) firstData[k] = i;
      lastData[k] = i;
    }
    if (flags & (TH_SYN | TH_FIN | TH_RST)) {
      if (control[s].length < MAX_CONTROL_PACKETS) control[s].push(i);
      if (flags & TH_SYN && synOf[k] < 0) synOf[k] = i;
    }
    const fromClient = d === clientDir[s];
    if (completed[s] < 0 && completesHandshake(flags, fromClient, synOf[s * 2 + (d ^ 1)], synOf[k])) completed[s] = i;
    if ((flags & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK) && !fromClient) synAck[s] |= SERVER_SYN_ACK;
    else if (synAck[s] & SERVER_SYN_ACK && fromClient && (flags & (TH_SYN | TH_RST | TH_ACK)) === TH_ACK) synAck[s] |= CLIENT_ACKED_SYN_ACK;

    // Zeek drops a packet with a bad IPv4 header checksum before it reaches a connection, and one
    // with a bad TCP checksum after recording it (C/c).
    const bad = badChecksums ? badChecksums[i] : 0;
    if (bad !== ChecksumVerdict.BadIp) {
      let tr = trackers[s];
      if (!tr) tr = trackers[s] = new ZeekTcpTracker(d, flags, ix.sport[i], ix.dport[i]);
      if (bad === ChecksumVerdict.BadTransport) tr.badChecksum(d);
      else tr.packet(d, flags, ix.seq[i], ix.ack[i], ix.win[i], len, ix.caplen[i] >= ix.origLen[i]);
    }
    const tr = trackers[s];
    if (tr && nextInStream[i] < 0) {
      zeekState[s] = tr.state();
      zeekHistory[s] = tr.history.text;
      zeekOrigDir[s] = tr.originatorDir;
      const [orig, resp] = tr.sizes();
      zeekBytes[s * 3] = orig;
      zeekBytes[s * 3 + 1] = resp;
      zeekBytes[s * 3 + 2] = tr.missedBytes;
      trackers[s] = undefined;
    }
  }

  const flows: TcpFlow[] = [];
  for (let s = 0; s < n; s++) {
    if (first[s] < 0) continue;
    const cd = clientDir[s],
      sd = cd ^ 1;
    const cAddr = cd === 0 ? t.aAddr[s] : t.bAddr[s],
      cPort = cd === 0 ? t.aPort[s] : t.bPort[s];
    const sAddr = cd === 0 ? t.bAddr[s] : t.aAddr[s],
      sPort = cd === 0 ? t.bPort[s] : t.aPort[s];
    const f = first[s],
      l = last[s];
    const summary: FlowSummary = {
      transport: 'tcp',
      stream: s,
      client: endpointText(ix, cAddr, cPort),
      server: endpointText(ix, sAddr, sPort),
      clientBy: clientBy[s],
      state: zeekState[s],
      history: zeekHistory[s] || undefined,
      outcome: 'established',
      packets: { client: pkts[s * 2 + cd], server: pkts[s * 2 + sd] },
      bytes: { client: bytes[s * 2 + cd], server: bytes[s * 2 + sd] },
      payload: { client: payload[s * 2 + cd], server: payload[s * 2 + sd] },
      start: spans.start(s),
      duration: spans.duration(s),
      firstFrame: f + 1,
      lastFrame: l + 1,
    };
    if (zeekOrigDir[s] >= 0 && zeekOrigDir[s] !== cd) summary.zeekOriginator = 'server';
    if (!Number.isNaN(extras.irtt[s])) summary.irtt = Math.round(extras.irtt[s] * 1e9) / 1e9;
    const flow: TcpFlow = {
      summary,
      stream: s,
      clientDir: cd,
      control: control[s],
      firstData: [firstData[s * 2 + cd], firstData[s * 2 + sd]],
      lastData: [lastData[s * 2 + cd], lastData[s * 2 + sd]],
      handshakeCompleted: completed[s] >= 0,
      synAckAcked: (synAck[s] & CLIENT_ACKED_SYN_ACK) !== 0,
    };
    if (zeekOrigDir[s] >= 0) flow.zeekBytes = { orig: zeekBytes[s * 3], resp: zeekBytes[s * 3 + 1], missed: zeekBytes[s * 3 + 2] };
    if (detail) Object.assign(summary, detailOf(ix, extras, flow, synOf[s * 2 + cd], synOf[s * 2 + sd], completed[s]));
    summary.outcome = outcomeOf(capture, flow);
    flows.push(flow);
  }
  return flows;
}

/** Whether packet i is the client's pure ACK that completes a handshake both sides sent SYNs for. */
function completesHandshake(flags: number, fromClient: boolean, peerSyn: number, ownSyn: number): boolean {
  return (flags & (TH_SYN | TH_ACK | TH_RST | TH_FIN)) === TH_ACK && fromClient && peerSyn >= 0 && ownSyn >= 0;
}

/**
 * The options each side offered in its first SYN and every attempt of the handshake, for one TCP
 * conversation, walking only its own packets (see AnalysisOptions.flowDetail: the editor asks for
 * the few conversations it shows instead of keeping this for all of them).
 */
export function tcpFlowDetail(ix: PacketIndex, extras: TcpAnalysisExtras, stream: number, clientDir: number): Pick<FlowSummary, 'options' | 'handshake'> {
  const control: number[] = [];
  const synOf = [-1, -1];
  let completed = -1;
  const ref: StreamRef = { stream, clientDir, control, firstData: [-1, -1], lastData: [-1, -1] };
  for (let i = extras.firstInStream[stream]; i >= 0; i = extras.nextInStream[i]) {
    const d = ix.flags[i] & PF_DIRECTION_B ? 1 : 0;
    const flags = ix.flags[i] & 0x0fff;
    if (flags & (TH_SYN | TH_FIN | TH_RST)) {
      if (control.length < MAX_CONTROL_PACKETS) control.push(i);
      if (flags & TH_SYN && synOf[d] < 0) synOf[d] = i;
    }
    if (completed < 0 && completesHandshake(flags, d === clientDir, synOf[d ^ 1], synOf[d])) completed = i;
  }
  return detailOf(ix, extras, ref, synOf[clientDir], synOf[clientDir ^ 1], completed);
}

/** Options and handshake from a conversation's control segments, first SYN per side and final ACK. */
function detailOf(
  ix: PacketIndex,
  extras: TcpAnalysisExtras,
  ref: StreamRef,
  clientSyn: number,
  serverSyn: number,
  finalAck: number,
): Pick<FlowSummary, 'options' | 'handshake'> {
  const out: Pick<FlowSummary, 'options' | 'handshake'> = {};
  if (clientSyn >= 0 || serverSyn >= 0) out.options = offeredBySide(ix, clientSyn, serverSyn);
  const handshake = handshakeOf(ix, extras, ref, finalAck);
  if (handshake) out.handshake = handshake;
  return out;
}

/** The SYNs, SYN/ACKs and early RSTs of a conversation, with their timestamp options and echo verdicts. */
function handshakeOf(ix: PacketIndex, extras: TcpAnalysisExtras, ref: StreamRef, finalAck: number): Handshake | undefined {
  const syns: HandshakeSegment[] = [];
  const synAcks: HandshakeSegment[] = [];
  const resets: number[] = [];
  let t0 = -1,
    at = 0;
  const cd = ref.clientDir;
  // Verdicts come in control order, one per SYN/ACK with a timestamp option.
  const echoes = timestampEchoes(ix, extras, ref);
  let nextEcho = 0;
  for (const i of ref.control) {
    if (finalAck >= 0 && i > finalAck) break;
    const flags = ix.flags[i] & 0x0fff;
    const fromClient = (ix.flags[i] & PF_DIRECTION_B ? 1 : 0) === cd;
    if (flags & TH_RST) {
      if (syns.length || synAcks.length) resets.push(i + 1);
      continue;
    }
    if (!(flags & TH_SYN)) continue;
    // From the first SYN with a timestamp; one without (pcapng Simple Packet Block) keeps the time before it.
    if (ix.hasTime(i)) {
      if (t0 < 0) t0 = i;
      at = Math.round(ix.secondsBetween(t0, i) * 1e6) / 1e6;
    }
    const seg: HandshakeSegment = { frame: i + 1, at };
    if (ix.optMask[i] & OPT_TIMESTAMP) {
      seg.tsval = ix.tsval[i];
      seg.tsecr = ix.syns.tsecr[ix.syns.find(i)];
    }
    if (!(flags & TH_ACK) && fromClient) {
      syns.push(seg);
    } else if (flags & TH_ACK && !fromClient) {
      const echo = echoes[nextEcho]?.synAck === i ? echoes[nextEcho++] : undefined;
      if (echo) {
        seg.echo = echo.kind;
        seg.echoesSyn = echo.conformant === true;
      }
      synAcks.push(seg);
    }
  }
  if (!syns.length && !synAcks.length) return undefined;
  const retryIntervals: number[] = [];
  for (let k = 1; k < syns.length; k++) retryIntervals.push(Math.round((syns[k].at - syns[k - 1].at) * 1000) / 1000);
  const h: Handshake = { syns, synAcks, resets, retryIntervals };
  if (finalAck >= 0) h.finalAck = finalAck + 1;
  return h;
}

/** Our verdict, from the control segments and who sent them. */
function outcomeOf(capture: Capture, flow: TcpFlow): FlowOutcome {
  const ix = capture.index;
  const cd = flow.clientDir;
  let clientSyn = false,
    serverSynAck = false,
    clientRst = false,
    serverRst = false,
    clientFin = false,
    serverFin = false;
  let rstAckToSyn = false;
  // A RST from a side that had not sent its FIN yet ends the connection abnormally.
  let rstBeforeOwnFin = false;
  for (const i of flow.control) {
    const flags = ix.flags[i] & 0x0fff;
    const fromClient = (ix.flags[i] & PF_DIRECTION_B ? 1 : 0) === cd;
    if ((flags & (TH_SYN | TH_ACK)) === TH_SYN && fromClient) clientSyn = true;
    if ((flags & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK) && !fromClient) serverSynAck = true;
    if (flags & TH_RST) {
      if (fromClient) clientRst = true;
      else serverRst = true;
      if (!fromClient && !serverSynAck && !flow.handshakeCompleted && flags & TH_ACK) rstAckToSyn = true;
      if (!(fromClient ? clientFin : serverFin)) rstBeforeOwnFin = true;
    }
    if (flags & TH_FIN) {
      if (fromClient) clientFin = true;
      else serverFin = true;
    }
  }
  const data = flow.firstData[0] >= 0 || flow.firstData[1] >= 0;
  // Both sides closed, and each RST came from a side that had already sent its FIN (SO_LINGER 0
  // after shutdown, data arriving after close): the connection ended normally before it was reset,
  // which Zeek calls SF (its closed endpoints ignore the RST).
  const closedThenReset = clientFin && serverFin && (clientRst || serverRst) && !rstBeforeOwnFin;
  if (!clientSyn && !serverSynAck) {
    if (closedThenReset) return 'closed-then-reset';
    if (clientRst || serverRst) return 'aborted';
    if (clientFin && serverFin) return 'closed';
    return 'midstream';
  }
  if (clientSyn && !serverSynAck) {
    if (rstAckToSyn) return 'refused';
    // A router or firewall rejecting with ICMP is a refusal, not silence.
    if (!serverRst && !data) return unreachableFor(capture, flow.stream) ? 'refused' : 'no-answer';
  }
  // Without the client's SYN in the capture, its ACK of the SYN/ACK still completes the handshake.
  if (serverSynAck && !flow.handshakeCompleted && !flow.synAckAcked && !data) {
    if (clientRst) return 'handshake-reset-by-client';
    if (serverRst) return 'aborted';
    return 'handshake-incomplete';
  }
  if (closedThenReset) return 'closed-then-reset';
  if (clientRst || serverRst) return 'aborted';
  if (clientFin && serverFin) return 'closed';
  if (clientFin || serverFin) return 'half-closed';
  return 'established';
}
