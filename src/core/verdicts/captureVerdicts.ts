import type { Capture } from '../capture/openCapture';
import { TH_FIN, TH_RST, TH_SYN } from '../decode/tcp';
import type { TcpAnalysisExtras } from '../flows/tcpSequenceAnalysis';
import { isTcpProto } from '../flows/tcpSequenceAnalysis';
import type { IpReader } from './ipFacts';
import { ipReader } from './ipFacts';
import type { OptionNegotiation } from './optionNegotiation';
import { optionNegotiation } from './optionNegotiation';
import type { PathRtt } from './pathRtt';
import { pathRtt } from './pathRtt';
import type { Roles } from './roles';
import { rolesOf } from './roles';
import type { SenderCheck } from './senderCheck';
import { senderCheck } from './senderCheck';
import type { StreamRef } from './streamRef';
import { directionOf, MAX_CONTROL_PACKETS, tcpFlagsOf } from './streamRef';
import type { TimestampEcho } from './timestampEcho';
import { timestampEchoes } from './timestampEcho';
import type { Vantage } from './vantage';
import { vantage } from './vantage';
import type { EffectiveWindow, WindowScaling } from './windowScaling';
import { effectiveWindow, firstSyns, windowScaling } from './windowScaling';

/** One conversation's verdicts, each made when first asked for. */
interface StreamVerdicts {
  ref: StreamRef;
  roles?: Roles;
  echoes?: TimestampEcho[];
  firstSyns?: [number, number];
  scaling?: WindowScaling;
  negotiation?: OptionNegotiation;
  vantage?: Vantage;
  rtt?: PathRtt;
  senders?: Map<number, SenderCheck>;
}

/** Conversations whose verdicts are kept: the diagnosis walks them one at a time, editors show a few. */
const KEEP = 512;

/**
 * The answers to the questions every surface asks about a TCP conversation — timestamp echo,
 * window scaling, option negotiation, roles, vantage, round trips, plausible senders — made once
 * per conversation by the functions beside this file and read by the rules, the Flows table,
 * tooltips, hovers and the diagram, which render them and never decide them again.
 *
 * Pure functions of the index and the analysis; the most recently used conversations are kept
 * (a capture of a million connections keeps no verdict it is not asked for).
 */
export class CaptureVerdicts {
  private readonly cache = new Map<number, StreamVerdicts>();
  /** The conversation asked about last: rules ask several questions of one flow in a row. */
  private last: StreamVerdicts | undefined;
  readonly ip: IpReader;

  /** `clientDirs`: per TCP stream, the client's direction (roles.ts), -1 for a stream with no TCP packet. */
  constructor(
    readonly capture: Capture,
    readonly extras: TcpAnalysisExtras,
    private readonly clientDirs: Int8Array,
  ) {
    this.ip = ipReader(capture);
  }

  get index() {
    return this.capture.index;
  }

  /** The conversation of a TCP stream, from its own packets; undefined when there is none. */
  ref(stream: number): StreamRef | undefined {
    const hit = this.cache.get(stream);
    if (hit) return hit.ref;
    if (stream < 0 || stream >= this.clientDirs.length || this.clientDirs[stream] < 0) return undefined;
    return this.entry(streamRefOf(this.capture, this.extras, stream, this.clientDirs[stream])).ref;
  }

  /** The conversation packet i belongs to, when it is TCP (TCP and UDP stream numbers overlap). */
  refOf(i: number): StreamRef | undefined {
    return isTcpProto(this.index.proto[i]) ? this.ref(this.index.stream[i]) : undefined;
  }

  roles(ref: StreamRef): Roles {
    const e = this.entry(ref);
    return (e.roles ??= rolesOf(this.index, e.ref));
  }

  /** One verdict per SYN/ACK with a timestamp option, in order. */
  timestampEchoes(ref: StreamRef): TimestampEcho[] {
    const e = this.entry(ref);
    return (e.echoes ??= timestampEchoes(this.index, this.extras, e.ref));
  }

  /** The timestamp-echo verdict of a SYN/ACK (packet i), if it carries the option. */
  timestampEcho(ref: StreamRef, i: number): TimestampEcho | undefined {
    return this.timestampEchoes(ref).find((v) => v.synAck === i);
  }

  windowScaling(ref: StreamRef): WindowScaling {
    const e = this.entry(ref);
    return (e.scaling ??= windowScaling(this.index, e.ref, (e.firstSyns ??= firstSyns(this.index, e.ref))));
  }

  effectiveWindow(i: number): EffectiveWindow {
    return effectiveWindow(this.index, i);
  }

  negotiation(ref: StreamRef): OptionNegotiation {
    const e = this.entry(ref);
    return (e.negotiation ??= optionNegotiation(this.index, (e.firstSyns ??= firstSyns(this.index, e.ref))));
  }

  vantage(ref: StreamRef): Vantage {
    const e = this.entry(ref);
    return (e.vantage ??= vantage(this.index, this.ip, e.ref));
  }

  pathRtt(ref: StreamRef): PathRtt {
    const e = this.entry(ref);
    return (e.rtt ??= pathRtt(this.index, this.extras, e.ref, this.timestampEchoes(e.ref)));
  }

  /** Whether packet i could have come from the side it claims. */
  sender(ref: StreamRef, i: number): SenderCheck {
    const e = this.entry(ref);
    const senders = (e.senders ??= new Map());
    let v = senders.get(i);
    if (!v) senders.set(i, (v = senderCheck(this.index, this.extras, this.ip, e.ref, this.pathRtt(e.ref), this.vantage(e.ref), i)));
    return v;
  }

  private entry(ref: StreamRef): StreamVerdicts {
    if (this.last?.ref.stream === ref.stream) return this.last;
    let e = this.cache.get(ref.stream);
    if (e) {
      this.cache.delete(ref.stream);
    } else {
      e = { ref };
      if (this.cache.size >= KEEP) this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(ref.stream, e);
    this.last = e;
    return e;
  }
}

/** A stream's control segments and data edges, walking only its own packets (the same lists buildTcpFlows makes). */
export function streamRefOf(capture: Capture, extras: TcpAnalysisExtras, stream: number, clientDir: number): StreamRef {
  const ix = capture.index;
  const control: number[] = [];
  const firstData: [number, number] = [-1, -1];
  const lastData: [number, number] = [-1, -1];
  for (let i = extras.firstInStream[stream]; i >= 0; i = extras.nextInStream[i]) {
    if (tcpFlagsOf(ix, i) & (TH_SYN | TH_FIN | TH_RST) && control.length < MAX_CONTROL_PACKETS) control.push(i);
    if (ix.payloadLen(i) > 0) {
      const side = directionOf(ix, i) === clientDir ? 0 : 1;
      if (firstData[side] < 0) firstData[side] = i;
      lastData[side] = i;
    }
  }
  return { stream, clientDir, control, firstData, lastData };
}
