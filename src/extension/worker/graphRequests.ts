import type { AnalysisResult } from '../../core/analysis';
import type { Capture } from '../../core/capture/openCapture';
import { compileFilter } from '../../core/filter/compileFilter';
import { FilterError } from '../../core/filter/filterError';
import type { FieldSource } from '../../core/filter/filterFields';
import { endpointText } from '../../core/flows/endpointText';
import { isTcpProto } from '../../core/flows/tcpSequenceAnalysis';
import type { IoColumns, IoFilter } from '../../core/graphs/ioSeries';
import { autoIoInterval, ioColumns, IoIntervalError, lastMicros, MAX_IO_FILTERS } from '../../core/graphs/ioSeries';
import type { ChartSeries, ChartSpec } from '../../core/graphs/svgChart';
import { tcpStreamChart } from '../../core/graphs/tcpStreamCharts';
import type { TcpStreamSeries } from '../../core/graphs/tcpStreamSeries';
import { tcpStreamSeries } from '../../core/graphs/tcpStreamSeries';
import { thinPoints } from '../../core/graphs/thinPoints';
import { PF_DIRECTION_B } from '../../core/index/packetIndex';
import { captureSackReader } from '../../core/summary/tcpInfo';
import type { GraphColor, GraphSeriesView, GraphView, IoFilterView, ViewCalls, ViewRequest } from '../../protocol';

/** Pixel columns a reply may be thinned for: a wider request is a bug or a hostile page, not a screen. */
const MAX_WIDTH = 8192;
/** The I/O graph's line colours: the whole capture, then each filter. */
const IO_COLORS: GraphColor[] = ['blue', 'red', 'green', 'orange', 'purple', 'yellow'];

type IoRequest = Extract<ViewRequest, { type: 'ioGraph' }>;
type TcpRequest = Extract<ViewRequest, { type: 'tcpGraph' }>;

