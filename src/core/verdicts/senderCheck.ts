import { TH_ACK, TH_FIN, TH_RST, TH_SYN } from '../decode/tcp';
import { leSeq, ltSeq } from '../flows/seqMath';
import type { TcpAnalysisExtras } from '../flows/tcpSequenceAnalysis';
import type { PacketIndex } from '../index/packetIndex';
import type { IpReader } from './ipFacts';
import type { LegSample, PathRtt } from './pathRtt';
import { legFloor } from './pathRtt';
import type { Side, StreamRef } from './streamRef';
import { isFromClient, sideOf, tcpFlagsOf } from './streamRef';
import type { Vantage } from './vantage';

/**
 * Whether a packet could have come from the side it claims to come from. A reply cannot reach
 * the capture point sooner after the packet it answers than the round trip between the capture
 * point and its sender (pathRtt.ts): one that does was sent by something in between. Its TTL, IP
 * ID and window are compared with that sender's other packets as support.
 */
export interface SenderCheck {
  question: 'sender';
  packet: number;
  side: Side;
  /**
   * How soon after its trigger it came. `link`: it acknowledges the trigger's bytes (`ack`), it is
   * a reset answering the trigger (`reset`); `floor` is the sender's measured round trip.
   */
  timing?: { trigger: number; seconds: number; floor: LegSample; link: 'ack' | 'reset'; tooSoon: boolean };
  /** Its TTL against the TTL the sender's other packets usually arrive with. */
  ttl?: { value: number; usual: number; samples: number; differs: boolean };
  /** Its IPv4 ID against the per-connection counter of the sender's previous packets (Linux increments it per packet). */
  ipId?: { value: number; previous: number; previousPacket: number; fits: boolean };
  /** Its window field against the sender's previous one (not for resets: their window means nothing). */
  window?: { value: number; previous: number; previousPacket: number; differs: boolean };
  /** For a reset: the claimed sender's data after it, which a real reset would have ended. */
  laterData?: number;
  /**
   * false when the packet very probably did not come from its claimed sender: it came too soon,
   * its TTL is 2 or more away from the sender's usual one, or the sender talks on after its reset.
   */
  plausible: boolean;
  /** What speaks against it, strongest first. */
  against: Array<'timing' | 'later-data' | 'ttl' | 'ip-id' | 'window'>;
}

/** A reply this much sooner than the floor, and by at least this fraction of it, is not the sender's. */
const MARGIN_SECONDS = 0.0005;
const MARGIN_FRACTION = 0.2;
/** TTL distance that alone says "another path" (a route change moves it by one at most, usually). */
const TTL_ALONE = 2;
/** Forward distance of a per-connection IP ID counter between two packets of one side. */
const IP_ID_STEP = 2048;

/** Whether an answer `seconds` after its trigger is sooner than a round trip of `floor` seconds allows. */
export function isTooSoon(seconds: number, floor: number): boolean {
  return seconds <= floor - Math.max(MARGIN_SECONDS, MARGIN_FRACTION * floor);
}

