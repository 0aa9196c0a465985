import { TH_ACK, TH_FIN, TH_RST, TH_SYN } from '../decode/tcp';
import type { ZeekState } from './flowTypes';
import type { GapEndpoint } from './zeekContentGaps';
import { ZeekContentGaps } from './zeekContentGaps';
import { HistoryKind, Letter, ScaledCounts, ScaledKind, ZeekHistory } from './zeekHistory';
import { likelyServerPort } from './serverPorts';

/** Zeek's per-endpoint TCP states (TCP_Endpoint.h EndpointState). */
export const enum EndpointState {
  Inactive = 0,
  SynSent = 1,
  SynAckSent = 2,
  Partial = 3,
  Established = 4,
  Closed = 5,
  Reset = 6,
}

/** TCPSessionAdapter.cc: SYN/RST sequence jumps beyond this are not trusted. */
const TOO_LARGE_SEQ_DELTA = 1048576;
const WRAP = 4294967296;

function seqDelta(a: number, b: number): number {
  return (a - b) | 0;
}

/**
 * One side of a TCP connection as Zeek's TCP_Endpoint keeps it: state, sequence bookkeeping (32-bit
 * numbers plus wrap counts), the last SYN/FIN/RST positions that decide whether a repeated control
 * packet is a new history letter, the scaled-letter counters and the content-gap tracking.
 */
class ZeekTcpEndpoint implements GapEndpoint {
  state = EndpointState.Inactive;
  prevState = EndpointState.Inactive;
  startSeq = 0;
  lastSeq = 0;
  ackSeq = 0;
  seqWraps = 0;
  ackWraps = 0;
  histLastSyn = 0;
  histLastFin = 0;
  histLastRst = 0;
  finCnt = 0;
  finSeq = 0;
  readonly scaled = new ScaledCounts();
  readonly gaps = new ZeekContentGaps();
  peer!: ZeekTcpEndpoint;

  setState(s: EndpointState): void {
    if (s === this.state) return;
    this.prevState = this.state;
    this.state = s;
  }

  /** ToRelativeSeqSpace. */
  relative(seq: number, wraps: number): number {
    return wraps * WRAP + seq - this.startSeq;
  }

  updateLastSeq(seq: number): void {
    if (seq < this.lastSeq) this.seqWraps++;
    this.lastSeq = seq;
  }

  updateAckSeq(seq: number): void {
    if (seq < this.ackSeq) this.ackWraps++;
    this.ackSeq = seq;
  }

  /** None of this side's data acknowledged (one octet allowed: the SYN's). */
  noDataAcked(): boolean {
    const ack = this.ackWraps * WRAP + this.ackSeq;
    return ack === this.startSeq || ack === this.startSeq + 1;
  }

  /** TCP_Endpoint::Size: payload bytes by sequence numbers (conn.log orig_bytes/resp_bytes). */
  size(): number {
    if (this.prevState === EndpointState.SynSent && this.state === EndpointState.Reset && this.peer.state === EndpointState.Inactive && !this.noDataAcked())
      return 0;
    const last = this.seqWraps * WRAP + this.lastSeq;
    const ack = this.ackWraps * WRAP + this.ackSeq;
    let size = (last > ack ? last : ack) - this.startSeq;
    if (size !== 0) size--;
    if (this.finCnt > 0 && size !== 0) size--;
    return size;
  }

  /** init_endpoint: where this side's sequence space starts, (re)set by its first packet or a new SYN. */
  init(flags: number, seq: number, onePast: number): void {
    const syn = (flags & TH_SYN) !== 0;
    switch (this.state) {
      case EndpointState.Inactive:
        if (syn) this.startSeq = this.ackSeq = seq;
        else {
          // A partial connection: numbered as though a SYN came just before.
          this.startSeq = this.ackSeq = (seq - 1) >>> 0;
          onePast = seq;
        }
        this.lastSeq = onePast;
        break;
      case EndpointState.SynSent:
      case EndpointState.SynAckSent:
        if (syn && seq !== this.startSeq) this.restart(seq, onePast);
        break;
      case EndpointState.Established:
      case EndpointState.Partial:
        if (syn) this.restart(seq, onePast);
        break;
      case EndpointState.Reset:
        // Numbers a RST set up are not trusted once a SYN shows up.
        if (syn && this.prevState === EndpointState.Inactive) this.restart(seq, onePast);
        break;
    }
  }

