import type { Capture } from '../capture/openCapture';
import { ProtoCode } from '../decode/fields';
import { PF_DIRECTION_B } from '../index/packetIndex';
import { epochText } from '../summary/timeText';
import { endpointText } from './endpointText';
import type { FlowSummary } from './flowTypes';

/** UDP conversations (udp.stream); the client is the first sender unless it uses a service port. */
export function buildUdpFlows(capture: Capture): FlowSummary[] {
  const ix = capture.index;
  const u = ix.udpStreams;
  const n = u.count;
  const first = new Int32Array(n).fill(-1), last = new Int32Array(n);
  const pkts = new Float64Array(n * 2), bytes = new Float64Array(n * 2), payload = new Float64Array(n * 2);
  for (let i = 0; i < ix.count; i++) {
    const p = ix.proto[i];
    const s = ix.stream[i];
    if (s < 0 || (p !== ProtoCode.Udp && p !== ProtoCode.Dns)) continue;
    if (first[s] < 0) first[s] = i;
    last[s] = i;
    const k = s * 2 + (ix.flags[i] & PF_DIRECTION_B ? 1 : 0);
    pkts[k]++;
    bytes[k] += ix.origLen[i];
    payload[k] += ix.payloadLen(i);
  }
  const out: FlowSummary[] = [];
  for (let s = 0; s < n; s++) {
    if (first[s] < 0) continue;
    // A first sender on a low port talking to a high one is the server answering.
    const cd = u.aPort[s] < 1024 && u.bPort[s] >= 1024 ? 1 : 0;
    const sd = cd ^ 1;
    const f = first[s], l = last[s];
    out.push({
      transport: 'udp', stream: s, clientBy: 'port', outcome: 'udp',
      client: endpointText(ix, cd ? u.bAddr[s] : u.aAddr[s], cd ? u.bPort[s] : u.aPort[s]),
      server: endpointText(ix, cd ? u.aAddr[s] : u.bAddr[s], cd ? u.aPort[s] : u.bPort[s]),
      packets: { client: pkts[s * 2 + cd], server: pkts[s * 2 + sd] },
      bytes: { client: bytes[s * 2 + cd], server: bytes[s * 2 + sd] },
      payload: { client: payload[s * 2 + cd], server: payload[s * 2 + sd] },
      start: epochText(ix.sec[f], ix.nsec[f]),
      duration: Math.round((ix.sec[l] - ix.sec[f] + (ix.nsec[l] - ix.nsec[f]) / 1e9) * 1e9) / 1e9,
      firstFrame: f + 1, lastFrame: l + 1,
    });
  }
  return out;
}
