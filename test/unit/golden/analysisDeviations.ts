/**
 * Where we deliberately differ from tshark 4.0's tcp.analysis flags because
 * tshark is wrong about the real Linux behaviour (see the README):
 *
 * - linux-zero-window-probe: Linux probes a zero window with a segment one
 *   byte behind and no data (tcp_xmit_probe_skb); tshark 4.0 calls it
 *   keep_alive, we call it zero_window_probe, and the answer zero_window_probe_ack.
 * - synack-new-isn: after the client resets a SYN/ACK and retries its SYN, the
 *   server answers with a SYN/ACK with a new ISN. tshark 4.0 flags it
 *   lost_segment + reused_ports; it is the same connection attempt. (After
 *   a challenge ACK from the server's old connection instead of its own
 *   SYN/ACK, the new SYN/ACK is flagged as tshark does: no deviation.)
 */
export type AnalysisDeviation = 'linux-zero-window-probe' | 'synack-new-isn';

function same(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}

/** Names the listed deviation that explains the difference, or undefined. Inputs sorted. */
export function explainAnalysisDifference(ours: string[], theirs: string[]): AnalysisDeviation | undefined {
  const swap = theirs.map((x) => (x === 'keep_alive' ? 'zero_window_probe' : x)).sort();
  if (theirs.includes('keep_alive') && same(ours, swap)) return 'linux-zero-window-probe';
  if (theirs.includes('zero_window') && same(ours, [...theirs, 'zero_window_probe_ack'].sort())) return 'linux-zero-window-probe';
  if (
    theirs.includes('reused_ports') &&
    same(
      ours,
      theirs.filter((x) => x !== 'reused_ports' && x !== 'lost_segment'),
    )
  )
    return 'synack-new-isn';
  return undefined;
}

/** The same deviations as they show in the Info column's tags. */
export function explainInfoTagDifference(ours: string, theirs: string): AnalysisDeviation | undefined {
  if (theirs.replace('[TCP Keep-Alive] ', '[TCP ZeroWindowProbe] ') === ours) return 'linux-zero-window-probe';
  if (theirs.replace('[TCP ZeroWindow] ', '[TCP ZeroWindowProbeAck] [TCP ZeroWindow] ') === ours) return 'linux-zero-window-probe';
  if (theirs.replace('[TCP Previous segment not captured] [TCP Port numbers reused] ', '') === ours) return 'synack-new-isn';
  return undefined;
}
