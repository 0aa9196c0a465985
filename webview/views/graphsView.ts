import type { FixRequest, GraphsState, TcpGraphDirection, TcpGraphType } from '../../src/protocol';
import { selectOf } from '../charts/exportButtons';
import { el } from '../dom';
import { DEFAULT_IO, IoGraphView } from './ioGraphView';
import { TcpGraphView } from './tcpGraphView';

export interface GraphsHost {
  /** A point was clicked: select its packet in the table. */
  onPacket(packet: number): void;
  onChange(state: GraphsState): void;
  post(m: FixRequest): void;
  flash(text: string): void;
}

/**
 * The Graphs tab: the I/O graph or a TCP stream graph, one at a time (each keeps its choices).
 * Nothing is asked of the worker until the tab is shown on an analysed capture.
 */
export class GraphsView {
  readonly label = 'Graphs';
  readonly root = el('div', 'graphs-pane');
  private readonly kind = selectOf('graph-kind', 'Which graph', [
    ['io', 'I/O graph'],
    ['tcp', 'TCP stream graph'],
  ]);
  private readonly io: IoGraphView;
  private readonly tcp: TcpGraphView;
  private state: GraphsState;
  private ready = false;
  private visible = false;
  private loaded = { io: false, tcp: false };

  constructor(
    private readonly host: GraphsHost,
    state: GraphsState | undefined,
  ) {
    this.state = state ?? { kind: 'io', io: DEFAULT_IO };
    const post = (m: FixRequest) => host.post(m);
    const flash = (t: string) => host.flash(t);
    this.io = new IoGraphView({ onPacket: (p) => host.onPacket(p), onChange: (io) => this.save({ io }), post, flash }, this.state.io);
    this.tcp = new TcpGraphView({ onPacket: (p) => host.onPacket(p), onChange: (tcp) => this.save({ tcp }), post, flash }, this.state.tcp);
    this.kind.addEventListener('change', () => this.showKind(this.kind.value === 'tcp' ? 'tcp' : 'io'));
    const head = el('div', 'graph-bar graph-kind-bar');
    head.append(this.kind);
    this.root.append(head, this.io.root, this.tcp.root);
    this.showKind(this.state.kind);
  }

  private save(patch: Partial<GraphsState>): void {
    this.state = { ...this.state, ...patch };
    this.host.onChange(this.state);
  }

  private showKind(kind: GraphsState['kind']): void {
    this.kind.value = kind;
    this.io.root.hidden = kind !== 'io';
    this.tcp.root.hidden = kind !== 'tcp';
    if (kind !== this.state.kind) this.save({ kind });
    this.loadShown();
  }

  /** The tab became visible or hidden. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.loadShown();
  }

  /** The capture was analysed (graphs can be asked for), or is being reloaded (ask again when it is). */
  setReady(ready: boolean): void {
    this.ready = ready;
    if (!ready) this.loaded = { io: false, tcp: false };
    this.loadShown();
  }

  /** A stream graph from a context menu or a finding: `evidence` (0-based packet) is zoomed to. */
  openTcp(stream: number, graph: TcpGraphType, direction: TcpGraphDirection = 'auto', evidence?: number): void {
    this.loaded.tcp = this.ready;
    this.tcp.open(stream, graph, direction, evidence, this.ready);
    this.showKind('tcp');
  }

  get tcpShown(): TcpGraphType | undefined {
    return this.tcp.shown?.graph;
  }

  private loadShown(): void {
    if (!this.ready || !this.visible) return;
    const kind = this.state.kind;
    if (this.loaded[kind]) return;
    this.loaded[kind] = true;
    if (kind === 'io') this.io.load(false);
    else this.tcp.load(false);
  }
}
