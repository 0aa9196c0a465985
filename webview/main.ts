import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-split-layout/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { VscodeTabs } from '@vscode-elements/elements/dist/vscode-tabs/vscode-tabs.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { CaptureHeader, HostToView, TimeMode, ViewState } from '../src/protocol';
import { AnalysisPanels } from './analysisPanels';
import { DetailTree } from './detailTree';
import { clear, el } from './dom';
import { FilterBar } from './filterBar';
import { HexView } from './hexView';
import { PacketTable } from './packetTable';
import { DEFAULT_STATE, host } from './vscodeApi';

const TABS: ViewState['tab'][] = ['packets', 'flows', 'findings'];

/** The editor page: filter bar, tabs (packets with detail and hex, flows, findings), status line. */
class App {
  private state: ViewState = { ...DEFAULT_STATE, ...host.getState() };
  private gen = -1;
  private header: CaptureHeader | undefined;
  private detailPacket = -1;
  private saveTimer = 0;
  private restoring = true;

  private readonly status = el('div', 'status');
  private readonly notice = el('div', 'notice');
  private readonly filter = new FilterBar((text) => this.applyFilter(text));
  private readonly timeSelect = document.createElement('vscode-single-select') as VscodeSingleSelect;
  private readonly gotoBox = document.createElement('vscode-textfield') as VscodeTextfield;
  private readonly tabs = document.createElement('vscode-tabs') as VscodeTabs;
  private readonly table: PacketTable;
  private readonly tree = new DetailTree((item) => { if (item) this.hex.highlight(item.offset, item.length); });
  private readonly hex = new HexView((offset) => {
    const item = this.tree.selectByte(offset);
    if (item) this.hex.highlight(item.offset, item.length);
    else this.hex.highlight(offset, 1);
  });
  private readonly analysis = new AnalysisPanels(
    (flow) => { this.filter.value = `tcp.stream == ${flow.stream}`; this.applyFilter(this.filter.value); this.selectTab('packets'); },
    (finding) => { if (finding.packets?.length) { this.selectTab('packets'); this.revealPacket(finding.packets[0]); } },
  );

