import type { Capture } from '../capture/openCapture';
import { analysisBit } from '../index/analysisFlags';
import { ackedAhead } from './ackedAhead';
import type { DiagnosisContext, Draft } from './context';

/** Fewer than this many acknowledgments ahead of their data is a capture-timestamp accident, not a pattern. */
const MIN_EARLY = 3;
/** Pairs (acknowledgment, late data) shown as evidence. */
const EVIDENCE_PAIRS = 3;

const A_SPURIOUS = analysisBit('spurious_retransmission');
const A_RESENT = analysisBit('retransmission') | analysisBit('fast_retransmission') | analysisBit('out_of_order');
const A_ACKED_UNSEEN = analysisBit('ack_lost_segment');
const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;

/**
 * capture.reorder: packets acknowledge (or answer) data the capture shows only afterwards, moments
 * later — the capture put the two directions out of order (a SPAN/mirror port with separate queues
 * per direction, several capture interfaces merged). Said once for the capture; the "ACKed unseen
 * segment" and "spurious retransmission" marks it leaves are not transfer problems.
 */
export function captureReorderRule(ctx: DiagnosisContext, _capture: Capture): Draft[] {
  const { early, late } = ackedAhead(ctx);
  if (early.length < MIN_EARLY) return [];
  const ix = ctx.index;
  const streams = [...new Set(early.map((e) => e.stream))].sort((a, b) => a - b);
  const replies = early.filter((e) => ix.payloadLen(e.ack) > 0).length;
  const leads = early.map((e) => e.lead).sort((a, b) => a - b);
  const median = leads[Math.floor(leads.length / 2)],
    longest = leads[leads.length - 1];
  let unseenMarks = 0,
    resentMarks = 0;
  for (const e of early) if (ix.analysis[e.ack] & A_ACKED_UNSEEN) unseenMarks++;
  for (const i of late) if (ix.analysis[i] & (A_SPURIOUS | A_RESENT)) resentMarks++;
  const first = early.slice(0, EVIDENCE_PAIRS);
  const frames = first.flatMap((e) => [e.ack + 1, e.data + 1]);
  const [e0] = early;
  const kinds =
    replies === early.length
      ? 'replies before the requests they answer'
      : replies
        ? `ACKs before the data they acknowledge (${replies} of them replies before their requests)`
        : 'ACKs before the data they acknowledge';
  return [
    {
      confidence: 'high',
      stream: -1,
      packets: frames,
      covers: streams,
      title: `The capture reorders the two directions: ${early.length} ${kinds}, up to ${ms(longest)} ahead, on ${streams.length} connection${streams.length === 1 ? '' : 's'}`,
      explanation: [
        `Frame ${e0.ack + 1} acknowledges data that the capture shows only in frame ${e0.data + 1}, ${ms(e0.lead)} later — for the first time, not as a resend. A receiver can only acknowledge what it has received, so on a capture point on the path its ACK always comes after the data. ${early.length} packets do this (the acknowledgment up to ${ms(longest)} ahead, ${ms(median)} typically), and every byte they acknowledge does show up: nothing is missing, the order is wrong.`,
        "The capture, not the network, put the two directions out of order: a switch's SPAN/mirror port copies the frames a port receives and the frames it sends through separate queues, and the busier direction's copies fall behind (the same happens when two capture interfaces, or the two outputs of a non-aggregating TAP, are merged by timestamp). The endpoints saw nothing of it.",
        `So the marks it leaves are artefacts: tshark's "[TCP ACKed unseen segment]" (${unseenMarks} here) and "[TCP Spurious Retransmission]"/"Out-Of-Order" on data that was sent once (${resentMarks} segments). They are not loss, retransmissions or capture drops, and the transfer findings leave them out. Round-trip times and gaps measured across the two directions of this capture are off by up to the lead above; each direction on its own is in order.`,
      ].join('\n\n'),
      about: { frames: frames.join(' ') },
      references: ['https://wiki.wireshark.org/CaptureSetup/Ethernet'],
    },
  ];
}
