import type { Capture } from '../capture/openCapture';
import { TH_ACK, TH_SYN } from '../decode/tcp';
import { gtSeq, ltSeq } from '../flows/seqMath';
import { isTcpProto } from '../flows/tcpSequenceAnalysis';
import { PF_DIRECTION_B } from '../index/packetIndex';
import { CLIENT, FollowChunks, SERVER } from './followChunks';
import type { FollowStream } from './followStream';
import { streamPeers } from './followStream';
import { payloadBytes } from './payloadBytes';

/** A segment that arrived ahead of the bytes before it, held until they come (or an ACK proves them lost). */
interface Pending {
  packet: number;
  seq: number;
  /** Where its kept bytes start in the packet's payload, and how many were captured. */
  start: number;
  length: number;
}

/**
 * TCP conversation `stream` reassembled per direction as Wireshark's Follow TCP Stream does
 * (packet-tcp.c, follow_tcp_tap_listener and check_follow_fragments, 4.0), so the bytes equal
 * `tshark -z follow,tcp,raw,N`:
 * - in-order segments are delivered; a segment overlapping what was delivered gives only its new
 *   tail, so the first copy of a byte wins (retransmissions, overlaps);
 * - a segment ahead of the next expected byte waits; when the gap before it is filled it is
 *   delivered (trimmed if the filling overlapped it);
 * - when the other side acknowledges beyond a waiting segment, the bytes before it never reached
 *   the capture: a gap chunk records how many, and delivery resumes there;
 * - a snap length that cut a segment keeps only its captured bytes, but the sequence advances by
 *   its whole length (tshark: tvb_captured_length vs th_seglen).
 * Segments still waiting at the end are not delivered, as in tshark.
 * Only payload positions are kept; the bytes are read from the capture on demand (streamReader).
 */
export function followTcp(capture: Capture, stream: number): FollowStream {
  const ix = capture.index;
  const chunks = new FollowChunks();
  const next = [0, 0];
  const started = [false, false];
  const pending: Pending[][] = [[], []];
  let first = -1;
  for (let i = 0; i < ix.count; i++) {
    if (ix.stream[i] !== stream || !isTcpProto(ix.proto[i])) continue;
    if (first < 0) first = i;
    const dir = ix.flags[i] & PF_DIRECTION_B ? SERVER : CLIENT;
    const flags = ix.flags[i];
    // Relative numbers, as tshark's tap sees them: a SYN/ACK with a new ISN rebases a direction (port reuse).
    const rel = ix.tcpStreams.relative(stream, dir, ix.seq[i], i);
    let seq = flags & TH_SYN ? (rel + 1) >>> 0 : rel;
    let length = ix.payloadLen(i);
    const other = dir ^ 1;
    // An ACK beyond a waiting segment of the other side: the bytes before it were lost before the capture point.
    if (pending[other].length && flags & TH_ACK) {
      const ack = ix.tcpStreams.relative(stream, other, ix.ack[i], i);
      while (applyPending(chunks, pending[other], next, other, ack, i, true));
    }
    if (!started[dir]) {
      started[dir] = true;
      next[dir] = seq;
    }
    if (length === 0) continue;
    const payload = payloadBytes(capture, i);
    let start = 0;
    let captured = Math.min(payload.bytes.length, length);
    if (ltSeq(seq, next[dir])) {
      const end = (seq + length) >>> 0;
      if (gtSeq(end, next[dir])) {
        start = (next[dir] - seq) >>> 0;
        captured = captured <= start ? 0 : captured - start;
        seq = next[dir];
        length = (end - next[dir]) >>> 0;
      }
    }
    if (captured === 0 || ltSeq(seq, next[dir])) continue;
    if (seq === next[dir]) {
      next[dir] = (next[dir] + length) >>> 0;
      chunks.addBytes(dir, i, start, captured);
      while (applyPending(chunks, pending[dir], next, dir, 0, i, false));
    } else {
      pending[dir].push({ packet: i, seq, start, length: captured });
    }
  }
  return { kind: 'tcp', stream, chunks, peers: streamPeers(capture, first), capture };
}

/**
 * check_follow_fragments: delivers the first waiting segment that is now due (or trims and
 * delivers one that overlaps), else, when `useAck` and `ack` covers a waiting segment, records the
 * gap up to the lowest one. Returns true when it changed something (the caller loops).
 */
function applyPending(chunks: FollowChunks, list: Pending[], next: number[], dir: number, ack: number, packet: number, useAck: boolean): boolean {
  if (!list.length) return false;
  let lowest = list[0].seq;
  for (let k = 0; k < list.length; k++) {
    const p = list[k];
    if (gtSeq(lowest, p.seq)) lowest = p.seq;
    if (ltSeq(p.seq, next[dir])) {
      const end = (p.seq + p.length) >>> 0;
      if (gtSeq(end, next[dir])) {
        const skip = (next[dir] - p.seq) >>> 0;
        if (p.length > skip) chunks.addBytes(dir, p.packet, p.start + skip, p.length - skip);
        next[dir] = (next[dir] + p.length - skip) >>> 0;
      }
      list.splice(k, 1);
      return true;
    }
    if (p.seq === next[dir]) {
      if (p.length > 0) chunks.addBytes(dir, p.packet, p.start, p.length);
      next[dir] = (next[dir] + p.length) >>> 0;
      list.splice(k, 1);
      return true;
    }
  }
  if (useAck && gtSeq(ack, lowest)) {
    // tshark prints the count as a signed int of the u32 difference.
    chunks.addGap(dir, packet, (lowest - next[dir]) | 0);
    next[dir] = lowest;
    return true;
  }
  return false;
}
