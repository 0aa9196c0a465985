import type { Capture } from '../capture/openCapture';
import { ProtoCode } from '../decode/fields';
import { epochText } from '../summary/timeText';
import type { FlowSummary } from './flowTypes';

/**
 * ICMP and ICMPv6 conversations per address pair (what tshark's conv,ip shows
 * for them); the first sender is the client. Ports do not apply, so the
 * endpoints are bare addresses. Zeek's conn_state for ICMP is always OTH and it
 * records no history for it (base/protocols/conn/main.zeek; ICMP.cc adds no letters).
 */
export function buildIcmpFlows(capture: Capture): FlowSummary[] {
  const ix = capture.index;
  const byPair = new Map<string, FlowSummary & { a: number }>();
  const out: FlowSummary[] = [];
  for (let i = 0; i < ix.count; i++) {
    const p = ix.proto[i];
    if (p !== ProtoCode.Icmp && p !== ProtoCode.Icmpv6) continue;
    const src = ix.src[i], dst = ix.dst[i];
    const key = src < dst ? `${src}-${dst}` : `${dst}-${src}`;
    let f = byPair.get(key);
    if (!f) {
      f = {
        transport: 'icmp', stream: byPair.size, clientBy: 'port', state: 'OTH', outcome: 'icmp', a: src,
        client: ix.addresses.text(src), server: ix.addresses.text(dst),
        packets: { client: 0, server: 0 }, bytes: { client: 0, server: 0 }, payload: { client: 0, server: 0 },
        start: epochText(ix.sec[i], ix.nsec[i]), duration: 0, firstFrame: i + 1, lastFrame: i + 1,
      };
      byPair.set(key, f);
    }
    const side = src === f.a ? 'client' : 'server';
    f.packets[side]++;
    f.bytes[side] += ix.origLen[i];
    const first = f.firstFrame - 1;
    f.lastFrame = i + 1;
    f.duration = Math.round((ix.sec[i] - ix.sec[first] + (ix.nsec[i] - ix.nsec[first]) / 1e9) * 1e9) / 1e9;
  }
  for (const f of byPair.values()) {
    const { a, ...summary } = f;
    void a;
    out.push(summary);
  }
  return out;
}
