import { OPT_MSS, OPT_TIMESTAMP } from '../decode/fields';
import { TH_ACK, TH_RST, TH_SYN } from '../decode/tcp';
import type { TcpFlow } from '../flows/tcpConversations';
import { ltSeq } from '../flows/seqMath';
import { analysisBit } from '../index/analysisFlags';
import { PF_DIRECTION_B } from '../index/packetIndex';
import type { DiagnosisContext, Occurrence } from './context';
import { RFC7323_2_3, RFC7323_3_2, RFC7323_5, RFC9293_3_7_1 } from './references';

const A_RETRANS = analysisBit('retransmission') | analysisBit('spurious_retransmission') | analysisBit('fast_retransmission') | analysisBit('out_of_order');

/** Findings about the options of the SYN and SYN/ACK themselves. */
export function synOptionRules(ctx: DiagnosisContext, flow: TcpFlow): Occurrence[] {
  const out: Occurrence[] = [];
  const { client, server, stream } = flow.summary;
  const seen = new Set<string>();
  for (const i of flow.control) {
    const flags = ctx.tcpFlags(i);
    if (!(flags & TH_SYN) || (flags & TH_RST)) continue;
    const who = ctx.fromClient(flow, i) ? `client ${client}` : `server ${server}`;
    const what = flags & TH_ACK ? 'SYN/ACK' : 'SYN';
    const syns = ctx.index.syns;
    const k = syns.find(i);
    if (k < 0) continue;
    const shift = syns.wscale[k];
    if (shift > 14 && !seen.has('ws' + who)) {
      seen.add('ws' + who);
      out.push({
        rule: 'tcp.options.wscale-too-large', severity: 'warning', confidence: 'high', stream, client, server, packets: [i + 1],
        title: `${what} from the ${who} offers window scale ${shift}, above the maximum 14`,
        explanation: `RFC 7323 §2.3 limits the shift count to 14; receivers treat a larger value as 14 (Linux logs "Illegal window scaling value"). The sender's idea of the window and the receiver's then differ, which stalls transfers on large windows.`,
        fixes: [], references: [RFC7323_2_3],
      });
    }
    const nops = syns.nops[k];
    const meaningful = syns.options[k];
    if (nops >= 4 && meaningful <= 1 && !seen.has('nop' + who)) {
      seen.add('nop' + who);
      out.push({
        rule: 'tcp.options.stripped', severity: 'warning', confidence: 'medium', stream, client, server, packets: [i + 1],
        title: `${what} from the ${who} has its options overwritten with NOPs`,
        explanation: `The ${what} carries ${nops} NOP bytes and ${meaningful ? 'almost ' : ''}no real option: no stack sends that. A middlebox replaced the options with NOPs (keeping the header length), which silently disables window scaling, SACK and timestamps — slow transfers on long fat paths are the usual symptom.`,
        fixes: [], references: [RFC9293_3_7_1],
      });
    }
    if (!(ctx.index.optMask[i] & OPT_MSS) && !seen.has('mss' + who)) {
      seen.add('mss' + who);
      out.push({
        rule: 'tcp.options.mss-missing', severity: 'info', confidence: 'high', stream, client, server, packets: [i + 1],
        title: `${what} from the ${who} has no MSS option`,
        explanation: `Without an MSS option the peer must assume 536 bytes for IPv4 or 1220 for IPv6 (RFC 9293 §3.7.1), so segments stay small. Some middleboxes strip the option; a stack that omits it is rare.`,
        fixes: [], references: [RFC9293_3_7_1],
        groupTitle: (n) => `${n} handshakes with ${server} without MSS option`,
      });
    }
  }
  return out;
}

/**
 * tcp.options.ts-not-negotiated and tcp.options.tsval-backwards, from the
 * per-packet TS presence bit and TSval in the index.
 */
export function timestampUsageRules(ctx: DiagnosisContext, flow: TcpFlow): Occurrence[] {
  const ix = ctx.index;
  const out: Occurrence[] = [];
  const { client, server, stream } = flow.summary;
  const { clientSynTimestamps: cTs, serverSynTimestamps: sTs } = flow;
  const negotiated = cTs !== undefined && sTs !== undefined ? cTs && sTs : undefined;
  let strayFirst = -1, strayCount = 0;
  const lastTsval = [-1, -1];
  const lastTsvalPacket = [-1, -1];
  let backFirst = -1, backPrev = -1, backCount = 0;
  for (let i = ctx.firstOf(flow); i >= 0; i = ctx.next(i)) {
    if (!ctx.inFlow(flow, i) || !(ix.optMask[i] & OPT_TIMESTAMP)) continue;
    const flags = ix.flags[i] & 0x0fff;
    if (flags & TH_SYN) continue;
    if (negotiated === false) {
      if (strayFirst < 0) strayFirst = i;
      strayCount++;
    }
    if (flags & TH_RST) continue;
    const d = ix.flags[i] & PF_DIRECTION_B ? 1 : 0;
    const v = ix.tsval[i];
    if (lastTsval[d] >= 0 && ltSeq(v, lastTsval[d]) && !(ix.analysis[i] & A_RETRANS)) {
      if (backFirst < 0) { backFirst = i; backPrev = lastTsvalPacket[d]; }
      backCount++;
    }
    if (lastTsval[d] < 0 || !ltSeq(v, lastTsval[d])) { lastTsval[d] = v; lastTsvalPacket[d] = i; }
  }
  if (strayCount) {
    out.push({
      rule: 'tcp.options.ts-not-negotiated', severity: 'warning', confidence: 'high', stream, client, server, packets: [strayFirst + 1],
      title: `${strayCount} segment${strayCount === 1 ? '' : 's'} carry timestamps although the handshake did not negotiate them`,
      explanation: `The ${cTs ? 'SYN/ACK' : 'SYN'} did not carry the timestamp option, so RFC 7323 §3.2 forbids it in the rest of the connection; the first offending segment is frame ${strayFirst + 1}. Receivers ignore it at best; a middlebox that strips the option from handshakes only (or a broken stack) causes this.`,
      fixes: [], references: [RFC7323_3_2],
    });
  }
  if (backCount) {
    out.push({
      rule: 'tcp.options.tsval-backwards', severity: 'warning', confidence: 'medium', stream, client, server, packets: [backPrev + 1, backFirst + 1],
      title: `TSval goes backwards in ${backCount} segment${backCount === 1 ? '' : 's'} (first at frame ${backFirst + 1})`,
      explanation: `Frame ${backFirst + 1} carries TSval ${ix.tsval[backFirst]}, older than ${ix.tsval[backPrev]} sent before it (frame ${backPrev + 1}) in the same direction. The receiver's PAWS check (RFC 7323 §5) drops such segments as old duplicates (Linux counts them in TcpExtPAWSEstab), so they are retransmitted until the connection stalls. Seen when NAT maps several hosts to one address or a load balancer switches backends mid-connection.`,
      fixes: [], references: [RFC7323_5],
    });
  }
  return out;
}
