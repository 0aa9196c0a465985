import type { AnalysisResult } from '../analysis';
import type { Capture } from '../capture/openCapture';
import { TH_ACK, TH_CWR, TH_ECE, TH_FIN, TH_PUSH, TH_RST, TH_SYN, TH_URG } from '../decode/tcp';
import type { TcpOption } from '../decode/tcpOptions';
import { TCPOPT_MSS, TCPOPT_SACK, TCPOPT_SACK_PERM, TCPOPT_TFO, TCPOPT_TIMESTAMP, TCPOPT_WSCALE } from '../decode/tcpOptions';
import { AddressFamily } from '../index/addressTable';
import { PF_DIRECTION_B } from '../index/packetIndex';
import { decodeRow } from '../summary/decodedRow';
import { relativeSeqAck, tcpOptionsOf } from '../summary/tcpInfo';
import { sideOf } from '../verdicts/streamRef';
import { timestampEchoTag } from '../verdicts/timestampEcho';
import { mssText, sackPermText, strippedText } from './optionNegotiationText';
import { senderCheckTag, senderCheckText } from './senderText';
import { tcpOptionInfo } from './tcpOptionInfo';
import { timestampEchoText } from './timestampEchoText';
import { windowFieldText, windowScaleOptionText } from './windowScaleText';

export type { PacketEvidence, TokenNote } from './tokenNoteTypes';
import type { PacketEvidence, TokenNote } from './tokenNoteTypes';

const FLAG_TEXT: Array<[number, string, string, string]> = [
  [TH_SYN, 'SYN', 'RFC 9293 §3.5', 'Synchronize: opens a connection and carries the initial sequence number and the options each side offers.'],
  [TH_ACK, 'ACK', 'RFC 9293 §3.4', 'The Acknowledgment Number field is valid: everything before it was received.'],
  [TH_RST, 'RST', 'RFC 9293 §3.5.3', 'Reset: aborts the connection, or refuses a segment that belongs to no connection.'],
  [TH_FIN, 'FIN', 'RFC 9293 §3.6', 'The sender has no more data: closes its direction of the connection.'],
  [TH_PUSH, 'PSH', 'RFC 9293 §3.9.1', 'Push: deliver the data to the application without waiting for more.'],
  [TH_URG, 'URG', 'RFC 9293 §3.8.5', 'The Urgent Pointer field is valid (rarely used; RFC 6093).'],
  [TH_ECE, 'ECE', 'RFC 3168 §6.1', 'ECN-Echo: on a SYN, ECN is requested; otherwise the receiver saw a congestion mark (CE).'],
  [TH_CWR, 'CWR', 'RFC 3168 §6.1', 'Congestion Window Reduced: the sender reacted to an ECN-Echo.'],
];

interface StreamPacket {
  i: number;
  dir: number;
  flags: number;
}

/**
 * Explanations for the tokens of packet i's line (see lineTokens): options with their kind, length
 * and RFC section, header fields and flags — each with what this value means in the packet's
 * flow. Where that is a verdict (whether a SYN/ACK echoes the SYN, the window after scaling,
 * whether both SYNs offered an option, whether a RST came from its claimed sender) the note
 * renders the analysis's verdict. Only the packet's own stream is walked.
 */
