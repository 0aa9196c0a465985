import type { Capture } from '../capture/openCapture';
import { PacketFields } from '../decode/fields';
import { decodePacket } from '../decode/packetDecoder';
import { ChecksumVerdict, verifyChecksums } from '../decode/transportChecksum';
import type { DiagnosisContext } from './context';

/** Packets checked per side of a connection, and in all: a sample, since the index keeps no payload and each check re-reads a packet. */
const PER_SIDE = 50;
const TOTAL = 4000;

export interface SenderChecksums {
  bad: number;
  checked: number;
  firstBad: number[];
}

const hostOf = (endpoint: string) => endpoint.slice(0, endpoint.lastIndexOf(':')).replace(/^\[(.*)\]$/, '$1');

/**
 * TCP checksums verified on a sample of each host's sent packets (the first PER_SIDE of every
 * connection side): a host whose packets carry bad checksums while its peers' are good was
 * captured before its network card filled them in (TX checksum offload), not corrupted on a wire.
 * Segments not captured in full are not judged.
 */
export function checksumsBySender(ctx: DiagnosisContext, capture: Capture): Map<string, SenderChecksums> {
  const ix = ctx.index;
  const out = new Map<string, SenderChecksums>();
  const f = new PacketFields();
  let budget = TOTAL;
  for (const flow of ctx.flows) {
    const taken = [0, 0];
    for (let i = ctx.firstOf(flow); i >= 0 && budget > 0 && (taken[0] < PER_SIDE || taken[1] < PER_SIDE); i = ctx.next(i)) {
      if (!ctx.inFlow(flow, i)) continue;
      const side = ctx.fromClient(flow, i) ? 0 : 1;
      if (taken[side] >= PER_SIDE) continue;
      taken[side]++;
      budget--;
      const bytes = capture.packetBytes(i);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      decodePacket(ix.linkTypeOf(i), view, 0, bytes.length, ix.origLen[i], f);
      const verdict = verifyChecksums(view, bytes.length, f);
      if (verdict === ChecksumVerdict.Unverified || verdict === ChecksumVerdict.BadIp) continue;
      const host = hostOf(side ? flow.summary.server : flow.summary.client);
      const s = out.get(host) ?? { bad: 0, checked: 0, firstBad: [] };
      s.checked++;
      if (verdict === ChecksumVerdict.BadTransport) {
        s.bad++;
        if (s.firstBad.length < 5) s.firstBad.push(i + 1);
      }
      out.set(host, s);
    }
  }
  return out;
}

/**
 * The hosts whose sampled packets look checksum-offloaded: at least 3 bad and most of the ones
 * checked, while every other host's are good and there is such a host (corruption on a path would
 * hit both directions; bad checksums from everyone say nothing about who captured).
 */
export function offloadedChecksumSenders(sample: Map<string, SenderChecksums>): string[] {
  const suspects = [...sample].filter(([, s]) => s.bad >= 3 && s.bad * 2 >= s.checked).map(([h]) => h);
  const others = [...sample].filter(([h]) => !suspects.includes(h));
  return others.length > 0 && others.every(([, s]) => s.bad === 0) ? suspects : [];
}
