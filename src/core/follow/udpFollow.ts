import type { Capture } from '../capture/openCapture';
import { isTcpProto } from '../flows/tcpSequenceAnalysis';
import { PF_DIRECTION_B } from '../index/packetIndex';
import { CLIENT, FollowChunks, SERVER } from './followChunks';
import type { FollowStream } from './followStream';
import { streamPeers } from './followStream';
import { payloadBytes } from './payloadBytes';

/**
 * UDP stream `stream` as Wireshark's Follow UDP Stream: every datagram's captured payload, one chunk
 * each, in capture order (UDP has no sequence to reorder by); empty datagrams add nothing.
 */
export function followUdp(capture: Capture, stream: number): FollowStream {
  const ix = capture.index;
  const chunks = new FollowChunks();
  let first = -1;
  for (let i = 0; i < ix.count; i++) {
    // The stream column holds UDP stream ids for packets that are not TCP (see packetRecord).
    if (ix.stream[i] !== stream || isTcpProto(ix.proto[i])) continue;
    if (first < 0) first = i;
    if (ix.payloadLen(i) === 0) continue;
    const captured = Math.min(payloadBytes(capture, i).bytes.length, ix.payloadLen(i));
    if (captured > 0) chunks.addBytes(ix.flags[i] & PF_DIRECTION_B ? SERVER : CLIENT, i, 0, captured);
  }
  return { kind: 'udp', stream, chunks, peers: streamPeers(capture, first), capture };
}
