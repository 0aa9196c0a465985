import type { Capture } from '../capture/openCapture';
import type { TcpFlow } from '../flows/tcpConversations';
import type { TcpAnalysisExtras } from '../flows/tcpSequenceAnalysis';
import { isTcpProto } from '../flows/tcpSequenceAnalysis';
import type { CaptureVerdicts } from '../verdicts/captureVerdicts';
import type { IpFacts } from '../verdicts/ipFacts';
import { isFromClient, tcpFlagsOf } from '../verdicts/streamRef';
import type { Draft } from './draft';
import type { Fix, RuleId, Severity } from './finding';

export type { Draft } from './draft';

/**
 * What every rule sees: the capture, its flows, the per-packet analysis and the verdicts. Rules
 * read; nothing here is written by a rule (flows are never changed by the diagnosis).
 */
export class DiagnosisContext {
  /** Facts a rule family computes once per flow and several rules read (resetCauses, transferFacts). */
  private memoStream = -1;
  private readonly memoValues = new Map<string, unknown>();

  constructor(
    readonly capture: Capture,
    readonly flows: readonly TcpFlow[],
    readonly extras: TcpAnalysisExtras,
    readonly verdicts: CaptureVerdicts,
  ) {}

  get index() {
    return this.capture.index;
  }

  /** First packet of the flow; walk on with next(i) until -1. */
  firstOf(flow: TcpFlow): number {
    return this.extras.firstInStream[flow.stream];
  }

  next(i: number): number {
    return this.extras.nextInStream[i];
  }

  /** Whether packet i belongs to this TCP flow (stream numbers of TCP and UDP overlap). */
  inFlow(flow: TcpFlow, i: number): boolean {
    return this.index.stream[i] === flow.stream && isTcpProto(this.index.proto[i]);
  }

  /** Whether packet i was sent by the flow's client. */
  fromClient(flow: TcpFlow, i: number): boolean {
    return isFromClient(this.index, flow, i);
  }

  tcpFlags(i: number): number {
    return tcpFlagsOf(this.index, i);
  }

  /** IP header facts not kept in the index, re-read for the few packets rules inspect. */
  ip(i: number): IpFacts {
    return this.verdicts.ip(i);
  }

  /** Seconds between two packets; NaN when either has no timestamp (so no threshold is ever crossed). */
  seconds(from: number, to: number): number {
    return this.index.secondsBetween(from, to);
  }

  /** A per-flow fact, computed by the first rule that asks and read by the others. */
  memo<T>(flow: TcpFlow, key: string, compute: () => T): T {
    if (this.memoStream !== flow.stream) {
      this.memoStream = flow.stream;
      this.memoValues.clear();
    }
    if (!this.memoValues.has(key)) this.memoValues.set(key, compute());
    return this.memoValues.get(key) as T;
  }
}

/** A number of seconds (or ms) for an explanation; "?" when a packet had no timestamp (NaN). */
export function elapsedText(value: number, digits: number): string {
  return Number.isNaN(value) ? '?' : value.toFixed(digits);
}

/** A draft stamped with its rule and fixes, before aggregation. */
export interface Occurrence extends Draft {
  rule: RuleId;
  severity: Severity;
  fixes: Fix[];
}
