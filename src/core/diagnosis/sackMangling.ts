import { OPT_SACK } from '../decode/fields';
import { TH_SYN } from '../decode/tcp';
import type { TcpFlow } from '../flows/tcpConversations';
import { analysisBit } from '../index/analysisFlags';
import { captureSackReader } from '../summary/tcpInfo';
import type { DiagnosisContext, Draft } from './context';
import { RFC2018, RFC9293_3_10_7 } from './references';

/** tshark's plain "retransmission": not a fast one (a fast retransmission follows duplicate ACKs). */
const A_RETRANSMISSION = analysisBit('retransmission');
const A_FAST_RETRANSMISSION = analysisBit('fast_retransmission');
/** SACK blocks that point outside the data sent, in as many ACKs, before the rule speaks. */
const MIN_MANGLED = 2;

/**
 * tcp.options.sack-mangled: SACK blocks that lie far outside anything the data sender ever sent —
 * the ACK numbers were rewritten into its sequence space and the SACK blocks were not: a
 * firewall randomising initial sequence numbers (Cisco ASA "sequence number randomization", …)
 * that does not translate the SACK option (RFC 2018). The sender discards such blocks
 * (Linux: TcpExtTCPSACKDiscard), so SACK and RACK recovery cannot work and every loss waits for
 * the retransmission timeout. Only visible on the data sender's side of the middlebox.
 */
export function sackMangledRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const ix = ctx.index;
  // Each side's first and highest sequence number sent (serial arithmetic, from its SYN or first segment).
  const low = [-1, -1],
    high = [0, 0];
  const acks: number[] = [];
  for (let i = ctx.firstOf(flow); i >= 0; i = ctx.next(i)) {
    if (!ctx.inFlow(flow, i)) continue;
    const side = ctx.fromClient(flow, i) ? 0 : 1;
    const end = (ix.seq[i] + ix.payloadLen(i) + (ctx.tcpFlags(i) & TH_SYN ? 1 : 0)) >>> 0;
    if (low[side] < 0) {
      low[side] = ix.seq[i];
      high[side] = end;
    } else if (((end - high[side]) | 0) > 0) high[side] = end;
    if (ix.optMask[i] & OPT_SACK) acks.push(i);
  }
  if (acks.length < MIN_MANGLED) return [];
  const blocksOf = ctx.memo(flow, 'sackReader', () => captureSackReader(ctx.capture));
  const mangled: { i: number; le: number; re: number }[] = [];
  for (const i of acks) {
    const sender = ctx.fromClient(flow, i) ? 1 : 0;
    if (low[sender] < 0) continue;
    for (const [le, re] of blocksOf(i)) {
      // A block (D-SACK included) lies within what the data sender sent: [its ISN, its highest sequence].
      const inside = ((le - low[sender]) | 0) >= 0 && ((high[sender] - re) | 0) >= 0;
      if (!inside) {
        mangled.push({ i, le, re });
        break;
      }
    }
  }
  if (mangled.length < MIN_MANGLED) return [];
  const first = mangled[0];
  const senderIsServer = ctx.fromClient(flow, first.i);
  const { client, server, stream } = flow.summary;
  let timeouts = 0,
    fast = 0,
    firstTimeout = -1;
  for (let i = first.i; i >= 0; i = ctx.next(i)) {
    if (!ctx.inFlow(flow, i) || ctx.fromClient(flow, i) === senderIsServer || !ix.payloadLen(i)) continue;
    if (ix.analysis[i] & A_FAST_RETRANSMISSION) fast++;
    else if (ix.analysis[i] & A_RETRANSMISSION) {
      timeouts++;
      if (firstTimeout < 0) firstTimeout = i;
    }
  }
  const ack = ix.ack[first.i];
  const offset = (first.le - ack) | 0;
  const sender = senderIsServer ? `server ${server}` : `client ${client}`;
  const receiver = senderIsServer ? `client ${client}` : `server ${server}`;
  return [
    {
      confidence: timeouts ? 'high' : 'medium',
      stream,
      client,
      server,
      side: senderIsServer ? 'server' : 'client',
      packets: [first.i + 1, ...mangled.slice(1, 3).map((m) => m.i + 1), ...(firstTimeout >= 0 ? [firstTimeout + 1] : [])],
      title: `SACK blocks from the ${receiver} point ${offsetText(offset)} away from its ACK number, outside anything the ${sender} sent (${mangled.length} ACKs)${timeouts ? `: ${timeouts} retransmissions follow, ${fast ? `only ${fast}` : 'none'} fast` : ''}`,
      explanation: [
        `The ACK in frame ${first.i + 1} acknowledges ${ack} but its SACK block is ${first.le}-${first.re}, ${offsetText(offset)} away, beyond the sequence numbers the ${sender} ever sent; ${mangled.length} ACKs carry such blocks. A device between the endpoints rewrites the sequence and acknowledgment numbers (firewall "sequence number randomisation") and leaves the SACK option alone, so the blocks are in the other side's sequence space.`,
        `The sender discards blocks it never sent (Linux counts them in TcpExtTCPSACKDiscard), so selective acknowledgment cannot repair a loss: ${timeouts ? `from there the ${sender} retransmitted ${timeouts} segments (first: frame ${firstTimeout + 1}), ${fast ? `only ${fast}` : 'none'} by fast retransmission —` : ''} each loss waits for the retransmission timeout and slow-starts again, so a few lost segments cost seconds. This shows only in a capture on the data sender's side of the device; on the other side everything looks consistent.`,
        'Real fix: disable sequence randomisation on the firewall for this traffic, or make it rewrite SACK blocks too. Workaround: net.ipv4.tcp_sack = 0 on the data sender.',
      ].join('\n\n'),
      references: [RFC2018, RFC9293_3_10_7],
      groupTitle: (n) => `Mangled SACK blocks on ${n} connections with ${server}`,
    },
  ];
}

function offsetText(offset: number): string {
  const abs = Math.abs(offset);
  const size = abs >= 2 ** 30 ? `${(abs / 2 ** 30).toFixed(abs % 2 ** 30 ? 2 : 0)} GiB` : abs >= 2 ** 20 ? `${(abs / 2 ** 20).toFixed(1)} MiB` : `${abs} bytes`;
  return `${size}`;
}
