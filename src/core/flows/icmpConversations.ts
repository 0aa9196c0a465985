import type { Capture } from '../capture/openCapture';
import { ProtoCode } from '../decode/fields';
import type { FlowSummary } from './flowTypes';
import { TimedSpans } from './timedSpans';

/**
 * ICMP and ICMPv6 conversations per address pair (what tshark's conv,ip shows
 * for them); the first sender is the client. Ports do not apply, so the
 * endpoints are bare addresses. Zeek's conn_state for ICMP is always OTH and it
 * records no history for it (base/protocols/conn/main.zeek; ICMP.cc adds no letters).
 */
export function buildIcmpFlows(capture: Capture): FlowSummary[] {
  const ix = capture.index;
  const byPair = new Map<string, FlowSummary & { a: number }>();
  const spans = new TimedSpans(ix);
  const out: FlowSummary[] = [];
  for (let i = 0; i < ix.count; i++) {
    const p = ix.proto[i];
    if (p !== ProtoCode.Icmp && p !== ProtoCode.Icmpv6) continue;
    const src = ix.src[i],
      dst = ix.dst[i];
    const key = src < dst ? `${src}-${dst}` : `${dst}-${src}`;
    let f = byPair.get(key);
    if (!f) {
      f = {
        transport: 'icmp',
        stream: byPair.size,
        clientBy: 'port',
        state: 'OTH',
        outcome: 'icmp',
        a: src,
        client: ix.addresses.text(src),
        server: ix.addresses.text(dst),
        packets: { client: 0, server: 0 },
        bytes: { client: 0, server: 0 },
        payload: { client: 0, server: 0 },
        start: undefined,
        duration: 0,
        firstFrame: i + 1,
        lastFrame: i + 1,
      };
      byPair.set(key, f);
    }
    const side = src === f.a ? 'client' : 'server';
    f.packets[side]++;
    f.bytes[side] += ix.origLen[i];
    f.lastFrame = i + 1;
    spans.add(f.stream, i);
  }
  for (const f of byPair.values()) {
    const { a, ...summary } = f;
    void a;
    summary.start = spans.start(f.stream);
    summary.duration = spans.duration(f.stream);
    out.push(summary);
  }
  return out;
}
