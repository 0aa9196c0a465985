import { TH_ACK, TH_SYN } from '../decode/tcp';
import type { TcpFlow } from '../flows/tcpConversations';
import type { DiagnosisContext } from './context';

/** The client's SYNs of a connection attempt, in order. */
export function clientSyns(ctx: DiagnosisContext, flow: TcpFlow): number[] {
  return flow.control.filter((i) => (ctx.tcpFlags(i) & (TH_SYN | TH_ACK)) === TH_SYN && ctx.fromClient(flow, i));
}

/** Seconds between successive SYNs, rounded as people say them ("1, 2, 4, 8, 16 s"). */
export function retryIntervals(ctx: DiagnosisContext, syns: number[]): number[] {
  const out: number[] = [];
  for (let k = 1; k < syns.length; k++) {
    const dt = ctx.seconds(syns[k - 1], syns[k]);
    out.push(dt >= 10 ? Math.round(dt) : Math.round(dt * 10) / 10);
  }
  return out;
}

export function intervalsText(intervals: number[]): string {
  return intervals.length ? `retried after ${intervals.join(', ')} s` : 'not retried within the capture';
}
