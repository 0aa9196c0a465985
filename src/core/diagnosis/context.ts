import type { Capture } from '../capture/openCapture';
import type { TcpFlow } from '../flows/tcpConversations';
import type { TcpAnalysisExtras } from '../flows/tcpSequenceAnalysis';
import { isTcpProto } from '../flows/tcpSequenceAnalysis';
import { PF_DIRECTION_B } from '../index/packetIndex';
import { OPT_TIMESTAMP } from '../decode/fields';
import { RowCache } from '../summary/rowCache';

/** What every rule sees: the capture, its flows and the per-packet analysis. */
export class DiagnosisContext {
  constructor(readonly capture: Capture, readonly flows: TcpFlow[], readonly extras: TcpAnalysisExtras, readonly rows = new RowCache(capture)) {}

  get index() {
    return this.capture.index;
  }

  /** First packet of the flow; walk on with next(i) until -1. */
  firstOf(flow: TcpFlow): number {
    return this.extras.firstInStream[flow.summary.stream];
  }

  next(i: number): number {
    return this.extras.nextInStream[i];
  }

  /** Whether packet i belongs to this TCP flow (stream numbers of TCP and UDP overlap). */
  inFlow(flow: TcpFlow, i: number): boolean {
    return this.index.stream[i] === flow.summary.stream && isTcpProto(this.index.proto[i]);
  }

  /** Whether packet i was sent by the flow's client. */
  fromClient(flow: TcpFlow, i: number): boolean {
    return (this.index.flags[i] & PF_DIRECTION_B ? 1 : 0) === flow.clientDir;
  }

  tcpFlags(i: number): number {
    return this.index.flags[i] & 0x0fff;
  }

  /** Timestamp option of a SYN or SYN/ACK, from the index (no re-read). */
  synTimestamps(i: number): { tsval: number; tsecr: number } | undefined {
    const ix = this.index;
    if (!(ix.optMask[i] & OPT_TIMESTAMP)) return undefined;
    const k = ix.syns.find(i);
    return k >= 0 ? { tsval: ix.tsval[i], tsecr: ix.syns.tsecr[k] } : undefined;
  }

  /** IP header facts not kept in the index, re-read for the few packets rules inspect. */
  ip(i: number): { ttl: number; ipId: number; ipVersion: number } {
    return this.rows.get(i).f;
  }

  /** Seconds between two packets; NaN when either has no timestamp (so no threshold is ever crossed). */
  seconds(from: number, to: number): number {
    return this.index.secondsBetween(from, to);
  }
}

/** A number of seconds (or ms) for an explanation; "?" when a packet had no timestamp (NaN). */
export function elapsedText(value: number, digits: number): string {
  return Number.isNaN(value) ? '?' : value.toFixed(digits);
}

/** One rule's result for one connection (or event), before aggregation. */
export interface Occurrence {
  rule: import('./finding').RuleId;
  severity: import('./finding').Severity;
  title: string;
  explanation: string;
  confidence: 'high' | 'medium' | 'low';
  stream: number;
  packets: number[];
  client?: string;
  server?: string;
  fixes: import('./finding').Fix[];
  references: string[];
  /** Sub-cause that must not be folded with others of the same rule and server. */
  variant?: string;
  /** Text for the aggregated title when several connections share the rule and server. */
  groupTitle?: (count: number) => string;
}