  constructor(root: HTMLElement) {
    this.table = new PacketTable({
      requestRows: (gen, start, count) => host.postMessage({ type: 'rows', gen, start, count }),
      onSelect: (_pos, packet) => this.showDetail(packet),
      onViewportChange: (top) => { if (!this.restoring) { this.state.top = top; this.save(); } },
      onColumnsChange: (widths) => { this.state.columnWidths = widths; this.save(); },
    }, this.state.columnWidths);

    for (const [value, label] of [['rel', 'Seconds since start'], ['delta', 'Since previous shown'], ['abs', 'Absolute (UTC)']]) {
      const o = document.createElement('vscode-option');
      o.value = value;
      o.textContent = label;
      this.timeSelect.append(o);
    }
    this.timeSelect.className = 'time-select';
    this.timeSelect.title = 'Time column format';
    this.timeSelect.addEventListener('change', () => this.setTimeMode(this.timeSelect.value as TimeMode));
    this.gotoBox.className = 'goto';
    this.gotoBox.placeholder = 'Go to packet…';
    this.gotoBox.hidden = true;
    this.gotoBox.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        const frame = Number(this.gotoBox.value.trim());
        if (Number.isInteger(frame) && frame > 0) host.postMessage({ type: 'goto', gen: this.gen, frame });
        this.gotoBox.hidden = true;
        this.table.root.focus();
      } else if (e.key === 'Escape') { this.gotoBox.hidden = true; this.table.root.focus(); }
    });

    const toolbar = el('div', 'toolbar');
    toolbar.append(this.filter.root, this.gotoBox, this.timeSelect);

    const bottom = document.createElement('vscode-split-layout');
    bottom.setAttribute('split', 'vertical');
    bottom.setAttribute('initial-handle-position', '55%');
    this.tree.root.slot = 'start';
    this.hex.root.slot = 'end';
    bottom.append(this.tree.root, this.hex.root);
    const split = document.createElement('vscode-split-layout');
    split.setAttribute('split', 'horizontal');
    split.setAttribute('initial-handle-position', '58%');
    split.className = 'main-split';
    this.table.root.slot = 'start';
    bottom.slot = 'end';
    split.append(this.table.root, bottom);

    const labels = { packets: 'Packets', flows: 'Flows', findings: 'Findings' };
    const panels = { packets: split, flows: this.analysis.flows, findings: this.analysis.findings };
    for (const t of TABS) {
      const h = document.createElement('vscode-tab-header');
      h.textContent = labels[t];
      h.slot = 'header';
      const p = document.createElement('vscode-tab-panel');
      p.append(panels[t]);
      this.tabs.append(h, p);
    }
    this.tabs.addEventListener('vsc-tabs-select', (e) => {
      this.state.tab = TABS[e.detail.selectedIndex] ?? 'packets';
      this.save();
    });

    root.append(toolbar, ...this.filter.errorElements, this.notice, this.tabs, this.status);
    // vscode-tabs does not stretch its panels: size the panes to what is left of the window.
    const fit = () => {
      const top = split.getBoundingClientRect().top;
      const h = `${Math.max(120, window.innerHeight - top - this.status.offsetHeight - 2)}px`;
      split.style.height = h;
      this.analysis.flows.style.height = h;
      this.analysis.findings.style.height = h;
    };
    new ResizeObserver(fit).observe(document.body);
    new MutationObserver(fit).observe(root, { attributes: true, subtree: false, childList: true });
    for (const e of [...this.filter.errorElements, this.notice]) new MutationObserver(fit).observe(e, { attributes: true });
    this.tabs.addEventListener('vsc-tabs-select', () => requestAnimationFrame(fit));
    this.notice.hidden = true;
    this.tree.showMessage('Select a packet to see its layers and fields.');
    this.filter.value = this.state.filter;
    this.setTimeMode(this.state.timeMode);
    this.selectTab(this.state.tab);

    window.addEventListener('message', (e: MessageEvent<HostToView>) => this.onMessage(e.data));
    window.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'g') {
        e.preventDefault();
        this.gotoBox.hidden = false;
        this.gotoBox.value = '';
        this.gotoBox.focus();
      }
    });
    window.addEventListener('error', (e) => host.postMessage({ type: 'log', level: 'error', text: String(e.message) }));
    host.postMessage({ type: 'ready' });
  }

  private selectTab(tab: ViewState['tab']): void {
    this.tabs.selectedIndex = Math.max(0, TABS.indexOf(tab));
    this.state.tab = tab;
    this.save();
  }

  private setTimeMode(mode: TimeMode): void {
    this.state.timeMode = mode;
    this.timeSelect.value = mode;
    this.table.setTimeMode(mode);
    this.save();
  }

  private applyFilter(text: string): void {
    this.state.filter = text;
    this.save();
    host.postMessage({ type: 'setFilter', text });
  }

  /** Selects a packet by number; if the filter hides it, says so. */
  private revealPacket(packet: number): void {
    host.postMessage({ type: 'goto', gen: this.gen, frame: packet + 1 });
  }

  private showDetail(packet: number): void {
    this.state.selected = packet;
    this.save();
    if (packet === this.detailPacket) return;
    this.detailPacket = packet;
    host.postMessage({ type: 'detail', packet });
  }

  private onMessage(m: HostToView): void {
    switch (m.type) {
      case 'loading':
        this.header = undefined;
        this.setStatus(`${m.reload ? 'Reloading' : 'Opening'} ${m.fileName}…`);
        break;
      case 'progress':
        this.setStatus(m.total > 0 ? `Reading… ${Math.floor((m.bytes / m.total) * 100)}% of ${(m.total / 1e6).toFixed(1)} MB` : 'Decompressing…');
        break;
      case 'failed':
        this.showNotice(m.message, true);
        this.setStatus(m.message);
        this.table.setView(-1, 0);
        break;
      case 'loaded':
        this.header = m.header;
        this.notice.hidden = true;
        if (m.header.error) this.showNotice(`Reading stopped early: ${m.header.error.message} (byte ${m.header.error.offset}). Packets before it are shown.`, false);
        this.detailPacket = -1;
        host.postMessage({ type: 'setFilter', text: this.state.filter });
        break;
      case 'filter':
        this.onFilter(m);
        break;
      case 'rows':
        this.table.addRows(m.gen, m.start, m.rows);
        break;
      case 'detail':
        if (m.packet !== this.detailPacket) return;
        this.tree.show(m.tree);
        this.hex.show(m.bytes);
        break;
      case 'goto':
      case 'positionOf':
        if (m.gen !== this.gen) return;
        if (m.position >= 0) this.table.select(m.position);
        if (m.type === 'goto' && !m.exact) this.flash(`Packet ${m.frame} is not displayed by the current filter; selected the nearest shown packet.`);
        break;
      case 'analysis':
        this.analysis.show(m.analysis);
        break;
    }
  }

  private onFilter(m: Extract<HostToView, { type: 'filter' }>): void {
    this.filter.showError(m.error, m.text);
    if (m.error) return;
    const firstView = this.gen < 0;
    this.gen = m.gen;
    this.table.setView(m.gen, m.count);
    const shown = m.text ? ` · Displayed: ${m.count} (${m.total ? ((m.count / m.total) * 100).toFixed(1) : '0'}%) · filter ${m.ms} ms` : '';
    const h = this.header;
    this.setStatus(h ? `${h.fileName} · ${h.format} · ${h.packets} packets${h.duration ? ` · ${h.duration} s` : ''}${shown}` : `${m.total} packets${shown}`);
    // Keep the selected packet selected if the new view still shows it; restore the scroll position once.
    if (firstView && this.restoring) this.table.scrollToTop(this.state.top);
    this.restoring = false;
    if (this.state.selected >= 0) host.postMessage({ type: 'positionOf', gen: m.gen, packet: this.state.selected });
    else this.table.select(0, true);
  }

  private showNotice(text: string, withReload: boolean): void {
    clear(this.notice);
    this.notice.hidden = false;
    this.notice.append(el('span', '', text));
    if (withReload) {
      const b = document.createElement('vscode-button');
      b.textContent = 'Reload';
      b.addEventListener('click', () => host.postMessage({ type: 'reload' }));
      this.notice.append(b);
    }
  }

  private flashTimer = 0;
  private flash(text: string): void {
    this.showNotice(text, false);
    clearTimeout(this.flashTimer);
    this.flashTimer = window.setTimeout(() => { this.notice.hidden = true; }, 4000);
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }

  private save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = window.setTimeout(() => host.setState(this.state), 100);
  }
}

new App(document.getElementById('app')!);
