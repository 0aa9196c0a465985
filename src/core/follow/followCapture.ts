import type { Capture } from '../capture/openCapture';
import type { FollowStream } from './followStream';
import { followTcp } from './tcpFollow';
import { followUdp } from './udpFollow';

/** The stream to follow: what `tcp.stream eq N` / `udp.stream eq N` selects. */
export interface FollowRequest {
  kind: 'tcp' | 'udp';
  stream: number;
}

/** Follows one stream; undefined when the capture has no such stream. */
export function followStream(capture: Capture, req: FollowRequest): FollowStream | undefined {
  const table = req.kind === 'tcp' ? capture.index.tcpStreams : capture.index.udpStreams;
  if (!Number.isInteger(req.stream) || req.stream < 0 || req.stream >= table.count) return undefined;
  return req.kind === 'tcp' ? followTcp(capture, req.stream) : followUdp(capture, req.stream);
}
