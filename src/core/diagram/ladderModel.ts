import type { AnalysisResult } from '../analysis';
import type { Capture } from '../capture/openCapture';
import { TH_ACK, TH_RST, TH_SYN, tcpFlagsText } from '../decode/tcp';
import { TCPOPT_MSS, TCPOPT_SACK, TCPOPT_SACK_PERM, TCPOPT_TIMESTAMP, TCPOPT_WSCALE } from '../decode/tcpOptions';
import { AddressFamily } from '../index/addressTable';
import { analysisInfoTags } from '../index/analysisFlags';
import { mssMissingText, mssText, sackPermText, strippedText } from '../knowledge/optionNegotiationText';
import { senderCheckTag, senderCheckText } from '../knowledge/senderText';
import { tcpOptionInfo } from '../knowledge/tcpOptionInfo';
import { timestampEchoText } from '../knowledge/timestampEchoText';
import { windowScaleOptionText } from '../knowledge/windowScaleText';
import { decodeRow } from '../summary/decodedRow';
import { relativeSeqAck, tcpOptionsOf } from '../summary/tcpInfo';
import { isFromClient, sideOf } from '../verdicts/streamRef';
import { timestampEchoTag } from '../verdicts/timestampEcho';
import { windowScaleFactor } from '../verdicts/windowScaling';
import type { LadderArrow, LadderModel, LadderToken } from './ladderTypes';

export type { LadderArrow, LadderModel, LadderToken } from './ladderTypes';

const MAX_ARROWS = 300;

/**
 * What the handshake/ladder diagram draws for one TCP stream, computed on the
 * host so the webview only lays it out: one arrow per packet with flags,
 * relative numbers and options, suspicious values marked and explained, SYN
 * retry intervals and the finding behind each reset written beside them. What is
 * suspicious is the analysis's verdict (timestamp echo, window scaling, option
 * negotiation, plausible sender): the diagram draws it, it does not judge again.
 */
