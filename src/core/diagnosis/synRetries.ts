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
  return intervals.length ? `retried after ${intervals.map((x) => (Number.isNaN(x) ? '?' : x)).join(', ')} s` : 'not retried within the capture';
}

/**
 * What the intervals between SYNs say, as they are: Linux doubles its SYN retransmission timeout
 * (1, 2, 4, 8 … s; RFC 6298 §5.5), so steady or irregular intervals come from something else —
 * another stack, a tool sending SYNs, or an application calling connect() again on the same port.
 */
export function retryPatternText(intervals: number[]): string {
  if (intervals.length === 0) return 'not retried within the capture';
  const list = `retried after ${intervals.join(', ')} s`;
  if (intervals.length === 1) return list;
  const ratios = intervals.slice(1).map((t, k) => t / intervals[k]);
  if (ratios.every((r) => r >= 1.6 && r <= 2.5)) return `${list}: the kernel's exponential backoff, each wait twice the one before (RFC 6298 §5.5)`;
  if (ratios.every((r) => r >= 0.8 && r <= 1.25))
    return `${list}: a steady interval, not a kernel's exponential backoff — another TCP stack, a tool sending the SYNs, or an application calling connect() again`;
  return `${list}: irregular intervals, not a kernel's exponential backoff alone — SYNs from more than one attempt, or lost from the capture`;
}

/** The initial retransmission timeout of a SYN (RFC 6298 §2.1, Linux TCP_TIMEOUT_INIT): no answer is due before it. */
export const INITIAL_RTO_SECONDS = 1;
