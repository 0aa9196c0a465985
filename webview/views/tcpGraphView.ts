import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { FixRequest, GraphsState, TcpGraphDirection, TcpGraphType, ViewCalls } from '../../src/protocol';
import { ChartPlot } from '../charts/chartPlot';
import { exportButtons, selectOf } from '../charts/exportButtons';
import { el } from '../dom';
import { requests, unanswered } from '../hostChannel';

export type TcpGraphState = NonNullable<GraphsState['tcp']>;

export const TCP_GRAPHS: Array<[TcpGraphType, string]> = [
  ['stevens', 'Time-sequence (Stevens)'],
  ['tcptrace', 'Time-sequence (tcptrace)'],
  ['throughput', 'Throughput'],
  ['rtt', 'Round-trip time'],
  ['window', 'Window scaling'],
];

export interface TcpGraphHost {
  onPacket(packet: number): void;
  onChange(state: TcpGraphState): void;
  post(m: FixRequest): void;
  flash(text: string): void;
}

/** Zooming to a finding's evidence shows this share of the stream's time around it. */
const EVIDENCE_SPAN = 0.2;

/**
 * Wireshark's TCP Stream Graphs for one stream and data direction: Stevens and tcptrace
 * time-sequence, throughput, RTT, window scaling. The series are the worker's (the same analysis
 * the findings read), thinned for the plot's width; zooming asks for the range's detail, and a
 * finding's "Show in stream graph" opens the graph zoomed around its evidence packet.
 */
export class TcpGraphView {
  readonly root = el('div', 'graph-view tcp-graph');
  private readonly stream = document.createElement('vscode-textfield') as VscodeTextfield;
  private readonly direction = selectOf('tcp-direction', 'Data sender', [
    ['auto', 'Sender: whichever sent more'],
    ['client', 'Client → server'],
    ['server', 'Server → client'],
  ]);
  private readonly graph = selectOf('tcp-graph-type', 'Graph', TCP_GRAPHS);
  private readonly message = el(
    'div',
    'placeholder tcp-graph-message',
    'Right-click a TCP packet or flow and choose TCP Stream Graph, or enter a stream number.',
  );
  private readonly plot: ChartPlot;
  private state: TcpGraphState | undefined;
  private evidence: number | undefined;
  private marker: number | undefined;
  private asked = 0;

  constructor(
    private readonly host: TcpGraphHost,
    state: TcpGraphState | undefined,
  ) {
    this.state = state;
    this.plot = new ChartPlot({ onRange: () => this.load(true), onPoint: (p) => host.onPacket(p) });
    this.stream.className = 'tcp-stream';
    this.stream.placeholder = 'tcp.stream';
    this.stream.setAttribute('aria-label', 'TCP stream number');
    const bar = el('div', 'graph-bar');
    bar.append(el('span', 'graph-bar-label', 'Stream'), this.stream, this.graph, this.direction);
    bar.append(exportButtons(this.plot, () => `tcp-stream-${this.state?.stream ?? ''}-${this.state?.graph ?? ''}`, host.post, host.flash));
    const applyStream = () => {
      const n = Number(this.stream.value);
      if (this.stream.value.trim() !== '' && Number.isInteger(n) && n >= 0) this.open(n, this.state?.graph ?? 'tcptrace', this.state?.direction ?? 'auto');
    };
    this.stream.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') applyStream();
    });
    this.stream.addEventListener('change', applyStream);
    this.graph.addEventListener('change', () => {
      if (this.state) this.open(this.state.stream, this.graph.value as TcpGraphType, this.state.direction);
    });
    this.direction.addEventListener('change', () => {
      if (this.state) this.open(this.state.stream, this.state.graph, this.direction.value as TcpGraphDirection);
    });
    this.root.append(bar, this.message, this.plot.root);
    this.plot.root.hidden = true;
    if (state) this.setControls(state);
  }

  get shown(): TcpGraphState | undefined {
    return this.state;
  }

  private setControls(s: TcpGraphState): void {
    this.stream.value = String(s.stream);
    this.graph.value = s.graph;
    this.direction.value = s.direction;
  }

  /**
   * Shows a stream's graph; `evidence` (a 0-based packet) picks the direction and is zoomed to.
   * `fetch` false: only remember it (the capture is not analysed yet; load() asks once it is).
   */
  open(stream: number, graph: TcpGraphType, direction: TcpGraphDirection, evidence?: number, fetch = true): void {
    this.state = { stream, graph, direction };
    this.evidence = evidence;
    this.marker = undefined;
    this.setControls(this.state);
    this.host.onChange(this.state);
    if (fetch) this.load(false);
  }

  /** Asks for the graph again (the capture was reloaded, or the tab shown with a stream saved). */
  load(keepView: boolean): void {
    const s = this.state;
    if (!s) return;
    const ask = ++this.asked;
    const evidence = keepView ? undefined : this.evidence;
    requests
      .request('tcpGraph', {
        stream: s.stream,
        direction: s.direction,
        graph: s.graph,
        ...(evidence !== undefined ? { evidence } : {}),
        range: keepView ? this.plot.range : undefined,
        width: this.plot.columns,
      })
      .then((r) => {
        if (ask === this.asked) this.show(r, keepView);
      }, unanswered);
  }

  private show(r: ViewCalls['tcpGraph'], keepView: boolean): void {
    if (!r.chart) {
      this.message.textContent = r.reason ?? 'No graph.';
      this.message.hidden = false;
      this.plot.root.hidden = true;
      return;
    }
    this.message.hidden = true;
    this.plot.root.hidden = false;
    if (r.evidenceTime !== undefined) this.marker = r.evidenceTime;
    this.plot.show(r.chart, { marker: this.marker }, keepView);
    if (!keepView && r.evidenceTime !== undefined) {
      // The evidence's neighbourhood, the direction the evidence decided kept for zooming.
      const { x0, x1 } = r.chart.extent;
      const half = Math.max((x1 - x0) * EVIDENCE_SPAN, 1e-3) / 2;
      this.state = { ...this.state!, direction: r.direction };
      this.setControls(this.state);
      this.host.onChange(this.state);
      this.evidence = undefined;
      this.plot.zoomTo(r.evidenceTime - half, r.evidenceTime + half);
    }
  }
}