  private restart(seq: number, onePast: number): void {
    this.startSeq = this.ackSeq = seq;
    this.lastSeq = onePast;
  }
}

/** get_relative_seq: `seq` in `ep`'s relative space given the last value seen; negative = underflow. */
function relativeSeq(ep: ZeekTcpEndpoint, seq: number, last: number, wraps: number): number {
  const delta = seqDelta(seq, last);
  if (delta < 0) {
    if (wraps && seq > last) wraps--;
  } else if (delta > 0 && seq < last) wraps++;
  return wraps === 0 ? seqDelta(seq, ep.startSeq) : ep.relative(seq, wraps);
}

/** TCP_Reassembler's is_clean: content gaps count only on cleanly established or closing connections. */
function isClean(ep: ZeekTcpEndpoint): boolean {
  return ep.state === EndpointState.Established || (ep.state === EndpointState.Closed && ep.prevState === EndpointState.Established);
}

/** first_packet_seen bits (TCPSessionAdapter ORIG, RESP). */
const SEEN_ORIG = 1;
const SEEN_RESP = 2;

/**
 * Follows one TCP conversation the way Zeek's TCP analyzer does (TCPSessionAdapter.cc, TCP_Endpoint.cc,
 * TCP_Reassembler.cc, Conn.cc) as far as conn.log's conn_state and history go, including which side
 * Zeek calls the originator. Endpoints are indexed by the stream's direction (0 = A side); `origDir`
 * says which is Zeek's originator. A few numbers per side; nothing is allocated per packet.
 */
export class ZeekTcpTracker {
  private readonly ends: [ZeekTcpEndpoint, ZeekTcpEndpoint];
  /** Stream direction of Zeek's originator. */
  private origDir: number;
  readonly history = new ZeekHistory();
  /** TCPSessionAdapter::is_partial: the connection did not start with a SYN seen from each side. */
  private partial = false;
  private firstSeen = 0;
  /** conn.log missed_bytes: the lengths of the content gaps Zeek reports. */
  missedBytes = 0;

  /**
   * Made by the conversation's first packet, sent in direction `dir`: its sender is the originator
   * unless Zeek's port heuristic flips the roles first (TCPAnalyzer::WantConnection).
   */
  constructor(dir: number, flags: number, srcPort: number, dstPort: number) {
    const a = new ZeekTcpEndpoint(),
      b = new ZeekTcpEndpoint();
    a.peer = b;
    b.peer = a;
    this.ends = [a, b];
    this.origDir = dir;
    if (zeekFlipsTcp(flags, srcPort, dstPort)) this.flip();
  }

  /** Connection::FlipRoles: the other side is the originator from now on ('^'). */
  private flip(): void {
    this.origDir ^= 1;
    this.history.flipped();
    this.firstSeen = (this.firstSeen & SEEN_ORIG ? SEEN_RESP : 0) | (this.firstSeen & SEEN_RESP ? SEEN_ORIG : 0);
    this.partial = false;
  }

  /**
   * A packet whose TCP checksum is wrong: TCPAnalyzer::ValidateChecksum records C/c (scaled) and
   * drops it before any other analysis.
   */
  badChecksum(dir: number): void {
    if (this.ends[dir].scaled.hit(ScaledKind.Checksum)) this.history.add(Letter.C, dir === this.origDir);
  }

