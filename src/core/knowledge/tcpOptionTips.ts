import type { Capture } from '../capture/openCapture';
import { TH_ACK, TH_SYN } from '../decode/tcp';
import type { TcpOption } from '../decode/tcpOptions';
import { TCPOPT_MSS, TCPOPT_SACK_PERM, TCPOPT_TIMESTAMP, TCPOPT_WSCALE } from '../decode/tcpOptions';
import { endpointText } from '../flows/endpointText';
import type { FlowSummary } from '../flows/flowTypes';
import { AddressFamily } from '../index/addressTable';
import { decodeRow } from '../summary/decodedRow';
import { tcpOptionsOf } from '../summary/tcpInfo';
import { tcpOptionInfo } from './tcpOptionInfo';

/**
 * What one TCP option of one packet means in its context, for the Info column's and the detail
 * tree's tooltips. `token` is the option's text as the Info column prints it ("MSS=1460",
 * "TSecr=2174718965"); `field` is the detail-tree field that holds the value.
 */
export interface OptionTip {
  token: string;
  field: string;
  /** What the option is (kind, RFC) and what this value means here. */
  tip: string;
  warn?: boolean;
}

const ECHO_RULE = 'RFC 7323 §3.2 requires the echo; a Linux client rejects this SYN/ACK and resets.';

/**
 * Tips for packet i's options. `flow` is the packet's conversation from the analysis (when it has
 * run): it says who the client is, what the peer offered and which SYN a SYN/ACK answers.
 */
export function tcpOptionTips(capture: Capture, i: number, flow?: FlowSummary, options?: TcpOption[]): OptionTip[] {
  const ix = capture.index;
  const opts = options ?? tcpOptionsOf(decodeRow(capture, i));
  if (!opts.length) return [];
  const flags = ix.flags[i] & 0x0fff;
  const syn = (flags & TH_SYN) !== 0;
  const synAck = syn && (flags & TH_ACK) !== 0;
  const fromClient = flow ? endpointText(ix, ix.src[i], ix.sport[i]) === flow.client : !synAck;
  const peer = flow?.options?.[fromClient ? 'server' : 'client'];
  const side = fromClient ? 'client' : 'server';
  const out: OptionTip[] = [];
  for (const o of opts) {
    if (o.malformed || o.truncated) continue;
    const info = tcpOptionInfo(o.kind);
    const head = `${info.name} — TCP option kind ${o.kind} (${info.reference}), ${o.length} bytes`;
    const add = (token: string, field: string, context: string, warn = false) => {
      out.push({ token, field, tip: `${head}\n${context}\n${info.summary}`, ...(warn ? { warn } : {}) });
    };
    switch (o.kind) {
      case TCPOPT_MSS: {
        const hdr = ix.addresses.family(ix.src[i]) === AddressFamily.IPv6 ? 60 : 40;
        const size = (o.mss ?? 0) + hdr;
        const mtu = size === 1500 ? ' — a 1500-byte Ethernet MTU' : size < 1500 ? ' — below a 1500-byte MTU: a tunnel, VPN or an MSS-clamping middlebox on the path' : '';
        add(`MSS=${o.mss}`, 'tcp.options.mss_val', `The ${side} accepts segments of up to ${o.mss} bytes of payload: ${o.mss} + ${hdr} bytes of headers = ${size}-byte packets${mtu}.`);
        break;
      }
      case TCPOPT_WSCALE: {
        const shift = o.shift ?? 0;
        const factor = 2 ** Math.min(shift, 14);
        const bad = shift > 14;
        let context = `Shift ${shift}: the ${side}'s window field is multiplied by ${factor} in every later segment.`;
        if (bad) context += ' A shift above 14 is invalid (RFC 7323 §2.3): receivers use 14.';
        if (flow && syn && peer && peer.wscale === undefined) context += ` The ${fromClient ? 'server' : 'client'} did not offer window scaling, so it is off in both directions.`;
        add(`WS=${factor}`, 'tcp.options.wscale.shift', context, bad);
        break;
      }
      case TCPOPT_SACK_PERM: {
        const both = peer ? (peer.sackPerm ? ' Both sides offered it: selective acknowledgements are in use.' : ` The ${fromClient ? 'server' : 'client'} did not offer it: no SACK on this connection.`) : '';
        add('SACK_PERM', 'tcp.options.sack_perm', `The ${side} can receive SACK blocks.${both}`);
        break;
      }
      case TCPOPT_TIMESTAMP: {
        add(`TSval=${o.tsval}`, 'tcp.options.timestamp.tsval', `TSval ${o.tsval} is the ${side}'s timestamp clock when it sent this segment; the peer echoes it in TSecr.`);
        const [context, warn] = tsecrContext(o.tsecr ?? 0, o.tsval ?? 0, i, syn, synAck, flow);
        add(`TSecr=${o.tsecr}`, 'tcp.options.timestamp.tsecr', context, warn);
        break;
      }
      default:
        break;
    }
  }
  return out;
}

function tsecrContext(tsecr: number, tsval: number, i: number, syn: boolean, synAck: boolean, flow: FlowSummary | undefined): [string, boolean] {
  if (syn && !synAck) {
    return tsecr === 0 ? ['TSecr 0 in a SYN: there is nothing to echo yet.', false] : [`TSecr ${tsecr} in a SYN: it should be 0 (nothing to echo yet).`, true];
  }
  if (synAck) {
    if (tsecr === 0 && tsval === 0) return ['TSval and TSecr are both 0: non-conformant (RFC 7323 §3.2), but Linux accepts it.', true];
    const hs = flow?.handshake;
    const me = hs?.synAcks.find((s) => s.frame === i + 1);
    const before = hs?.syns.filter((s) => s.frame < i + 1) ?? [];
    const lastSyn = before[before.length - 1];
    if (me?.echoesSyn === false && lastSyn) {
      return [`TSecr ${tsecr} does not echo the SYN's TSval ${lastSyn.tsval} (packet ${lastSyn.frame}). ${ECHO_RULE}`, true];
    }
    const echoed = before.find((s) => s.tsval === tsecr);
    if (echoed) return [`Echoes the SYN's TSval (packet ${echoed.frame}), as RFC 7323 §3.2 requires.`, false];
    return [`TSecr ${tsecr} must echo the TSval of the SYN this answers.`, false];
  }
  return [`TSecr ${tsecr} echoes the latest TSval received from the peer (RTT measurement and PAWS).`, false];
}