/** "5 ms", "0.5 s", "2 min": an interval as the graph's labels say it. */
export function intervalText(seconds: number): string {
  if (seconds < 1) return `${Number((seconds * 1000).toPrecision(6))} ms`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/**
 * The Graphs tab's numbers: the I/O graph's intervals and a TCP stream's series, computed once per
 * choice (interval and filters, stream and direction) and kept, so zooming only re-thins: each
 * reply carries the points that show in the x-range asked for at its pixel width (thinPoints), with
 * the packet behind each point so a click can select it.
 */
export class GraphRequests {
  private io: { key: string; columns: IoColumns; filters: IoFilterView[]; x: Float64Array } | undefined;
  private tcp: { key: string; series: TcpStreamSeries } | undefined;
  /** Seconds from the first packet to the last (the auto interval's span). */
  private span: number | undefined;

  constructor(
    private readonly capture: Capture,
    private readonly fields: FieldSource,
    private readonly analysis: AnalysisResult,
  ) {}

  ioGraph(req: IoRequest): ViewCalls['ioGraph'] {
    const ix = this.capture.index;
    const texts = req.filters.map((f) => f.trim()).filter((f) => f !== '');
    const interval = req.interval === 'auto' ? autoIoInterval((this.span ??= lastMicros(ix) / 1e6)) : req.interval;
    const unit = req.unit;
    if (texts.length > MAX_IO_FILTERS) return { type: 'ioGraph', interval, unit, filters: [], error: `At most ${MAX_IO_FILTERS} filters.` };
    const key = `${interval}\n${texts.join('\n')}`;
    if (this.io?.key !== key) {
      const views: IoFilterView[] = [];
      const filters: IoFilter[] = [];
      for (const text of texts) {
        try {
          const test = compileFilter(text, this.fields);
          views.push({ text });
          filters.push({ text, test: test ?? (() => true) });
        } catch (e) {
          if (!(e instanceof FilterError)) throw e;
          views.push({ text, error: { message: e.message, position: e.position } });
        }
      }
      let columns: IoColumns;
      try {
        columns = ioColumns(ix, interval, filters);
      } catch (e) {
        if (!(e instanceof IoIntervalError)) throw e;
        return { type: 'ioGraph', interval, unit, filters: views, error: e.message };
      }
      const x = new Float64Array(columns.slots);
      for (let k = 0; k < columns.slots; k++) x[k] = k * columns.interval;
      this.io = { key, columns, filters: views, x };
    }
    const { columns, filters, x } = this.io;
    const names = ['All packets', ...filters.filter((f) => !f.error).map((f) => f.text)];
    const scale = unit === 'bits' ? 8 : 1;
    const series: ChartSeries[] = names.map((name, c) => {
      const y = new Float64Array(columns.slots);
      const packet = new Int32Array(columns.slots);
      const from = unit === 'packets' ? columns.packets : columns.bytes;
      for (let k = 0; k < columns.slots; k++) {
        y[k] = from[k * columns.columns + c] * scale;
        packet[k] = columns.first[k * columns.columns + c];
      }
      return { name, kind: 'line', color: IO_COLORS[c], x, y, packet };
    });
    const per = intervalText(columns.interval);
    const spec: ChartSpec = {
      title: 'I/O graph',
      subtitle: `${unit[0].toUpperCase()}${unit.slice(1)} per ${per} interval, from the first packet`,
      xLabel: 'Time (s from the first packet)',
      yLabel: `${unit[0].toUpperCase()}${unit.slice(1)} / ${per}`,
      yFromZero: true,
      series,
    };
    return { type: 'ioGraph', interval: columns.interval, unit, filters, graph: graphView(spec, req.range, req.width) };
  }

  tcpGraph(req: TcpRequest): ViewCalls['tcpGraph'] | string {
    const ix = this.capture.index;
    if (!Number.isInteger(req.stream) || req.stream < 0 || req.stream >= ix.tcpStreams.count) return `no TCP stream ${req.stream}`;
    const extras = this.analysis.extras;
    let direction = req.direction;
    const ev = req.evidence;
    const evidence =
      ev !== undefined && Number.isInteger(ev) && ev >= 0 && ev < ix.count && isTcpProto(ix.proto[ev]) && ix.stream[ev] === req.stream ? ev : undefined;
    if (direction === 'auto' && evidence !== undefined) {
      // A segment's sender is the data sender; an ACK or a window update comes from the receiver.
      const client = this.series(req.stream, 'client');
      const fromClient = (ix.flags[evidence] & PF_DIRECTION_B ? 1 : 0) === client.dataDir;
      direction = fromClient === ix.payloadLen(evidence) > 0 ? 'client' : 'server';
    }
    const s = this.series(req.stream, direction === 'auto' ? undefined : direction);
    // The data sender's first packet names the two ends (a stream may send nothing one way).
    const i = s.segments.packet[0] ?? extras.firstInStream[req.stream];
    const fromSender = (ix.flags[i] & PF_DIRECTION_B ? 1 : 0) === s.dataDir;
    const a = endpointText(ix, ix.src[i], ix.sport[i]);
    const b = endpointText(ix, ix.dst[i], ix.dport[i]);
    const spec = tcpStreamChart(req.graph, s, fromSender ? { from: a, to: b } : { from: b, to: a });
    const reply: ViewCalls['tcpGraph'] = {
      type: 'tcpGraph',
      stream: req.stream,
      direction: s.fromClient ? 'client' : 'server',
      graph: req.graph,
      chart: graphView(spec, req.range, req.width),
    };
    if (evidence !== undefined && ix.firstTimed >= 0) reply.evidenceTime = ix.secondsBetween(ix.firstTimed, evidence);
    return reply;
  }

  /** One direction's series, kept while the same stream and direction are asked for (zooming). */
  private series(stream: number, direction: 'client' | 'server' | undefined): TcpStreamSeries {
    const key = `${stream}:${direction ?? 'auto'}`;
    if (this.tcp?.key !== key) {
      const series = tcpStreamSeries(this.capture.index, this.analysis.extras, stream, direction, captureSackReader(this.capture));
      this.tcp = { key, series };
    }
    return this.tcp.series;
  }
}

/** A chart's series thinned for `width` columns over `range` (unset: all), with the whole extent. */
export function graphView(spec: ChartSpec, range: [number, number] | undefined, width: number): GraphView {
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (const s of spec.series) {
    for (let k = 0; k < s.x.length; k++) {
      const x = s.x[k],
        y = s.y[k],
        y2 = s.y2?.[k] ?? y;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      y0 = Math.min(y0, y, y2);
      y1 = Math.max(y1, y, y2);
    }
  }
  if (x0 > x1) x0 = x1 = 0;
  if (y0 > y1) y0 = y1 = 0;
  if (spec.yFromZero && y0 > 0) y0 = 0;
  const lo = range && Number.isFinite(range[0]) ? range[0] : x0;
  const hi = range && Number.isFinite(range[1]) && range[1] > lo ? range[1] : x1;
  const columns = Math.max(1, Math.min(MAX_WIDTH, Math.floor(width) || 1));
  const series: GraphSeriesView[] = spec.series.map((s) => {
    const keep = thinPoints(s.x, s.y, s.y2 ?? s.y, lo, hi, columns);
    let total = 0;
    for (let k = 0; k < s.x.length; k++) if (s.x[k] >= lo && s.x[k] <= hi) total++;
    const view: GraphSeriesView = {
      name: s.name,
      kind: s.kind,
      color: s.color,
      x: keep.map((k) => s.x[k]),
      y: keep.map((k) => s.y[k]),
      packet: keep.map((k) => (s.packet ? s.packet[k] : -1)),
      total,
    };
    if (s.y2) view.y2 = keep.map((k) => s.y2![k]);
    return view;
  });
  return {
    title: spec.title,
    subtitle: spec.subtitle ?? '',
    xLabel: spec.xLabel,
    yLabel: spec.yLabel,
    yFromZero: !!spec.yFromZero,
    series,
    extent: { x0, x1, y0, y1 },
  };
}