  /**
   * TCPSessionAdapter::Process for one segment sent in direction `dir`: `len` is the payload length
   * the IP header reports, `captured` whether all of it is in the capture (Zeek only reassembles what
   * it has, so an acknowledged byte it never saw is a content gap).
   */
  packet(dir: number, flags: number, seq: number, ack: number, win: number, len: number, captured: boolean): void {
    const isOrig = dir === this.origDir;
    const ep = this.ends[dir],
      peer = ep.peer;
    this.setPartialStatus(flags, isOrig);
    const segLen = len + (flags & TH_SYN ? 1 : 0) + (flags & TH_FIN ? 1 : 0) - (flags & TH_RST ? len : 0);
    const onePast = (seq + segLen) >>> 0;
    ep.init(flags, seq, onePast);
    const relSeq = relativeSeq(ep, seq, ep.lastSeq, ep.seqWraps);
    this.updateHistory(flags, ep, isOrig, relSeq, len);
    // update_window: a zero window counts unless it comes with or after a RST, or after the peer's FIN.
    if (win === 0 && !(flags & TH_RST) && peer.state !== EndpointState.Closed && ep.state !== EndpointState.Reset) {
      if (ep.scaled.hit(ScaledKind.ZeroWindow)) this.history.add(Letter.W, isOrig);
    }
    if (flags & TH_FIN) {
      ep.finCnt++;
      ep.finSeq = relSeq + segLen;
    }
    let relAck = 0;
    if (flags & TH_ACK) {
      if (peer.state === EndpointState.Inactive) {
        // init_peer: number the silent side as though its SYN came just before what is acknowledged.
        relAck = 1;
        peer.startSeq = peer.ackSeq = peer.lastSeq = (ack - 1) >>> 0;
      } else {
        relAck = relativeSeq(peer, ack, peer.ackSeq, peer.ackWraps);
        if (relAck < 0) relAck = 0;
        else if (!(flags & TH_RST)) {
          // update_ack_seq; acks in RSTs are not trusted, and an ack of 0 far ahead is a broken one.
          const d = seqDelta(ack, peer.ackSeq);
          if (d > 0 && !(ack === 0 && d > TOO_LARGE_SEQ_DELTA)) peer.updateAckSeq(ack);
        }
      }
    }
    this.updateLastSeq(ep, isOrig, onePast, flags, len);
    this.updateStateMachine(ep, peer, isOrig, flags, seq, len);
    if (flags & TH_ACK) {
      // After the state machine, so gaps at a closing FIN or RST are not flagged (TCPSessionAdapter.cc).
      const gaps = peer.gaps.ackReceived(relAck, peer.finCnt > 0 ? peer.finSeq : -1, this.partial);
      if (gaps && isClean(peer) && isClean(ep)) {
        // The content_gap events conn.log adds up as missed_bytes (base/protocols/conn/main.zeek).
        this.missedBytes += peer.gaps.lastGapBytes;
        const peerIsOrig = dir !== this.origDir;
        for (let k = 0; k < gaps; k++) if (peer.scaled.hit(ScaledKind.Gap)) this.history.add(Letter.G, peerIsOrig);
      }
    }
    this.firstSeen |= isOrig ? SEEN_ORIG : SEEN_RESP;
    if (len > 0 && captured && !(flags & TH_RST) && relSeq >= 0) {
      ep.gaps.dataSent(flags & TH_SYN ? relSeq + 1 : relSeq, len, ep.relative(ep.ackSeq, ep.ackWraps), ep);
    }
  }

  /** TCPSessionAdapter::SetPartialStatus, from each side's first packet. */
  private setPartialStatus(flags: number, isOrig: boolean): void {
    if (isOrig) {
      if (!(this.firstSeen & SEEN_ORIG)) this.partial = !(flags & TH_SYN) || (flags & TH_ACK) !== 0;
    } else if (!(this.firstSeen & SEEN_RESP) && !this.partial) this.partial = !(flags & TH_SYN);
  }

