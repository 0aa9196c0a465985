import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { CompareSummary, HostToCompareView, LadderArrow } from '../../src/protocol';
import { clear, el } from '../dom';
import { LadderDiagram } from '../ladderDiagram';
import { installTooltips } from '../tooltip';
import { CompareFindingsList } from './compareFindingsList';
import { compareHost, compareRequests, unansweredCompare } from './compareHost';
import { CompareTable } from './compareTable';

/**
 * The compare panel's page: what the comparison found on top, a connection picker with each
 * connection's NAT mapping, the side-by-side table of the picked connection's rows (or all), and
 * the picked connection's four-lane ladder. Everything it shows is the engine's verdict.
 */
export class ComparePageView {
  private readonly head = el('div', 'compare-head');
  private readonly findings = new CompareFindingsList({ onEvidence: (side, frame) => void this.goToFrame(side, frame) });
  private readonly picker = document.createElement('vscode-single-select') as VscodeSingleSelect;
  private readonly nat = el('span', 'compare-nat');
  private readonly table = new CompareTable({
    requestRows: (list, start, count) =>
      compareRequests.request('compareRows', { connection: this.connection, start, count }).then((m) => {
        if (m.connection === this.connection) this.table.put(list, m.start, m.rows);
      }, unansweredCompare),
    onReveal: (side, frame) => compareHost.postMessage({ type: 'reveal', side, frame }),
    onSelect: (pos) => this.ladder.select(pos + 1),
  });
  private readonly ladder = new LadderDiagram({ onArrow: (_n, arrow) => this.onArrow(arrow) });
  /** The table, and under it the picked connection's ladder (none while every packet is listed). */
  private readonly panes = el('div', 'compare-panes');
  private summary: CompareSummary | undefined;
  private connection = -1;

  constructor(root: HTMLElement) {
    installTooltips();
    root.classList.add('compare-page');
    const bar = el('div', 'toolbar compare-bar');
    this.picker.className = 'connection-picker';
    this.picker.setAttribute('aria-label', 'Connection');
    this.picker.addEventListener('change', () => void this.pick(Number(this.picker.value)));
    bar.append(el('span', 'label', 'Connection:'), this.picker, this.nat);
    this.panes.append(this.table.root, this.ladder.root);
    root.append(this.head, this.findings.root, bar, this.panes);
    this.head.textContent = 'Comparing…';
    window.addEventListener('message', (e: MessageEvent<HostToCompareView>) => {
      if (!compareRequests.receive(e.data)) this.onMessage(e.data);
    });
    compareHost.postMessage({ type: 'ready' });
  }

  private onMessage(m: HostToCompareView): void {
    switch (m.type) {
      case 'compareLoading':
        this.head.textContent = `Comparing ${m.fileA} (A) with ${m.fileB} (B)…`;
        return;
      case 'compareFailed':
        this.head.textContent = `The comparison failed: ${m.message}`;
        return;
      case 'compared':
        this.show(m.summary);
        return;
    }
  }

  private show(s: CompareSummary): void {
    this.summary = s;
    const ms = (x: number | null) => (x === null ? 'unknown' : `${x.toFixed(3)} ms`);
    const p = s.packets;
    clear(this.head);
    this.head.append(
      el('div', 'compare-files', `A: ${s.fileA} (${s.packetsA} packets) ⇄ B: ${s.fileB} (${s.packetsB} packets)`),
      el(
        'div',
        'compare-stats',
        `Clock: B − A ${ms(s.clockOffset)} · one-way delay A→B ${ms(s.delayAToB)}, B→A ${ms(s.delayBToA)} · ${p.matched} matched, ${p.modified} modified, ${p.lostBetween} lost between, ${p.appearedBetween} appeared between, ${p.onlyOutsideOverlap} outside the overlap`,
      ),
    );
    for (const e of s.errors) this.head.append(el('div', 'compare-error', e));
    this.findings.show(s.findings);
    clear(this.picker);
    const option = (value: number, text: string) => {
      const o = document.createElement('vscode-option');
      o.value = String(value);
      o.textContent = text;
      this.picker.append(o);
    };
    option(-1, `All packets (${s.connections.length} connections)`);
    s.connections.forEach((c, k) => {
      const q = c.packets;
      const issues = q.modified + q.lostBetween + q.appearedBetween;
      const nat = c.nat.length ? ` · NAT ${c.nat.join(', ')}` : '';
      const only = !c.atA ? ' · at B only' : !c.atB ? ' · at A only' : '';
      option(
        k,
        `A stream ${c.streamA < 0 ? '–' : c.streamA} / B stream ${c.streamB < 0 ? '–' : c.streamB}: ${c.atA || c.atB}${nat}${only}${issues ? ` · ${issues} changed, lost or injected` : ''}`,
      );
    });
    const saved = compareHost.getState()?.connection ?? -1;
    void this.pick(saved >= -1 && saved < s.connections.length ? saved : -1);
  }

  private async pick(connection: number, then?: () => void): Promise<void> {
    const s = this.summary;
    if (!s) return;
    this.connection = connection;
    compareHost.setState({ connection });
    if (this.picker.value !== String(connection)) this.picker.value = String(connection);
    const c = s.connections[connection];
    this.nat.textContent = c?.nat.length ? `NAT: ${c.nat.join(', ')}` : c && c.atB && c.atA !== c.atB ? `B sees it as ${c.atB}` : '';
    const count = connection < 0 ? s.rows : (await compareRequests.request('compareRowCount', { connection })).rows;
    if (connection !== this.connection) return;
    this.table.setList(count);
    this.panes.classList.toggle('with-ladder', connection >= 0);
    then?.();
    if (connection < 0) return;
    this.ladder.showMessage('Drawing the ladder…');
    compareRequests.request('compareLadder', { connection }).then((m) => {
      if (m.connection !== this.connection) return;
      if (m.model) this.ladder.show(m.model);
      else this.ladder.showMessage('No ladder for this connection.');
      if (this.table.selected >= 0) this.ladder.select(this.table.selected + 1);
    }, unansweredCompare);
  }

  /** A finding's evidence: its row in the picked connection's rows, else among all rows. */
  private async goToFrame(side: 'a' | 'b', frame: number): Promise<void> {
    let at = await compareRequests.request('compareRowOf', { connection: this.connection, side, frame });
    if (at.row < 0 && this.connection >= 0) at = await compareRequests.request('compareRowOf', { connection: -1, side, frame });
    if (at.row < 0) return;
    const select = () => {
      this.table.select(at.row);
      this.ladder.select(at.row + 1);
    };
    if (at.connection !== this.connection) await this.pick(at.connection, select);
    else select();
  }

  /** An arrow is a row of the picked connection: select it in the table. */
  private onArrow(arrow: LadderArrow): void {
    this.table.select(arrow.frame - 1);
    this.ladder.select(arrow.frame);
  }
}
