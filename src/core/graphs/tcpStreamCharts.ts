import type { ChartSeries, ChartSpec } from './svgChart';
import type { TcpStreamSeries } from './tcpStreamSeries';
import { throughputSeries } from './tcpStreamSeries';

export const TCP_GRAPH_TYPES = ['stevens', 'tcptrace', 'throughput', 'rtt', 'window'] as const;
export type TcpGraphType = (typeof TCP_GRAPH_TYPES)[number];

export function isTcpGraphType(s: string): s is TcpGraphType {
  return (TCP_GRAPH_TYPES as readonly string[]).includes(s);
}

/** Picks the entries of `values` at the positions where `keep` is true. */
function where<T>(values: T[], keep: boolean[]): T[] {
  return values.filter((_, k) => keep[k]);
}

/** What the chart of one graph type shows, from the stream's series (Wireshark's TCP Stream Graphs). */
export function tcpStreamChart(type: TcpGraphType, s: TcpStreamSeries, endpoints: { from: string; to: string }): ChartSpec {
  const subtitle = `TCP stream ${s.stream}: ${endpoints.from} → ${endpoints.to} (${s.fromClient ? 'client → server' : 'server → client'})`;
  const seg = s.segments;
  const acks = s.acks;
  const time = 'Time (s from the first packet)';
  switch (type) {
    case 'stevens':
      // Stevens' time-sequence graph (TCP/IP Illustrated): one dot per segment at its sequence number.
      return {
        title: 'Sequence numbers (Stevens)',
        subtitle,
        xLabel: time,
        yLabel: 'Sequence number (relative)',
        series: [
          { name: 'segments', kind: 'dots', color: 'blue', x: seg.time, y: seg.seq, packet: seg.packet },
          {
            name: 'retransmissions',
            kind: 'rings',
            color: 'red',
            x: where(seg.time, seg.retransmitted),
            y: where(seg.seq, seg.retransmitted),
            packet: where(seg.packet, seg.retransmitted),
          },
          {
            name: 'out of order',
            kind: 'rings',
            color: 'orange',
            x: where(seg.time, seg.outOfOrder),
            y: where(seg.seq, seg.outOfOrder),
            packet: where(seg.packet, seg.outOfOrder),
          },
        ],
      };
    case 'tcptrace': {
      // tcptrace's graph: each segment a bar over the bytes it carries, the ACK line below and the
      // window the receiver offers above; SACKed ranges, retransmissions and zero windows marked.
      const top = seg.seq.map((q, k) => q + seg.len[k] + (seg.control[k] ? 1 : 0));
      const limit = acks.ack.map((a, k) => a + acks.window[k]);
      const series: ChartSeries[] = [
        { name: 'segments', kind: 'vbars', color: 'blue', x: seg.time, y: seg.seq, y2: top, packet: seg.packet },
        { name: 'ACK', kind: 'step', color: 'green', x: acks.time, y: acks.ack, packet: acks.packet },
        { name: 'receive window', kind: 'step', color: 'foreground', x: acks.time, y: limit, packet: acks.packet },
        { name: 'SACK', kind: 'vbars', color: 'purple', x: s.sacks.time, y: s.sacks.left, y2: s.sacks.right, packet: s.sacks.packet },
        {
          name: 'retransmissions',
          kind: 'rings',
          color: 'red',
          x: where(seg.time, seg.retransmitted),
          y: where(top, seg.retransmitted),
          packet: where(seg.packet, seg.retransmitted),
        },
        {
          name: 'out of order',
          kind: 'rings',
          color: 'orange',
          x: where(seg.time, seg.outOfOrder),
          y: where(top, seg.outOfOrder),
          packet: where(seg.packet, seg.outOfOrder),
        },
        {
          name: 'zero window',
          kind: 'crosses',
          color: 'red',
          x: where(acks.time, acks.zeroWindow),
          y: where(acks.ack, acks.zeroWindow),
          packet: where(acks.packet, acks.zeroWindow),
        },
      ];
      return { title: 'Time-sequence (tcptrace)', subtitle, xLabel: time, yLabel: 'Sequence number (relative)', series };
    }
    case 'throughput': {
      const tp = throughputSeries(s);
      const ms = tp.interval * 1000;
      const width = ms >= 1000 ? `${tp.interval} s` : `${ms} ms`;
      return {
        title: 'Throughput',
        subtitle: `${subtitle}; payload bytes per ${width}`,
        xLabel: time,
        yLabel: 'Bytes per second',
        yFromZero: true,
        series: [
          { name: `per ${width}`, kind: 'step', color: 'blue', x: tp.start, y: tp.rate, packet: tp.first },
          { name: `moving average (${tp.averageOver} × ${width})`, kind: 'line', color: 'orange', x: tp.start, y: tp.average, packet: tp.first },
        ],
      };
    }
    case 'rtt': {
      const has = acks.rtt.map((r) => Number.isFinite(r));
      return {
        title: 'Round-trip time',
        subtitle: `${subtitle}; per ACK, from the segment it acknowledges`,
        xLabel: time,
        yLabel: 'RTT (ms)',
        yFromZero: true,
        series: [
          {
            name: 'ACK RTT',
            kind: 'dots',
            color: 'blue',
            x: where(acks.time, has),
            y: where(acks.rtt, has).map((r) => r * 1000),
            packet: where(acks.packet, has),
          },
        ],
      };
    }
    case 'window': {
      const has = seg.inFlight.map((b) => b > 0);
      return {
        title: 'Window scaling',
        subtitle,
        xLabel: time,
        yLabel: 'Bytes',
        yFromZero: true,
        series: [
          { name: 'bytes in flight', kind: 'dots', color: 'blue', x: where(seg.time, has), y: where(seg.inFlight, has), packet: where(seg.packet, has) },
          { name: 'receive window', kind: 'step', color: 'green', x: acks.time, y: acks.window, packet: acks.packet },
        ],
      };
    }
  }
}