  /**
   * update_history: a, d, i, q once per side; s, h, f, r again whenever the sequence number differs
   * from the last packet of that kind. A packet with several of SYN/FIN/RST is only an I or a Q.
   */
  private updateHistory(flags: number, ep: ZeekTcpEndpoint, isOrig: boolean, relSeq: number, len: number): void {
    const h = this.history;
    const bits = (flags & TH_SYN ? 1 : 0) + (flags & TH_FIN ? 1 : 0) + (flags & TH_RST ? 1 : 0);
    if (bits > 1) {
      if (flags & TH_FIN && flags & TH_RST) h.once(HistoryKind.FinRst, Letter.I, isOrig);
      else h.once(HistoryKind.MultiFlag, Letter.Q, isOrig);
    } else if (bits === 1) {
      if (flags & TH_SYN) {
        const code = flags & TH_ACK ? Letter.H : Letter.S;
        if (h.once(HistoryKind.Syn, code, isOrig) && relSeq !== ep.histLastSyn) h.add(code, isOrig);
        ep.histLastSyn = relSeq;
      }
      if (flags & TH_FIN) {
        // A FIN's sequence number comes after its data.
        if (h.once(HistoryKind.Fin, Letter.F, isOrig) && relSeq + len !== ep.histLastFin) h.add(Letter.F, isOrig);
        ep.histLastFin = relSeq + len;
      }
      if (flags & TH_RST) {
        if (h.once(HistoryKind.Rst, Letter.R, isOrig) && relSeq !== ep.histLastRst) h.add(Letter.R, isOrig);
        ep.histLastRst = relSeq;
      }
    } else if (len) h.once(HistoryKind.Data, Letter.D, isOrig);
    else if (flags & TH_ACK) h.once(HistoryKind.Ack, Letter.A, isOrig);
  }

  /** update_last_seq; payload at or below the highest sequence number seen is a retransmission (T/t). */
  private updateLastSeq(ep: ZeekTcpEndpoint, isOrig: boolean, onePast: number, flags: number, len: number): void {
    const delta = seqDelta(onePast, ep.lastSeq);
    if (flags & (TH_SYN | TH_RST) && (delta > TOO_LARGE_SEQ_DELTA || delta < -TOO_LARGE_SEQ_DELTA)) return;
    // A FIN right after the SYN moves last_seq even backwards (connections over 2 GB seen only at their ends).
    if (flags & TH_FIN && ep.lastSeq === (ep.startSeq + 1) >>> 0) ep.updateLastSeq(onePast);
    else if (ep.state === EndpointState.Reset) return;
    else if (delta > 0) ep.updateLastSeq(onePast);
    else if (len > 0 && ep.scaled.hit(ScaledKind.Retransmission)) this.history.add(Letter.T, isOrig);
  }

  /** TCPSessionAdapter::UpdateStateMachine and its Update*State helpers, without the events and weirds. */
  private updateStateMachine(ep: ZeekTcpEndpoint, peer: ZeekTcpEndpoint, isOrig: boolean, flags: number, seq: number, len: number): void {
    switch (ep.state) {
      case EndpointState.Inactive:
        this.inactive(ep, peer, isOrig, flags, seq, len);
        break;
      case EndpointState.SynSent:
      case EndpointState.SynAckSent:
        if (flags & TH_FIN) ep.setState(EndpointState.Closed);
        if (flags & TH_RST) ep.setState(EndpointState.Reset);
        break;
      case EndpointState.Established:
      case EndpointState.Partial:
        if (flags & TH_SYN && ep.state === EndpointState.Partial && peer.state === EndpointState.Inactive && !(flags & TH_ACK))
          ep.setState(EndpointState.SynSent);
        if (flags & TH_FIN && !(flags & TH_RST)) {
          ep.setState(EndpointState.Closed);
          // The peer sent FIN then RST: with this FIN it was a normal close after all.
          if (peer.state === EndpointState.Reset && peer.prevState === EndpointState.Closed) peer.setState(EndpointState.Closed);
        }
        if (flags & TH_RST) ep.setState(EndpointState.Reset);
        break;
      case EndpointState.Closed:
        // After a FIN exchange a RST changes nothing: the connection already ended normally (SF).
        if (flags & TH_RST && peer.state !== EndpointState.Closed) ep.setState(EndpointState.Reset);
        break;
      case EndpointState.Reset:
        break;
    }
  }

