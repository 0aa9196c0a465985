import type { AnalysisState, FlowView } from '../src/protocol';
import { clear, el } from './dom';

const MARK = { error: '✖', warning: '⚠', info: 'ℹ' } as const;

function bytesText(n: number): string {
  return n < 10_000 ? `${n} B` : n < 10_000_000 ? `${(n / 1e3).toFixed(1)} kB` : `${(n / 1e6).toFixed(1)} MB`;
}

function secondsText(s: number | undefined): string {
  if (s === undefined) return '';
  return s < 1 ? `${(s * 1000).toFixed(s < 0.01 ? 3 : 1)} ms` : `${s.toFixed(3)} s`;
}

interface Column { head: string; cls?: string; text: (f: FlowView) => string; tip?: string }

const COLUMNS: Column[] = [
  { head: 'Stream', cls: 'num', text: (f) => `${f.transport.toUpperCase()} ${f.stream}` },
  { head: 'Client', text: (f) => f.client },
  { head: 'Server', text: (f) => f.server },
  { head: 'State', text: (f) => f.state ?? '', tip: "Zeek's conn_state (history in the tooltip)" },
  { head: 'Outcome', text: (f) => f.outcome },
  { head: 'Packets', cls: 'num', text: (f) => `${f.packets.client} / ${f.packets.server}`, tip: 'client → server / server → client' },
  { head: 'Bytes', cls: 'num', text: (f) => `${bytesText(f.bytes.client)} / ${bytesText(f.bytes.server)}`, tip: 'frame bytes on the wire, client / server' },
  { head: 'Duration', cls: 'num', text: (f) => secondsText(f.duration) },
  { head: 'iRTT', cls: 'num', text: (f) => secondsText(f.irtt), tip: 'initial round-trip time (SYN → first ACK), as tcp.analysis.initial_rtt' },
  { head: 'Findings', cls: 'num', text: (f) => (f.findings ? String(f.findings) : '') },
];

/**
 * The Flows tab's table: one row per conversation with Zeek's state, our outcome, packets, bytes,
 * duration, initial RTT and how many findings name it. Selecting a row filters the packet table to
 * its stream and shows its diagram (see main.ts).
 */
export class FlowsPanel {
  readonly root = el('div', 'flows-list');
  private rows: Array<{ flow: FlowView; tr: HTMLTableRowElement }> = [];
  private selected: HTMLTableRowElement | undefined;

  constructor(private readonly onSelect: (flow: FlowView) => void) {
    this.root.tabIndex = 0;
    this.root.addEventListener('keydown', (e) => {
      const k = this.rows.findIndex((r) => r.tr === this.selected);
      const next = e.key === 'ArrowDown' ? k + 1 : e.key === 'ArrowUp' ? k - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? this.rows.length - 1 : -2;
      if (next === -2) return;
      e.preventDefault();
      const r = this.rows[Math.max(0, Math.min(this.rows.length - 1, next))];
      if (r) this.pick(r.flow, r.tr, true);
    });
  }

  get flows(): FlowView[] {
    return this.rows.map((r) => r.flow);
  }

  show(a: AnalysisState): void {
    clear(this.root);
    this.rows = [];
    this.selected = undefined;
    if (a.status !== 'ready') {
      this.root.append(el('div', 'placeholder', a.status === 'running' ? 'Analysing…' : a.reason));
      return;
    }
    if (!a.flows.length) {
      this.root.append(el('div', 'placeholder', 'No conversations in this capture.'));
      return;
    }
    const table = el('table', 'atable');
    const head = el('tr');
    for (const c of COLUMNS) {
      const th = el('th', c.cls, c.head);
      if (c.tip) th.title = c.tip;
      head.append(th);
    }
    table.append(el('thead'), el('tbody'));
    table.tHead!.append(head);
    for (const f of a.flows) {
      const tr = el('tr', f.worst ? `sev-${f.worst}` : '');
      tr.dataset.stream = `${f.transport}:${f.stream}`;
      for (const c of COLUMNS) {
        const td = el('td', c.cls, c.text(f));
        if (c.head === 'Findings' && f.worst) td.prepend(el('span', `mark mark-${f.worst}`, MARK[f.worst]));
        if (c.head === 'State' && f.history) td.title = `history ${f.history}`;
        tr.append(td);
      }
      tr.addEventListener('click', () => this.pick(f, tr, true));
      table.tBodies[0].append(tr);
      this.rows.push({ flow: f, tr });
    }
    this.root.append(table);
  }

  /** Selects the flow of a transport's stream (a command's showStream); false if there is none. */
  select(transport: FlowView['transport'], stream: number, notify = false): boolean {
    const r = this.rows.find((x) => x.flow.transport === transport && x.flow.stream === stream);
    if (r) this.pick(r.flow, r.tr, notify);
    return !!r;
  }

  private pick(flow: FlowView, tr: HTMLTableRowElement, notify: boolean): void {
    this.selected?.classList.remove('selected');
    this.selected = tr;
    tr.classList.add('selected');
    tr.scrollIntoView({ block: 'nearest' });
    if (notify) this.onSelect(flow);
  }
}
