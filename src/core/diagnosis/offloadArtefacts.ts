import type { Capture } from '../capture/openCapture';
import type { DiagnosisContext, Draft } from './context';

const EVIDENCE = 10;
const hostOf = (endpoint: string) => endpoint.slice(0, endpoint.lastIndexOf(':')).replace(/^\[(.*)\]$/, '$1');

/**
 * capture.offload: TCP segments larger than the MSS their receiver announced cannot have crossed
 * the wire; the capture saw them before the NIC (TSO/GSO) cut them up — on the capturing host,
 * for packets it sends. Said once for the capture, naming the hosts that send them.
 */
export function offloadArtefactsRule(ctx: DiagnosisContext, _capture: Capture): Draft[] {
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
  if (!frames.length) return [];
  const total = [...senders.values()].reduce((a, b) => a + b, 0);
  const hosts = [...senders.keys()];
  return [{
    confidence: hosts.length === 1 ? 'high' : 'medium', stream: -1, packets: frames,
    title: `${total} TCP segment${total === 1 ? '' : 's'} larger than the receiver's MSS (up to ${largest} bytes), sent by ${hosts.join(', ')}: segmentation offload on the capturing host`,
    explanation: `A segment larger than the MSS its receiver announced in its SYN cannot cross the wire (first frame ${frames[0]}). The capture saw ${hosts.length === 1 ? `${hosts[0]}'s` : 'these hosts\''} packets before the network card cut them up (TCP segmentation offload, GSO): ${hosts.length === 1 ? 'it is the capturing host, and ' : ''}its TCP checksums are also left for the card to fill in, so "bad checksum" on its sent packets means nothing. The segments on the wire were normal-sized; this is not a transfer problem.`,
    about: { frames: frames.join(' '), host: hosts[0] },
    references: ['https://docs.kernel.org/networking/segmentation-offloads.html'],
  }];
}
