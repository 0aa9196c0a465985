import type { FindingView, FlowView } from '../src/protocol';

/** A finding over more streams than this opens on all packets rather than on a filter of its streams. */
const MAX_STREAMS_IN_FILTER = 64;

/** The display filter that shows one conversation: its stream, or for ICMP its two addresses. */
export function flowFilter(flow: FlowView): string {
  if (flow.transport !== 'icmp') return `${flow.transport}.stream == ${flow.stream}`;
  const v6 = flow.client.includes(':');
  const addr = v6 ? 'ipv6.addr' : 'ip.addr';
  return `${v6 ? 'icmpv6' : 'icmp'} && ${addr} == ${flow.client} && ${addr} == ${flow.server}`;
}

/**
 * The display filter that shows a finding's evidence in context: its TCP streams whole, or every
 * packet when it names no stream (or too many to list), so a filter left from before never hides it.
 */
export function findingFilter(f: FindingView): string {
  if (!f.streams.length || f.streams.length > MAX_STREAMS_IN_FILTER) return '';
  return f.streams.length === 1 ? `tcp.stream == ${f.streams[0]}` : `tcp.stream in {${f.streams.join(' ')}}`;
}