export function senderCheck(ix: PacketIndex, extras: TcpAnalysisExtras, ip: IpReader, ref: StreamRef, rtt: PathRtt, vantage: Vantage, i: number): SenderCheck {
  const fromClient = isFromClient(ix, ref, i);
  const side = sideOf(ix, ref, i);
  const flags = tcpFlagsOf(ix, i);
  const rst = (flags & TH_RST) !== 0;
  const out: SenderCheck = { question: 'sender', packet: i, side, plausible: true, against: [] };

  const trigger = rst
    ? lastFrom(ix, extras, ref, i, !fromClient)
    : flags & TH_ACK && !(flags & TH_SYN)
      ? firstCarrying(ix, extras, ref, i, (ix.ack[i] - 1) >>> 0)
      : -1;
  const floor = legFloor(fromClient ? rtt.client : rtt.server, i);
  if (trigger >= 0 && floor) {
    const seconds = ix.secondsBetween(trigger, i);
    if (seconds >= 0) out.timing = { trigger, seconds, floor, link: rst ? 'reset' : 'ack', tooSoon: isTooSoon(seconds, floor.seconds) };
  }

  const usual = fromClient ? vantage.client : vantage.server;
  const own = ip(i);
  // A sender seen only in its resets has nothing to compare them with.
  if (usual && !usual.fromResets) {
    out.ttl = { value: own.ttl, usual: usual.ttl, samples: usual.samples, differs: own.ttl !== usual.ttl };
  }
  if (own.ipVersion === 4) {
    const [p1, p2] = previousTwo(ix, extras, ref, i, fromClient);
    if (p1 >= 0 && p2 >= 0) {
      const step = (a: number, b: number) => (ip(b).ipId - ip(a).ipId) & 0xffff;
      const counter = step(p2, p1) >= 1 && step(p2, p1) <= IP_ID_STEP;
      if (counter) out.ipId = { value: own.ipId, previous: ip(p1).ipId, previousPacket: p1, fits: step(p1, i) >= 1 && step(p1, i) <= IP_ID_STEP };
    }
  }
  if (!rst) {
    const [p1] = previousTwo(ix, extras, ref, i, fromClient);
    if (p1 >= 0) {
      const a = ix.win[i],
        b = ix.win[p1];
      out.window = { value: a, previous: b, previousPacket: p1, differs: (a === 0) !== (b === 0) || Math.max(a, b) > 4 * Math.min(a, b) };
    }
  }
  if (rst) {
    const last = ref.lastData[fromClient ? 0 : 1];
    if (last > i) out.laterData = last;
  }

  if (out.timing?.tooSoon) out.against.push('timing');
  if (out.laterData !== undefined) out.against.push('later-data');
  if (out.ttl?.differs) out.against.push('ttl');
  if (out.ipId && !out.ipId.fits) out.against.push('ip-id');
  if (out.window?.differs) out.against.push('window');
  const ttlAlone = out.ttl !== undefined && out.ttl.samples >= 2 && Math.abs(out.ttl.value - out.ttl.usual) >= TTL_ALONE;
  out.plausible = !(out.timing?.tooSoon || out.laterData !== undefined || ttlAlone);
  return out;
}

/** The latest packet from one side before packet i, or -1. */
function lastFrom(ix: PacketIndex, extras: TcpAnalysisExtras, ref: StreamRef, i: number, fromClient: boolean): number {
  let found = -1;
  for (let j = extras.firstInStream[ref.stream]; j >= 0 && j < i; j = extras.nextInStream[j]) if (isFromClient(ix, ref, j) === fromClient) found = j;
  return found;
}

/** The sender's two packets before i, not resets and not SYNs (a SYN/ACK's IP ID and window follow other rules), latest first. */
function previousTwo(ix: PacketIndex, extras: TcpAnalysisExtras, ref: StreamRef, i: number, fromClient: boolean): [number, number] {
  let p1 = -1,
    p2 = -1;
  for (let j = extras.firstInStream[ref.stream]; j >= 0 && j < i; j = extras.nextInStream[j]) {
    if (isFromClient(ix, ref, j) !== fromClient || tcpFlagsOf(ix, j) & (TH_RST | TH_SYN)) continue;
    p2 = p1;
    p1 = j;
  }
  return [p1, p2];
}

/**
 * The first packet from i's peer, before i, that carried sequence number `byte` (a data byte, or a
 * SYN or FIN): i acknowledges it, so i was sent after its sender received it.
 */
function firstCarrying(ix: PacketIndex, extras: TcpAnalysisExtras, ref: StreamRef, i: number, byte: number): number {
  const fromClient = isFromClient(ix, ref, i);
  for (let j = extras.firstInStream[ref.stream]; j >= 0 && j < i; j = extras.nextInStream[j]) {
    if (isFromClient(ix, ref, j) === fromClient) continue;
    const f = tcpFlagsOf(ix, j);
    if (f & TH_RST) continue;
    const len = ix.payloadLen(j) + (f & TH_SYN ? 1 : 0) + (f & TH_FIN ? 1 : 0);
    if (len > 0 && leSeq(ix.seq[j], byte) && ltSeq(byte, (ix.seq[j] + len) >>> 0)) return j;
  }
  return -1;
}