export function tcpTokenNotes(capture: Capture, analysis: AnalysisResult, i: number): TokenNote[] {
  const ix = capture.index;
  const stream = ix.stream[i];
  const ref = analysis.verdicts.refOf(i);
  if (stream < 0 || !ref) return [];
  const verdicts = analysis.verdicts;
  const side = sideOf(ix, ref, i);
  const dir = ix.flags[i] & PF_DIRECTION_B ? 1 : 0;
  const flags = ix.flags[i] & 0x0fff;
  const packets: StreamPacket[] = [];
  for (let j = analysis.extras.firstInStream[stream]; j >= 0; j = analysis.extras.nextInStream[j]) {
    packets.push({ i: j, dir: ix.flags[j] & PF_DIRECTION_B ? 1 : 0, flags: ix.flags[j] & 0x0fff });
  }
  const optionsCache = new Map<number, TcpOption[]>();
  const optionsOf = (j: number) => {
    let o = optionsCache.get(j);
    if (!o) optionsCache.set(j, (o = tcpOptionsOf(decodeRow(capture, j))));
    return o;
  };
  const ownSyn = packets.find((p) => p.dir === dir && p.flags & TH_SYN);
  const isSyn = (flags & TH_SYN) !== 0;
  const { seq, ack } = relativeSeqAck(ix, i);
  const notes: TokenNote[] = [];
  const add = (token: string, heading: string, summary: string, meaning: string, occurrence = 0, verdict?: string) =>
    notes.push({ token, occurrence, heading, summary, meaning, ...(verdict ? { verdict } : {}) });
  const optionHeading = (o: TcpOption) => {
    const info = tcpOptionInfo(o.kind);
    return `${info.name} option (kind ${o.kind}, ${o.length} bytes) · ${info.reference}`;
  };
  const frame = (j: number) => `frame ${j + 1}`;

  let sackBlock = 0;
  for (const o of optionsOf(i)) {
    if (o.malformed || o.truncated) continue;
    const info = tcpOptionInfo(o.kind);
    switch (o.kind) {
      case TCPOPT_MSS: {
        const v6 = ix.addresses.family(ix.src[i]) === AddressFamily.IPv6;
        add(
          'MSS',
          optionHeading(o),
          info.summary,
          isSyn ? mssText(verdicts.negotiation(ref), side, v6) : `This side accepts segments of up to ${o.mss} payload bytes.`,
        );
        break;
      }
      case TCPOPT_WSCALE: {
        const v = verdicts.windowScaling(ref);
        add('WS', optionHeading(o), info.summary, windowScaleOptionText(v, side, verdicts.negotiation(ref)), 0, `window-scaling:${v.state}`);
        break;
      }
      case TCPOPT_SACK_PERM: {
        const v = verdicts.negotiation(ref);
        add('SACK_PERM', optionHeading(o), info.summary, sackPermText(v, side), 0, `option-negotiation:sack:${v.sackPerm}`);
        break;
      }
      case TCPOPT_SACK:
        for (const [l, r] of o.blocks ?? []) {
          const rev = dir ^ 1;
          const sle = ix.tcpStreams.relative(stream, rev, l, i),
            sre = ix.tcpStreams.relative(stream, rev, r, i);
          const meaning = `This receiver holds the peer's bytes ${sle}–${sre} beyond its cumulative ACK ${ack}: the ${sle - ack} bytes from ${ack} to ${sle} are missing, and only they need retransmitting.`;
          add('SLE', optionHeading(o), info.summary, meaning, sackBlock);
          add('SRE', optionHeading(o), info.summary, meaning, sackBlock);
          sackBlock++;
        }
        break;
      case TCPOPT_TIMESTAMP: {
        add('TSval', optionHeading(o), info.summary, tsvalMeaning(o.tsval!, i, dir, flags, packets, optionsOf));
        const echo = (flags & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK) ? verdicts.timestampEcho(ref, i) : undefined;
        if (echo) add('TSecr', optionHeading(o), info.summary, timestampEchoText(echo), 0, timestampEchoTag(echo));
        else add('TSecr', optionHeading(o), info.summary, tsecrMeaning(o.tsecr!, i, dir, flags, packets, optionsOf));
        break;
      }
      case TCPOPT_TFO:
        add(
          'TFO',
          optionHeading(o),
          info.summary,
          o.cookie
            ? `Carries a Fast Open cookie (${o.cookie}): the server issued it earlier, so data in this SYN can be accepted before the handshake completes.`
            : 'An empty cookie option: the client asks the server for a Fast Open cookie to use on later connections.',
        );
        break;
    }
  }

  const rawWin = ix.win[i];
  const winMeaning = windowFieldText(verdicts.effectiveWindow(i));
  add(
    'Win',
    'Window field · RFC 9293 §3.1, RFC 7323 §2',
    'How many bytes, beyond the acknowledged ones, the sender of this segment is willing to receive.',
    rawWin === 0 && !(flags & TH_RST) ? `${winMeaning} A zero window: the receiver's buffer is full and the peer must stop sending and probe.` : winMeaning,
  );
  add(
    'Seq',
    'Sequence number · RFC 9293 §3.4',
    "Position of this segment's first byte in the sender's byte stream; shown relative to the initial sequence number, as Wireshark does.",
    `Relative ${seq} (raw ${ix.seq[i]}).${isSyn ? ' A SYN carries the initial sequence number and counts as one byte.' : ''}`,
  );
  if (flags & TH_ACK)
    add(
      'Ack',
      'Acknowledgment number · RFC 9293 §3.4',
      'The next byte this side expects from the peer: everything before it arrived.',
      `Relative ${ack} (raw ${ix.ack[i]}).`,
    );
  add('Len', 'Segment payload length', 'Bytes of data this segment carries after the TCP header.', `${ix.payloadLen(i)} bytes.`);

  const ownSynIsThis = ownSyn?.i === i;
  for (const [bit, name, reference, summary] of FLAG_TEXT) {
    if (!(flags & bit)) continue;
    let meaning = '';
    let verdict: string | undefined;
    if (bit === TH_SYN) {
      const retries = packets.filter((p) => p.dir === dir && p.flags & TH_SYN && p.i <= i);
      meaning =
        flags & TH_ACK
          ? 'SYN/ACK: the server accepts the connection and offers its own options.'
          : retries.length > 1
            ? `Attempt ${retries.length} of this SYN: the earlier ones (${retries
                .slice(0, -1)
                .map((p) => frame(p.i))
                .join(', ')}) got no usable answer.`
            : ownSynIsThis
              ? "The client's first SYN: it opens the connection."
              : 'A SYN.';
      const offer = verdicts.negotiation(ref)[side];
      if (offer?.packet === i && offer.stripped) {
        meaning += ` ${strippedText(offer, side)}`;
        verdict = 'option-negotiation:stripped';
      }
    } else if (bit === TH_RST) {
      meaning =
        flags & TH_ACK
          ? 'A reset with ACK: it answers a segment the sender could not accept (typically a SYN to a closed port).'
          : 'A reset without ACK: its sequence number is the acknowledgment number of the segment it answers (RFC 9293 §3.10.7.3), e.g. a client rejecting an unacceptable SYN/ACK.';
      const sender = verdicts.sender(ref, i);
      if (!sender.plausible) {
        meaning += ` But this one did not come from the ${side}: ${senderCheckText(sender)}`;
        verdict = senderCheckTag(sender);
      }
    } else if (bit === TH_ECE && isSyn) {
      meaning = 'With CWR on a SYN, or alone on a SYN/ACK: ECN negotiation.';
    }
    add(name, `${name} flag · ${reference}`, summary, meaning, 0, verdict);
  }
  return notes;
}

