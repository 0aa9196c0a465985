import type { AnalysisResult } from '../analysis';
import type { Capture } from '../capture/openCapture';
import { TH_ACK, TH_RST, TH_SYN, tcpFlagsText } from '../decode/tcp';
import { TCPOPT_MSS, TCPOPT_SACK, TCPOPT_SACK_PERM, TCPOPT_TIMESTAMP, TCPOPT_WSCALE } from '../decode/tcpOptions';
import { clientDirectionOf } from '../flows/tcpConversations';
import { analysisInfoTags } from '../index/analysisFlags';
import { PF_DIRECTION_B } from '../index/packetIndex';
import { tcpOptionInfo } from '../knowledge/tcpOptionInfo';
import { decodeRow } from '../summary/decodedRow';
import { relativeSeqAck, tcpOptionsOf } from '../summary/tcpInfo';
import type { LadderArrow, LadderModel, LadderToken } from './ladderTypes';

export type { LadderArrow, LadderModel, LadderToken } from './ladderTypes';

const MAX_ARROWS = 300;

/**
 * What the handshake/ladder diagram draws for one TCP stream, computed on the
 * host so the webview only lays it out: one arrow per packet with flags,
 * relative numbers and options, suspicious values marked and explained, SYN
 * retry intervals and the finding behind each reset written beside them.
 */
export function ladderModel(capture: Capture, analysis: AnalysisResult, stream: number): LadderModel | undefined {
  const flow = analysis.flows.find((f) => f.transport === 'tcp' && f.stream === stream);
  if (!flow) return undefined;
  const ix = capture.index;
  const findings = analysis.findings.filter((f) => f.streams.includes(stream));
  const evidence = new Map<number, string>();
  for (const f of findings) for (const p of f.packets) if (!evidence.has(p)) evidence.set(p, f.title);
  const tsecrBad = findings.some((f) => f.rule === 'tcp.handshake.tsecr-mismatch');
  const model: LadderModel = { stream, client: flow.client, server: flow.server, arrows: [], truncated: false };
  if (tsecrBad) {
    model.middle = {
      label: 'middlebox?',
      tip: 'The SYN/ACK arrives with a timestamp the client never sent: something between the server and the capture point (firewall, NAT, SYN proxy) probably rewrote it.',
    };
  }
  const clientDir = clientDirectionOf(ix, flow);
  const synTsvals: Array<[number, number]> = [];
  let lastSyn = -1;
  /** The last SYN/ACK whose TSecr did not echo: a client RST right after it is its rejection. */
  let rejectedSynAck = -1;
  // Times count from the stream's first packet with a timestamp; one without (pcapng Simple
  // Packet Block) keeps the time of the arrow before it.
  let t0 = -1, at = 0;
  for (let i = analysis.extras.firstInStream[stream]; i >= 0; i = analysis.extras.nextInStream[i]) {
    if (model.arrows.length >= MAX_ARROWS) {
      model.truncated = true;
      break;
    }
    const fromClient = (ix.flags[i] & PF_DIRECTION_B ? 1 : 0) === clientDir;
    const flags = ix.flags[i] & 0x0fff;
    const { seq, ack } = relativeSeqAck(ix, i);
    const tokens: LadderToken[] = [];
    const tags = ix.analysis[i] ? analysisInfoTags(ix.analysis[i], ix.dupAcks.get(i)).trim() : '';
    if (tags) tokens.push({ text: tags, warn: true });
    tokens.push({ text: `[${tcpFlagsText(flags)}]` }, { text: `Seq=${seq}` });
    if (flags & TH_ACK) tokens.push({ text: `Ack=${ack}` });
    tokens.push({ text: `Len=${ix.payloadLen(i)}` });
    for (const o of tcpOptionsOf(decodeRow(capture, i))) {
      const info = tcpOptionInfo(o.kind);
      const tip = `${info.name} (kind ${o.kind}, ${o.length} bytes, ${info.reference}): ${info.summary}`;
      if (o.malformed) tokens.push({ text: `${info.token}?`, warn: true, tip: `Malformed: ${o.malformed}. ${tip}` });
      else if (o.kind === TCPOPT_MSS) tokens.push({ text: `MSS=${o.mss}`, tip });
      else if (o.kind === TCPOPT_WSCALE) tokens.push({ text: `WS=${2 ** Math.min(o.shift ?? 0, 14)}`, warn: (o.shift ?? 0) > 14, tip });
      else if (o.kind === TCPOPT_SACK_PERM) tokens.push({ text: 'SACK_PERM', tip });
      else if (o.kind === TCPOPT_SACK) tokens.push({ text: `SACK×${o.blocks?.length ?? 0}`, tip });
      else if (o.kind === TCPOPT_TIMESTAMP) {
        tokens.push({ text: `TSval=${o.tsval}`, tip });
        const isSynAck = (flags & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK) && !fromClient;
        const echoed = synTsvals.find(([, v]) => v === o.tsecr);
        if (isSynAck && o.tsecr !== 0 && synTsvals.length && !echoed) {
          const [frame, v] = synTsvals[synTsvals.length - 1];
          tokens.push({ text: `TSecr=${o.tsecr}`, warn: true, tip: `TSecr ${o.tsecr} does not echo the SYN's TSval ${v} (packet ${frame}). RFC 7323 §3.2 requires the echo; a Linux client rejects this SYN/ACK and resets.` });
          rejectedSynAck = i;
        } else if (isSynAck && o.tsecr === 0 && o.tsval === 0) {
          tokens.push({ text: 'TSecr=0', warn: true, tip: 'TSval and TSecr are both 0: non-conformant (RFC 7323 §3.2), but Linux accepts it.' });
        } else tokens.push({ text: `TSecr=${o.tsecr}`, tip: isSynAck && echoed ? `Echoes the SYN's TSval (packet ${echoed[0]}).` : tip });
        if ((flags & (TH_SYN | TH_ACK)) === TH_SYN && fromClient) synTsvals.push([i + 1, o.tsval!]);
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
    if (flags & TH_RST && because) arrow.note = because;
    else if (flags & TH_RST && fromClient && rejectedSynAck >= 0 && ix.seq[i] === ix.ack[rejectedSynAck]) {
      // Every reset of a rejected SYN/ACK gets its cause, not only the one cited as evidence.
      arrow.note = `Client rejects the SYN/ACK (packet ${rejectedSynAck + 1}): its TSecr does not echo the SYN`;
      arrow.warn = true;
    }
    if (flags & TH_RST) rejectedSynAck = -1;
    model.arrows.push(arrow);
  }
  return model;
}

function round(x: number, digits = 6): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}