export function ladderModel(capture: Capture, analysis: AnalysisResult, stream: number): LadderModel | undefined {
  const flow = analysis.flows.find((f) => f.transport === 'tcp' && f.stream === stream);
  const verdicts = analysis.verdicts;
  const ref = verdicts.ref(stream);
  if (!flow || !ref) return undefined;
  const ix = capture.index;
  const findings = analysis.findings.filter((f) => f.streams.includes(stream));
  const evidence = new Map<number, string>();
  for (const f of findings) for (const p of f.packets) if (!evidence.has(p)) evidence.set(p, f.title);
  const model: LadderModel = { stream, client: flow.client, server: flow.server, arrows: [], truncated: false };
  const echoes = verdicts.timestampEchoes(ref);
  const negotiation = verdicts.negotiation(ref);
  const scaling = verdicts.windowScaling(ref);
  if (echoes.some((e) => e.kind === 'mismatch' || e.kind === 'zero-both' || e.kind === 'zero-tsecr')) {
    model.middle = {
      label: 'middlebox?',
      tip: 'The SYN/ACK arrives with a timestamp echo the client never sent: something between the server and the capture point (firewall, NAT, SYN proxy) probably rewrote or generated it.',
    };
  }
  /** The client's RSTs that reject a SYN/ACK, by RST, with the SYN/ACK. */
  const rejections = new Map(echoes.filter((e) => e.client === 'rejected' && e.conformant === false).map((e) => [e.answer!, e.synAck]));
  let lastSyn = -1;
  // Times count from the stream's first packet with a timestamp; one without (pcapng Simple
  // Packet Block) keeps the time of the arrow before it.
  let t0 = -1,
    at = 0;
  for (let i = analysis.extras.firstInStream[stream]; i >= 0; i = analysis.extras.nextInStream[i]) {
    if (model.arrows.length >= MAX_ARROWS) {
      model.truncated = true;
      break;
    }
    const fromClient = isFromClient(ix, ref, i);
    const side = sideOf(ix, ref, i);
    const flags = ix.flags[i] & 0x0fff;
    const syn = (flags & TH_SYN) !== 0;
    const { seq, ack } = relativeSeqAck(ix, i);
    const tokens: LadderToken[] = [];
    const tags = ix.analysis[i] ? analysisInfoTags(ix.analysis[i], ix.dupAcks.get(i)).trim() : '';
    if (tags) tokens.push({ text: tags, warn: true });
    tokens.push({ text: `[${tcpFlagsText(flags)}]` }, { text: `Seq=${seq}` });
    if (flags & TH_ACK) tokens.push({ text: `Ack=${ack}` });
    tokens.push({ text: `Len=${ix.payloadLen(i)}` });
    const offer = syn ? negotiation[side] : undefined;
    if (offer?.packet === i && offer.stripped)
      tokens.push({ text: `NOP×${offer.nops}`, warn: true, tip: strippedText(offer, side), verdict: 'option-negotiation:stripped' });
    if (offer?.packet === i && offer.mss === undefined && !(flags & TH_RST)) {
      tokens.push({
        text: 'no MSS',
        warn: true,
        tip: mssMissingText(negotiation, side, ix.addresses.family(ix.src[i]) === AddressFamily.IPv6),
        verdict: 'option-negotiation:mss-missing',
      });
    }
    for (const o of tcpOptionsOf(decodeRow(capture, i))) {
      const info = tcpOptionInfo(o.kind);
      const tip = `${info.name} (kind ${o.kind}, ${o.length} bytes, ${info.reference}): ${info.summary}`;
      if (o.malformed) tokens.push({ text: `${info.token}?`, warn: true, tip: `Malformed: ${o.malformed}. ${tip}` });
      else if (o.kind === TCPOPT_MSS)
        tokens.push({ text: `MSS=${o.mss}`, tip: syn ? `${tip}\n${mssText(negotiation, side, ix.addresses.family(ix.src[i]) === AddressFamily.IPv6)}` : tip });
      else if (o.kind === TCPOPT_WSCALE) {
        const tooLarge = syn && scaling.syn[fromClient ? 0 : 1] === i && scaling.tooLarge[fromClient ? 0 : 1];
        tokens.push({
          text: `WS=${windowScaleFactor(o.shift ?? 0)}`,
          warn: tooLarge,
          tip: syn ? `${tip}\n${windowScaleOptionText(scaling, side, negotiation)}` : tip,
          verdict: `window-scaling:${scaling.state}`,
        });
      } else if (o.kind === TCPOPT_SACK_PERM) tokens.push({ text: 'SACK_PERM', tip: syn ? `${tip}\n${sackPermText(negotiation, side)}` : tip });
      else if (o.kind === TCPOPT_SACK) tokens.push({ text: `SACK×${o.blocks?.length ?? 0}`, tip });
      else if (o.kind === TCPOPT_TIMESTAMP) {
        tokens.push({ text: `TSval=${o.tsval}`, tip });
        const echo = (flags & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK) ? echoes.find((e) => e.synAck === i) : undefined;
        if (echo) tokens.push({ text: `TSecr=${o.tsecr}`, warn: echo.conformant === false, tip: timestampEchoText(echo), verdict: timestampEchoTag(echo) });
        else tokens.push({ text: `TSecr=${o.tsecr}`, tip });
      }
    }
    if (ix.hasTime(i)) {
      if (t0 < 0) t0 = i;
      at = round(ix.secondsBetween(t0, i));
    }
    const arrow: LadderArrow = { frame: i + 1, at, from: fromClient ? 'client' : 'server', tokens };
    const because = evidence.get(i + 1);
    if (because) arrow.warn = true;
    if ((flags & (TH_SYN | TH_ACK)) === TH_SYN && fromClient) {
      if (lastSyn >= 0) arrow.note = `+${round(arrow.at - model.arrows[lastSyn].at, 1)} s: SYN retry`;
      lastSyn = model.arrows.length;
    }
    if (flags & TH_RST) {
      const sender = verdicts.sender(ref, i);
      const rejected = rejections.get(i);
      if (!sender.plausible) {
        // Drawn from its claimed sender, with why it cannot be theirs.
        tokens.push({ text: 'forged?', warn: true, tip: senderCheckText(sender), verdict: senderCheckTag(sender) });
        arrow.warn = true;
        model.middle ??= {
          label: 'middlebox?',
          tip: `A packet claiming to come from the ${side} was sent by something in between: ${senderCheckText(sender)}`,
        };
      }
      if (because) arrow.note = because;
      else if (rejected !== undefined) {
        // Every reset of a rejected SYN/ACK gets its cause, not only the one cited as evidence.
        arrow.note = `Client rejects the SYN/ACK (packet ${rejected + 1}): its TSecr does not echo the SYN`;
        arrow.warn = true;
      }
    }
    model.arrows.push(arrow);
  }
  return model;
}

function round(x: number, digits = 6): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}