  /** UpdateInactiveState: this side's first packet (or its first after only ACKs from the peer). */
  private inactive(ep: ZeekTcpEndpoint, peer: ZeekTcpEndpoint, isOrig: boolean, flags: number, seq: number, len: number): void {
    if (flags & TH_SYN) {
      if (isOrig) ep.setState(flags & TH_ACK ? EndpointState.SynAckSent : EndpointState.SynSent);
      else {
        if (!(flags & TH_ACK) && peer.state === EndpointState.SynAckSent && seq === ep.startSeq) {
          // SYN/ACK seen before its SYN: the SYN's sender is the originator after all.
          this.partial = false;
          this.flip();
          peer.setState(EndpointState.Established);
          this.firstSeen |= SEEN_ORIG;
        }
        if (peer.state === EndpointState.SynSent) peer.setState(EndpointState.Established);
        ep.setState(EndpointState.Established);
      }
    }
    if (flags & TH_FIN) ep.setState(EndpointState.Closed);
    if (flags & TH_RST) ep.setState(EndpointState.Reset);
    if (ep.state !== EndpointState.Inactive) return;
    if (!isOrig && len === 0 && this.ends[this.origDir].state === EndpointState.SynSent) {
      // Some stacks ACK a SYN before answering it: no partial connection yet.
    } else if (flags & TH_ACK && peer.state === EndpointState.Established) {
      // The peer's SYN/ACK was seen, this side's SYN was missed: established, not partial.
      ep.setState(EndpointState.Established);
      this.partial = false;
      this.firstSeen |= isOrig ? SEEN_ORIG : SEEN_RESP;
    } else ep.setState(EndpointState.Partial);
  }

  /** conn.log orig_bytes and resp_bytes: each side's TCP_Endpoint::Size, from sequence numbers. */
  sizes(): [orig: number, resp: number] {
    return [this.ends[this.origDir].size(), this.ends[this.origDir ^ 1].size()];
  }

  /** Stream direction (0 = the stream's A side) of the side Zeek calls the originator. */
  get originatorDir(): number {
    return this.origDir;
  }

  /** conn_state, transcribed from base/protocols/conn/main.zeek. */
  state(): ZeekState {
    const o = this.ends[this.origDir],
      r = this.ends[this.origDir ^ 1];
    const os = o.state,
      rs = r.state;
    const oInactive = os === EndpointState.Inactive || os === EndpointState.Partial;
    const rInactive = rs === EndpointState.Inactive || rs === EndpointState.Partial;
    if (rs === EndpointState.Reset) {
      if (os === EndpointState.SynSent || os === EndpointState.SynAckSent || (os === EndpointState.Reset && o.size() === 0 && r.size() === 0)) return 'REJ';
      return oInactive ? 'RSTRH' : 'RSTR';
    }
    if (os === EndpointState.Reset) {
      if (rInactive) return /^\^?S[^HAFGIQ]*R/.test(this.history.text) ? 'RSTOS0' : 'OTH';
      return 'RSTO';
    }
    if (rs === EndpointState.Closed && os === EndpointState.Closed) return 'SF';
    if (os === EndpointState.Closed) return rInactive ? 'SH' : 'S2';
    if (rs === EndpointState.Closed) return oInactive ? 'SHR' : 'S3';
    if (os === EndpointState.SynSent && rs === EndpointState.Inactive) return 'S0';
    if (os === EndpointState.Established && rs === EndpointState.Established) return 'S1';
    return 'OTH';
  }
}

/**
 * TCPAnalyzer::WantConnection: a first packet that is not a bare SYN makes a partial connection whose
 * originator Zeek guesses from the ports: it flips when the sender's port is a likely server port and
 * the receiver's is not, or when both are and the packet has no SYN and comes from the lower port.
 * (It never flips for a SYN/ACK between two server ports, which may be a stealth scan.)
 */
export function zeekFlipsTcp(flags: number, srcPort: number, dstPort: number): boolean {
  if (flags & TH_SYN && !(flags & TH_ACK)) return false;
  if (!likelyServerPort(srcPort)) return false;
  if (likelyServerPort(dstPort)) return !(flags & TH_SYN) && srcPort < dstPort;
  return true;
}