function tsvalMeaning(tsval: number, i: number, dir: number, flags: number, packets: StreamPacket[], optionsOf: (j: number) => TcpOption[]): string {
  let meaning = `This side's timestamp clock read ${tsval}.`;
  if (tsval === 0 && flags & TH_SYN)
    meaning += ' 0 is legal but unusual: Linux adds a random per-connection offset, so a zero often comes from a device that generated the packet.';
  const at = packets.findIndex((p) => p.i === i);
  // A pure SYN's TSecr is always 0 and echoes nothing.
  const reply = packets
    .slice(at + 1)
    .find((p) => p.dir !== dir && (p.flags & (TH_SYN | TH_ACK)) !== TH_SYN && optionsOf(p.i).some((o) => o.kind === TCPOPT_TIMESTAMP));
  if (!reply) return `${meaning} No later packet from the peer echoes timestamps in this capture.`;
  const echo = optionsOf(reply.i).find((o) => o.kind === TCPOPT_TIMESTAMP)!.tsecr;
  return echo === tsval
    ? `${meaning} The peer's next packet (frame ${reply.i + 1}) echoes it in TSecr.`
    : `${meaning} The peer's next packet (frame ${reply.i + 1}) echoes ${echo} instead.`;
}

function tsecrMeaning(tsecr: number, i: number, dir: number, flags: number, packets: StreamPacket[], optionsOf: (j: number) => TcpOption[]): string {
  const before = packets
    .filter((p) => p.i < i && p.dir !== dir)
    .map((p) => ({ p, ts: optionsOf(p.i).find((o) => o.kind === TCPOPT_TIMESTAMP) }))
    .filter((x) => x.ts);
  if ((flags & (TH_SYN | TH_ACK)) === TH_SYN)
    return tsecr === 0
      ? 'A SYN has nothing to echo yet: TSecr is 0, as RFC 7323 §3.2 requires.'
      : `A SYN should carry TSecr 0 (RFC 7323 §3.2); this one carries ${tsecr}.`;
  if ((flags & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK)) return `Should echo the SYN's TSval; the SYN/ACK carries TSecr ${tsecr}.`;
  if (!before.length) return 'No packet from the peer with timestamps precedes this one in the capture.';
  const latest = before[before.length - 1];
  if (latest.ts!.tsval === tsecr) return `Echoes the peer's latest TSval (frame ${latest.p.i + 1}).`;
  const older = [...before].reverse().find((x) => x.ts!.tsval === tsecr);
  if (older)
    return `Echoes the TSval of an earlier peer segment (frame ${older.p.i + 1}), not the latest (frame ${latest.p.i + 1}): normal when ACKs are delayed or segments arrive out of order (RFC 7323 §4.3).`;
  return `Does not echo any TSval the peer sent in this capture (its latest is ${latest.ts!.tsval}, frame ${latest.p.i + 1}).`;
}

/** Markdown for a hover: what the token is, and what it means here; findings this packet is evidence of. */
export function tokenNoteMarkdown(note: TokenNote, evidence: PacketEvidence[] = []): string {
  const parts = [`**${note.heading}**`, note.summary];
  if (note.meaning) parts.push(`*In this packet:* ${note.meaning}`);
  for (const e of evidence) parts.push(`Evidence for \`${e.rule}\`: ${e.title}`);
  return parts.join('\n\n');
}
