import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { FixRequest, GraphsState, IoUnit, ViewCalls } from '../../src/protocol';
import { ChartPlot } from '../charts/chartPlot';
import { exportButtons, selectOf } from '../charts/exportButtons';
import { el } from '../dom';
import { requests, unanswered } from '../hostChannel';

export type IoGraphState = GraphsState['io'];

export const DEFAULT_IO: IoGraphState = { interval: 'auto', unit: 'packets', filters: [], bars: false, log: false };

const INTERVALS: Array<[string, string]> = [
  ['auto', 'Auto'],
  ...[0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5].map((s): [string, string] => [String(s), `${s * 1000} ms`]),
  ...[1, 2, 5, 10, 30].map((s): [string, string] => [String(s), `${s} s`]),
  ...[1, 2, 5, 10].map((m): [string, string] => [String(m * 60), `${m} min`]),
];
const FILTERS = 5;

export interface IoGraphHost {
  onPacket(packet: number): void;
  onChange(state: IoGraphState): void;
  post(m: FixRequest): void;
  flash(text: string): void;
}

/**
 * The I/O graph: packets, bytes or bits per interval for the whole capture and up to five display
 * filters (Wireshark's Statistics → I/O Graphs), as lines or bars, linear or log. The worker counts
 * over the columns and thins for the plot's width; a click selects the interval's first packet.
 */
export class IoGraphView {
  readonly root = el('div', 'graph-view io-graph');
  private readonly interval = selectOf('io-interval', 'Interval', INTERVALS);
  private readonly unit = selectOf('io-unit', 'Y axis', [
    ['packets', 'Packets'],
    ['bytes', 'Bytes'],
    ['bits', 'Bits'],
  ]);
  private readonly style = selectOf('io-style', 'Draw as', [
    ['lines', 'Lines'],
    ['bars', 'Bars'],
  ]);
  private readonly log = document.createElement('vscode-checkbox') as VscodeCheckbox;
  private readonly filters: VscodeTextfield[] = [];
  private readonly errors = el('div', 'io-errors');
  private readonly plot: ChartPlot;
  private state: IoGraphState;
  private asked = 0;
  private shownKey = '';

  constructor(
    private readonly host: IoGraphHost,
    state: IoGraphState | undefined,
  ) {
    this.state = { ...DEFAULT_IO, ...state };
    this.plot = new ChartPlot({ onRange: () => this.load(true), onPoint: (p) => host.onPacket(p) });
    this.log.label = 'Log scale';
    this.log.className = 'io-log';
    const bar = el('div', 'graph-bar');
    bar.append(el('span', 'graph-bar-label', 'Interval'), this.interval, this.unit, this.style, this.log);
    bar.append(exportButtons(this.plot, () => 'io-graph', host.post, host.flash));
    const filterBar = el('div', 'graph-bar io-filters');
    for (let k = 0; k < FILTERS; k++) {
      const f = document.createElement('vscode-textfield') as VscodeTextfield;
      f.className = `io-filter io-filter-${k + 1}`;
      f.placeholder = k === 0 ? 'Display filter, e.g. tcp.analysis.retransmission' : `Filter ${k + 1}`;
      f.setAttribute('aria-label', `I/O graph filter ${k + 1}`);
      f.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') this.change({ filters: this.filterTexts() });
      });
      f.addEventListener('change', () => this.change({ filters: this.filterTexts() }));
      this.filters.push(f);
      filterBar.append(f);
    }
    this.interval.addEventListener('change', () => this.change({ interval: this.interval.value === 'auto' ? 'auto' : Number(this.interval.value) }));
    this.unit.addEventListener('change', () => this.change({ unit: this.unit.value as IoUnit }));
    this.style.addEventListener('change', () => this.change({ bars: this.style.value === 'bars' }));
    this.log.addEventListener('change', () => this.change({ log: this.log.checked }));
    this.root.append(bar, filterBar, this.errors, this.plot.root);
    this.setControls();
  }

  private filterTexts(): string[] {
    return this.filters.map((f) => f.value.trim()).filter((t) => t !== '');
  }

  private setControls(): void {
    const s = this.state;
    this.interval.value = String(s.interval);
    this.unit.value = s.unit;
    this.style.value = s.bars ? 'bars' : 'lines';
    this.log.checked = s.log;
    this.filters.forEach((f, k) => (f.value = s.filters[k] ?? ''));
  }

  private change(patch: Partial<IoGraphState>): void {
    this.state = { ...this.state, ...patch };
    this.host.onChange(this.state);
    this.load(false);
  }

  /** Asks the worker for the graph (again): `keepView` for a zoom or pan, else the whole graph. */
  load(keepView: boolean): void {
    const s = this.state;
    const key = JSON.stringify([s.interval, s.unit, s.filters]);
    const same = keepView || key === this.shownKey;
    const ask = ++this.asked;
    requests
      .request('ioGraph', { interval: s.interval, unit: s.unit, filters: s.filters, range: same ? this.plot.range : undefined, width: this.plot.columns })
      .then((r) => {
        if (ask !== this.asked) return;
        this.shownKey = key;
        this.show(r, same);
      }, unanswered);
  }

  private show(r: ViewCalls['ioGraph'], keepView: boolean): void {
    this.errors.replaceChildren();
    for (const f of r.filters) if (f.error) this.errors.append(el('div', 'io-error', `${f.text}: ${f.error.message}`));
    if (r.error) this.errors.append(el('div', 'io-error', r.error));
    if (r.graph) this.plot.show(r.graph, { bars: this.state.bars ? r.interval : undefined, log: this.state.log }, keepView);
  }
}
