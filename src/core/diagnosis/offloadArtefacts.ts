import type { Capture } from '../capture/openCapture';
import { checksumsBySender, offloadedChecksumSenders } from './checksumsBySender';
import type { DiagnosisContext, Draft } from './context';

const EVIDENCE = 10;
const hostOf = (endpoint: string) => endpoint.slice(0, endpoint.lastIndexOf(':')).replace(/^\[(.*)\]$/, '$1');

/**
 * capture.offload: TCP segments larger than the MSS their receiver announced cannot have crossed
 * the wire; the capture saw them before the NIC (TSO/GSO) cut them up — on the capturing host,
 * for packets it sends. Bad TCP checksums on one host's sent packets only are the same artefact
 * (TX checksum offload). Said once for the capture, naming the hosts.
 */
export function offloadArtefactsRule(ctx: DiagnosisContext, capture: Capture): Draft[] {
  const ix = ctx.index;
  const frames: number[] = [];
  const senders = new Map<string, number>();
  let largest = 0;
  for (const flow of ctx.flows) {
    const syn = ctx.verdicts.windowScaling(flow).syn;
    const mssOf = (side: number) => {
      const k = syn[side] >= 0 ? ix.syns.find(syn[side]) : -1;
      return k >= 0 && ix.syns.mss[k] > 0 ? ix.syns.mss[k] : 0;
    };
    // What each side may send: the MSS its peer announced.
    const limit = [mssOf(1), mssOf(0)];
    if (!limit[0] && !limit[1]) continue;
    for (let i = ctx.firstOf(flow); i >= 0; i = ctx.next(i)) {
      if (!ctx.inFlow(flow, i)) continue;
      const side = ctx.fromClient(flow, i) ? 0 : 1;
      const len = ix.payloadLen(i);
      if (!limit[side] || len <= limit[side]) continue;
      const host = hostOf(side ? flow.summary.server : flow.summary.client);
      senders.set(host, (senders.get(host) ?? 0) + 1);
      largest = Math.max(largest, len);
      if (frames.length < EVIDENCE) frames.push(i + 1);
    }
  }
  const sample = checksumsBySender(ctx, capture);
  const checksumHosts = offloadedChecksumSenders(sample);
  if (!frames.length) return checksumHosts.length ? [checksumOnly(checksumHosts, sample)] : [];
  const total = [...senders.values()].reduce((a, b) => a + b, 0);
  const hosts = [...senders.keys()];
  const sums = hosts.filter((h) => checksumHosts.includes(h)).map((h) => checksumText(h, sample.get(h)!));
  return [
    {
      confidence: hosts.length === 1 ? 'high' : 'medium',
      stream: -1,
      packets: frames,
      title: `${total} TCP segment${total === 1 ? '' : 's'} larger than the receiver's MSS (up to ${largest} bytes), sent by ${hosts.join(', ')}: segmentation offload on the capturing host`,
      explanation: `A segment larger than the MSS its receiver announced in its SYN cannot cross the wire (first frame ${frames[0]}). The capture saw ${hosts.length === 1 ? `${hosts[0]}'s` : "these hosts'"} packets before the network card cut them up (TCP segmentation offload, GSO): ${hosts.length === 1 ? 'it is the capturing host, and ' : ''}its TCP checksums are also left for the card to fill in, so "bad checksum" on its sent packets means nothing${sums.length ? ` (${sums.join('; ')}; none of the other hosts')` : ''}. The segments on the wire were normal-sized; this is not a transfer problem.`,
      about: { frames: frames.join(' '), host: hosts[0] },
      references: ['https://docs.kernel.org/networking/segmentation-offloads.html'],
    },
  ];
}

function checksumText(host: string, s: { bad: number; checked: number }): string {
  return `${s.bad} of the ${s.checked} packets of ${host} checked have a bad TCP checksum`;
}

/** Bad checksums on some hosts' sent packets only, no oversized segment: TX checksum offload alone. */
function checksumOnly(hosts: string[], sample: ReturnType<typeof checksumsBySender>): Draft {
  const frames = hosts.flatMap((h) => sample.get(h)!.firstBad).sort((a, b) => a - b);
  return {
    confidence: hosts.length === 1 ? 'high' : 'medium',
    stream: -1,
    packets: frames,
    title: `Bad TCP checksums only on packets sent by ${hosts.join(', ')}: checksum offload on the capturing host`,
    explanation: `${hosts.map((h) => checksumText(h, sample.get(h)!)).join('; ')}, and none of the other hosts' packets do. Corruption on a link would hit both directions; this is the capturing host's own packets seen before its network card filled their checksums in (TX checksum offload). The packets on the wire were correct; their receivers accepted them (the connections go on).`,
    about: { frames: frames.join(' '), host: hosts[0] },
    references: ['https://docs.kernel.org/networking/checksum-offloads.html'],
  };
}
