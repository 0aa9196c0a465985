import type { Capture } from '../capture/openCapture';
import { TH_ACK, TH_SYN } from '../decode/tcp';
import type { TcpOption } from '../decode/tcpOptions';
import { TCPOPT_MSS, TCPOPT_SACK_PERM, TCPOPT_TIMESTAMP, TCPOPT_WSCALE } from '../decode/tcpOptions';
import { AddressFamily } from '../index/addressTable';
import { decodeRow } from '../summary/decodedRow';
import { tcpOptionsOf } from '../summary/tcpInfo';
import type { CaptureVerdicts } from '../verdicts/captureVerdicts';
import { sideOf } from '../verdicts/streamRef';
import { timestampEchoTag } from '../verdicts/timestampEcho';
import { windowScaleFactor } from '../verdicts/windowScaling';
import { mssText, sackPermText } from './optionNegotiationText';
import { tcpOptionInfo } from './tcpOptionInfo';
import { timestampEchoText } from './timestampEchoText';
import { windowScaleOptionText } from './windowScaleText';

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
  /** The verdict the context comes from (e.g. "timestamp-echo:zero-tsecr:accepted"), when one does. */
  verdict?: string;
}

/**
 * Tips for packet i's options. The context is the conversation's verdicts (once the analysis has
 * run): these tips render them — whether a SYN/ACK echoes the SYN, whether scaling or SACK is in
 * effect — and never judge on their own.
 */
export function tcpOptionTips(capture: Capture, i: number, verdicts?: CaptureVerdicts, options?: TcpOption[]): OptionTip[] {
  const ix = capture.index;
  const opts = options ?? tcpOptionsOf(decodeRow(capture, i));
  if (!opts.length) return [];
  const flags = ix.flags[i] & 0x0fff;
  const syn = (flags & TH_SYN) !== 0;
  const synAck = syn && (flags & TH_ACK) !== 0;
  const ref = verdicts?.refOf(i);
  const side = ref ? sideOf(ix, ref, i) : synAck ? 'server' : 'client';
  const out: OptionTip[] = [];
  for (const o of opts) {
    if (o.malformed || o.truncated) continue;
    const info = tcpOptionInfo(o.kind);
    const head = `${info.name} — TCP option kind ${o.kind} (${info.reference}), ${o.length} bytes`;
    const add = (token: string, field: string, context: string, warn = false, verdict?: string) => {
      out.push({ token, field, tip: `${head}\n${context}\n${info.summary}`, ...(warn ? { warn } : {}), ...(verdict ? { verdict } : {}) });
    };
    switch (o.kind) {
      case TCPOPT_MSS: {
        const v6 = ix.addresses.family(ix.src[i]) === AddressFamily.IPv6;
        const context = ref && syn ? mssText(verdicts!.negotiation(ref), side, v6) : `The ${side} accepts segments of up to ${o.mss} bytes of payload.`;
        add(`MSS=${o.mss}`, 'tcp.options.mss_val', context);
        break;
      }
      case TCPOPT_WSCALE: {
        const shift = o.shift ?? 0;
        if (ref && syn) {
          const v = verdicts!.windowScaling(ref);
          add(
            `WS=${windowScaleFactor(shift)}`,
            'tcp.options.wscale.shift',
            windowScaleOptionText(v, side, verdicts!.negotiation(ref)),
            v.tooLarge[side === 'client' ? 0 : 1],
            `window-scaling:${v.state}`,
          );
        } else {
          add(
            `WS=${windowScaleFactor(shift)}`,
            'tcp.options.wscale.shift',
            `Shift ${shift}: the ${side}'s window field is multiplied by ${windowScaleFactor(shift)}.`,
          );
        }
        break;
      }
      case TCPOPT_SACK_PERM: {
        if (ref && syn) {
          const v = verdicts!.negotiation(ref);
          add(
            'SACK_PERM',
            'tcp.options.sack_perm',
            `The ${side} can receive SACK blocks. ${sackPermText(v, side)}`,
            false,
            `option-negotiation:sack:${v.sackPerm}`,
          );
        } else add('SACK_PERM', 'tcp.options.sack_perm', `The ${side} can receive SACK blocks.`);
        break;
      }
      case TCPOPT_TIMESTAMP: {
        add(
          `TSval=${o.tsval}`,
          'tcp.options.timestamp.tsval',
          `TSval ${o.tsval} is the ${side}'s timestamp clock when it sent this segment; the peer echoes it in TSecr.`,
        );
        const echo = ref && synAck ? verdicts!.timestampEcho(ref, i) : undefined;
        if (echo) add(`TSecr=${o.tsecr}`, 'tcp.options.timestamp.tsecr', timestampEchoText(echo), echo.conformant === false, timestampEchoTag(echo));
        else if (syn && !synAck)
          add(
            `TSecr=${o.tsecr}`,
            'tcp.options.timestamp.tsecr',
            o.tsecr === 0 ? 'TSecr 0 in a SYN: there is nothing to echo yet.' : `TSecr ${o.tsecr} in a SYN: it should be 0 (nothing to echo yet).`,
            o.tsecr !== 0,
          );
        else
          add(
            `TSecr=${o.tsecr}`,
            'tcp.options.timestamp.tsecr',
            synAck
              ? `TSecr ${o.tsecr} must echo the TSval of the SYN this answers.`
              : `TSecr ${o.tsecr} echoes the latest TSval received from the peer (RTT measurement and PAWS).`,
          );
        break;
      }
      default:
        break;
    }
  }
  return out;
}
