import type { Capture } from '../capture/openCapture';
import { isTcpProto } from '../flows/tcpSequenceAnalysis';

/**
 * The packets of each wanted TCP stream, in one pass over the index (a capture of 4,000 HTTP
 * conversations would otherwise be scanned 4,000 times): stream s's packets are
 * packets[start[s] .. start[s + 1]).
 */
export function streamPackets(capture: Capture, wanted: (stream: number) => boolean): { start: Int32Array; packets: Int32Array } {
  const ix = capture.index;
  const streams = ix.tcpStreams.count;
  const want = new Uint8Array(streams);
  for (let s = 0; s < streams; s++) want[s] = wanted(s) ? 1 : 0;
  const start = new Int32Array(streams + 1);
  for (let i = 0; i < ix.count; i++) {
    const s = ix.stream[i];
    if (isTcpProto(ix.proto[i]) && s >= 0 && s < streams && want[s]) start[s + 1]++;
  }
  for (let s = 0; s < streams; s++) start[s + 1] += start[s];
  const fill = start.slice(0, streams);
  const packets = new Int32Array(start[streams]);
  for (let i = 0; i < ix.count; i++) {
    const s = ix.stream[i];
    if (isTcpProto(ix.proto[i]) && s >= 0 && s < streams && want[s]) packets[fill[s]++] = i;
  }
  return { start, packets };
}
