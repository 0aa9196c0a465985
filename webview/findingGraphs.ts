import type { FindingView, TcpGraphType } from '../src/protocol';

/**
 * Which stream graph shows what a finding says (the graph and the diagnosis read the same
 * analysis): loss and retransmission timeouts on the tcptrace time-sequence graph (segments, the
 * ACK line, retransmissions and zero windows marked), a window limit on the window-scaling graph
 * (bytes in flight against the receive window), a long round trip on the RTT graph.
 */
const GRAPH_OF_RULE: Partial<Record<FindingView['rule'], TcpGraphType>> = {
  'tcp.transfer.retransmissions': 'tcptrace',
  'tcp.transfer.died-in-retransmissions': 'tcptrace',
  'tcp.transfer.rto-stall': 'tcptrace',
  'tcp.transfer.mtu-blackhole': 'tcptrace',
  'tcp.options.sack-mangled': 'tcptrace',
  'tcp.transfer.zero-window': 'tcptrace',
  'tcp.transfer.throughput-limit': 'window',
  'tcp.transfer.high-rtt': 'rtt',
};

/** The graph for a finding about one TCP stream, and the packet to zoom around; undefined: none. */
export function findingGraph(f: FindingView): { stream: number; graph: TcpGraphType; evidence?: number } | undefined {
  const graph = GRAPH_OF_RULE[f.rule];
  if (!graph || f.streams.length === 0) return undefined;
  return { stream: f.streams[0], graph, ...(f.packets.length ? { evidence: f.packets[0] - 1 } : {}) };
}
