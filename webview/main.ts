import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-split-layout/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { VscodeTabs } from '@vscode-elements/elements/dist/vscode-tabs/vscode-tabs.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { AnalysisState, CaptureHeader, FindingView, FlowView, HostToView, LadderModel, TimeMode, ViewIntent, ViewState } from '../src/protocol';
import { DetailTree } from './detailTree';
import { clear, el } from './dom';
import { FilterBar } from './filterBar';
import { FindingsPanel } from './findingsPanel';
import { FlowsPanel } from './flowsPanel';
import { GotoBox } from './gotoBox';
import { HexView } from './hexView';
import { LadderDiagram } from './ladderDiagram';
import { PacketTable } from './packetTable';
import { paneSash, restorePaneWidth } from './paneSash';
import { count } from './plural';
import { installTooltips } from './tooltip';
import { DEFAULT_STATE, host } from './vscodeApi';
import { findingFilter, flowFilter } from './viewFilters';

const CANCELLED = 'Reading was cancelled';

const TABS: ViewState['tab'][] = ['packets', 'flows', 'findings'];

/**
 * The editor page: filter bar, tabs (packets with detail, hex and an optional diagram beside them;
 * flows and findings, each with the diagram of the selected stream below), status line.
 */
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
  private readonly gotoBox = new GotoBox((frame) => {
    this.selectTab('packets');
    host.postMessage({ type: 'goto', gen: this.gen, frame });
  }, () => this.table.root.focus());
  private readonly tabs = document.createElement('vscode-tabs') as VscodeTabs;
  private readonly table: PacketTable;
  private readonly tree = new DetailTree((item) => {
    if (!item) return;
    this.showBytes(item.source === 'reassembled');
    this.hex.highlight(item.offset, item.length);
  });
  private readonly hex = new HexView((offset) => {
    const item = this.tree.selectByte(offset, this.hexShowsReassembled ? 'reassembled' : undefined);
    if (item) this.hex.highlight(item.offset, item.length);
    else this.hex.highlight(offset, 1);
  });
  /** The selected packet's bytes and, for one that completed an IP datagram, the datagram's (Wireshark's second bytes tab). */
  private detailBytes: { frame: number[]; reassembled?: { title: string; bytes: number[] } } = { frame: [] };
  private hexShowsReassembled = false;
  private readonly flows: FlowsPanel;
  private readonly findings = new FindingsPanel({
    onSelect: (f) => this.onFinding(f),
    onFrame: (frame) => this.showPacket(frame - 1),
    onFilter: (filter) => {
      this.selectTab('packets');
      this.filter.value = filter;
      this.applyFilter(filter);
    },
    onFix: (request) => host.postMessage(request),
  });
  private analysisState: AnalysisState = { status: 'running' };
  /** Diagrams: beside the packet table, under the flows, under the findings. */
  private readonly sideDiagram = new LadderDiagram({ onArrow: (frame) => this.selectFrame(frame), onClose: () => this.setSidePane(false) });
  private readonly flowsDiagram = new LadderDiagram({ onArrow: (frame) => this.showPacket(frame - 1) });
  private readonly findingsDiagram = new LadderDiagram({ onArrow: (frame) => this.showPacket(frame - 1) });
  private readonly ladders = new Map<number, { model?: LadderModel; reason?: string }>();
  private readonly wanted = new Map<LadderDiagram, { stream: number; evidence: Set<number> }>();
  private readonly sidePane = el('div', 'side-pane');
  /** Packet table and the diagram beside it; the table's minimum width is its --table-min-px. */
  private readonly packetsPane = el('div', 'packets-pane');
  private readonly cancelButton = document.createElement('vscode-button');
  /** A command's request that waits for the capture (and its analysis) to be there. */
  private intent: ViewIntent | undefined;
  /** The frame a reveal asked for: if the filter hides it, the filter is cleared. */
  private revealing = -1;
  private loaded = false;
  /** A filter reply arrived for the loaded file: positions and `gen` refer to it. */
  private viewReady = false;

  constructor(root: HTMLElement) {
    this.table = new PacketTable({
      requestRows: (gen, start, count) => host.postMessage({ type: 'rows', gen, start, count }),
      onSelect: (pos, packet) => this.onPacketSelected(pos, packet),
      onViewportChange: (top) => { if (!this.restoring) { this.state.top = top; this.save(); } },
      onColumnsChange: (widths) => { this.state.columnWidths = widths; this.save(); },
      onMinWidth: (px) => this.packetsPane.style.setProperty('--table-min-px', `${px}px`),
    }, this.state.columnWidths);
    this.flows = new FlowsPanel({
      requestFlows: (sort, start, count) => host.postMessage({ type: 'flows', sort, start, count }),
      requestPosition: (sort, transport, stream) => host.postMessage({ type: 'flowPosition', sort, transport, stream }),
      onSelect: (flow) => this.onFlow(flow),
      onSortChange: (sort) => { this.state.flowSort = sort; this.save(); },
    }, this.state.flowSort);

    for (const [value, label] of [['rel', 'Seconds since start'], ['delta', 'Since previous shown'], ['abs', 'Absolute (UTC)']]) {
      const o = document.createElement('vscode-option');
      o.value = value;
      o.textContent = label;
      this.timeSelect.append(o);
    }
    this.timeSelect.className = 'time-select';
    this.timeSelect.title = 'Time column format';
    this.timeSelect.addEventListener('change', () => this.setTimeMode(this.timeSelect.value as TimeMode));

    const toolbar = el('div', 'toolbar');
    toolbar.append(this.filter.root, this.gotoBox.root, this.timeSelect);

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
    const packetsPane = this.packetsPane;
    this.sidePane.append(paneSash(this.sidePane, packetsPane, () => this.table.minWidth, (px) => { this.state.sidePaneWidth = px; this.save(); }), this.sideDiagram.root);
    restorePaneWidth(this.sidePane, this.state.sidePaneWidth);
    packetsPane.append(split, this.sidePane);
    const flowsPane = el('div', 'analysis-pane');
    flowsPane.append(this.flows.root, this.flowsDiagram.root);
    const findingsPane = el('div', 'analysis-pane');
    findingsPane.append(this.findings.root, this.findingsDiagram.root);
    this.cancelButton.textContent = 'Cancel';
    this.cancelButton.setAttribute('secondary', '');
    this.cancelButton.className = 'cancel-load';
    this.cancelButton.hidden = true;
    this.cancelButton.addEventListener('click', () => host.postMessage({ type: 'cancel' }));
    toolbar.append(this.cancelButton);

    const labels = { packets: 'Packets', flows: 'Flows', findings: 'Findings' };
    const panels = { packets: packetsPane, flows: flowsPane, findings: findingsPane };
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
    // vscode-tabs does not stretch its panels: size the panes to what is left of the window. On the
    // next frame, not inside the observers' callbacks: a size changed there is observed again in the
    // same frame ("ResizeObserver loop completed with undelivered notifications").
    let fitQueued = false;
    const fit = () => {
      if (fitQueued) return;
      fitQueued = true;
      requestAnimationFrame(() => {
        fitQueued = false;
        const pane = [packetsPane, flowsPane, findingsPane].find((p) => p.offsetParent !== null) ?? packetsPane;
        const top = pane.getBoundingClientRect().top;
        const h = `${Math.max(120, window.innerHeight - top - this.status.offsetHeight - 2)}px`;
        for (const p of [packetsPane, flowsPane, findingsPane]) if (p.style.height !== h) p.style.height = h;
      });
    };
    new ResizeObserver(fit).observe(document.body);
    new MutationObserver(fit).observe(root, { attributes: true, subtree: false, childList: true });
    for (const e of [...this.filter.errorElements, this.notice]) new MutationObserver(fit).observe(e, { attributes: true });
    this.tabs.addEventListener('vsc-tabs-select', fit);
    this.notice.hidden = true;
    this.tree.showMessage('Select a packet to see its layers and fields.');
    this.filter.value = this.state.filter;
    this.setTimeMode(this.state.timeMode);
    this.selectTab(this.state.tab);
    this.setSidePane(this.state.sidePane);
    installTooltips();

    window.addEventListener('message', (e: MessageEvent<HostToView>) => this.onMessage(e.data));
    window.addEventListener('error', (e) => {
      // Chromium reports a resize observed again within one frame as an error event; it is harmless
      // (the next frame delivers it) and says nothing is wrong: not an error for the output channel.
      if (/^ResizeObserver loop/.test(String(e.message))) return;
      host.postMessage({ type: 'log', level: 'error', text: String(e.message) });
    });
    host.postMessage({ type: 'ready' });
  }

  // ------------------------------------------------------------------ flows, findings, diagrams

  private onAnalysis(a: AnalysisState): void {
    this.analysisState = a;
    this.renderStatus();
    this.flows.show(a);
    this.findings.show(a);
    this.ladders.clear();
    if (a.status !== 'ready') {
      for (const d of [this.sideDiagram, this.flowsDiagram, this.findingsDiagram]) d.showMessage(a.status === 'running' ? 'Analysing…' : a.reason);
      return;
    }
    for (const d of [this.sideDiagram, this.flowsDiagram, this.findingsDiagram]) d.showMessage('Select a TCP flow or finding to see its handshake diagram.');
    // Diagrams asked for before the analysis was there (or restored state): draw them now.
    for (const [d, w] of this.wanted) this.showDiagram(d, w.stream, w.evidence);
    if (this.state.diagram >= 0 && !this.wanted.has(this.flowsDiagram)) {
      this.flows.select('tcp', this.state.diagram);
      this.showDiagram(this.flowsDiagram, this.state.diagram);
    }
    this.applyIntent();
  }

  private onFlow(flow: FlowView): void {
    this.table.setEvidence(new Set());
    this.replaceFilter(flowFilter(flow));
    if (flow.transport === 'tcp') this.showDiagram(this.flowsDiagram, flow.stream);
    else this.flowsDiagram.showMessage(`${flow.transport.toUpperCase()} conversations have no handshake diagram.`);
  }

  private onFinding(f: FindingView): void {
    const evidence = new Set(f.packets);
    this.table.setEvidence(new Set(f.packets.map((frame) => frame - 1)));
    if (f.packets.length) this.state.selected = f.packets[0] - 1;
    // A new filter's reply selects state.selected; with the filter unchanged, go to it now.
    if (!this.replaceFilter(findingFilter(f)) && f.packets.length) host.postMessage({ type: 'goto', gen: this.gen, frame: f.packets[0] });
    if (f.streams.length) this.showDiagram(this.findingsDiagram, f.streams[0], evidence);
    else this.findingsDiagram.showMessage('This finding does not belong to one TCP stream.');
  }

  /** Asks for a stream's diagram (once per stream) and draws it in `d` when it is there. */
  private showDiagram(d: LadderDiagram, stream: number, evidence: Set<number> = new Set()): void {
    this.wanted.set(d, { stream, evidence });
    this.state.diagram = stream;
    this.save();
    if (this.analysisState.status !== 'ready') {
      d.showMessage(this.analysisState.status === 'running' ? 'Analysing…' : this.analysisState.reason);
      return;
    }
    const got = this.ladders.get(stream);
    if (!got) {
      this.ladders.set(stream, {});
      d.showMessage(`Drawing TCP stream ${stream}…`);
      host.postMessage({ type: 'ladder', stream });
    } else if (got.model) {
      if (d.stream !== stream || evidence.size) d.show(got.model, evidence);
      if (d === this.sideDiagram && this.state.selected >= 0) d.select(this.state.selected + 1);
    } else if (got.reason) d.showMessage(got.reason);
  }

  private onLadder(m: Extract<HostToView, { type: 'ladder' }>): void {
    this.ladders.set(m.stream, { model: m.model, reason: m.reason });
    for (const [d, w] of this.wanted) if (w.stream === m.stream) this.showDiagram(d, w.stream, w.evidence);
  }

  private setSidePane(open: boolean): void {
    this.state.sidePane = open;
    this.sidePane.hidden = !open;
    this.save();
    if (open) {
      const row = this.table.rowAt(this.table.selected);
      if (row?.stream !== undefined) this.showDiagram(this.sideDiagram, row.stream);
    }
  }

  /** A packet in the Packets tab, with its stream's diagram beside the table. */
  private showPacket(packet: number): void {
    this.selectTab('packets');
    if (!this.state.sidePane) this.setSidePane(true);
    this.state.selected = packet;
    this.revealPacket(packet);
  }

  /** A diagram arrow clicked beside the table: select that packet. */
  private selectFrame(frame: number): void {
    this.state.selected = frame - 1;
    this.revealPacket(frame - 1);
  }

  private onPacketSelected(pos: number, packet: number): void {
    this.showDetail(packet);
    const row = this.table.rowAt(pos);
    if (this.state.sidePane && row?.stream !== undefined) {
      if (this.sideDiagram.stream !== row.stream) this.showDiagram(this.sideDiagram, row.stream);
      this.sideDiagram.select(packet + 1);
    }
  }

  // ------------------------------------------------------------------ commands from the host

  private onIntent(intent: ViewIntent): void {
    this.intent = intent;
    this.applyIntent();
  }

  /** Runs the pending command once the capture is loaded (and, for a stream, analysed). */
  private applyIntent(): void {
    const i = this.intent;
    if (!i || !this.loaded || !this.viewReady) return;
    if (i.type === 'reveal') {
      this.intent = undefined;
      this.revealing = i.frame;
      this.showPacket(i.frame - 1);
      return;
    }
    if (i.type === 'applyFilter') {
      // Analysis fields (tcp.analysis.*) need the analysis: wait for it like showStream does.
      if (this.analysisState.status === 'running') return;
      this.intent = undefined;
      this.selectTab('packets');
      this.filter.value = i.filter;
      this.applyFilter(i.filter);
      return;
    }
    if (this.analysisState.status === 'running') return;
    this.intent = undefined;
    this.selectTab('flows');
    this.table.setEvidence(new Set());
    this.filter.value = `tcp.stream == ${i.stream}`;
    this.applyFilter(this.filter.value);
    this.flows.select('tcp', i.stream);
    this.showDiagram(this.flowsDiagram, i.stream);
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

  /** Puts `text` in the filter bar and applies it, unless it is already what is shown; true if it changed. */
  private replaceFilter(text: string): boolean {
    if (text === this.state.filter && this.filter.value === text) return false;
    this.filter.value = text;
    this.applyFilter(text);
    return true;
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
    this.revealing = -1;
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
        this.shownView = undefined;
        this.loaded = false;
        this.viewReady = false;
        this.ladders.clear();
        this.setStatus(`${m.reload ? 'Reloading' : 'Opening'} ${m.fileName}…`);
        break;
      case 'progress':
        this.cancelButton.hidden = false;
        this.setStatus(m.total > 0 ? `Reading… ${Math.floor((m.bytes / m.total) * 100)}% of ${(m.total / 1e6).toFixed(1)} MB · ${count(m.packets, 'packet', 'packets', m.packets.toLocaleString('en-US'))} so far` : 'Decompressing…');
        if (m.packets > 0) {
          // Rows stream in: show the unfiltered rows read so far (the filter applies once the file is read).
          if (this.gen !== m.gen) this.restoring = false;
          this.gen = m.gen;
          this.table.grow(m.gen, m.packets);
        }
        break;
      case 'failed':
        this.cancelButton.hidden = true;
        this.showNotice(m.message, true);
        this.setStatus(m.message);
        this.table.setView(-1, 0);
        this.table.setEmptyText(m.message);
        break;
      case 'loaded':
        this.header = m.header;
        this.loaded = true;
        this.cancelButton.hidden = true;
        this.notice.hidden = true;
        if (m.header.error?.message === CANCELLED) this.showNotice(`Reading was cancelled at byte ${m.header.error.offset}: the ${count(m.header.packets, 'packet')} read so far ${m.header.packets === 1 ? 'is' : 'are'} shown and analysed.`, true);
        else if (m.header.error) this.showNotice(`Reading stopped early: ${m.header.error.message} (byte ${m.header.error.offset}). Packets before it are shown.`, false);
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
        this.detailBytes = { frame: m.bytes, reassembled: m.reassembled };
        this.showBytes(false, true);
        break;
      case 'goto':
      case 'positionOf':
        if (m.gen !== this.gen) return;
        if (m.type === 'goto' && !m.exact && this.revealing === m.frame) {
          // A command asked for this packet: show it even if that means dropping the filter.
          this.state.selected = m.frame - 1;
          this.filter.value = '';
          this.applyFilter('');
          this.flash(`Cleared the display filter to show packet ${m.frame}.`);
          break;
        }
        if (m.position >= 0) this.table.select(m.position);
        if (m.type === 'goto' && !m.exact) this.flash(`Packet ${m.frame} is not displayed by the current filter; selected the nearest shown packet.`);
        break;
      case 'analysis':
        this.onAnalysis(m.analysis);
        break;
      case 'ladder':
        this.onLadder(m);
        break;
      case 'flows':
        this.flows.addFlows(m);
        break;
      case 'flowPosition':
        this.flows.onPosition(m);
        break;
      case 'intent':
        this.onIntent(m.intent);
        break;
      case 'openGoto':
        this.gotoBox.onHostOpen();
        break;
    }
  }

  /** Shows the frame's bytes, or the reassembled datagram's (titled) when a node of it is selected. */
  private showBytes(reassembled: boolean, fresh = false): void {
    const r = reassembled ? this.detailBytes.reassembled : undefined;
    if (!fresh && Boolean(r) === this.hexShowsReassembled) return;
    this.hexShowsReassembled = Boolean(r);
    this.hex.show(r ? r.bytes : this.detailBytes.frame, r?.title);
  }

  private onFilter(m: Extract<HostToView, { type: 'filter' }>): void {
    this.filter.showError(m.error, m.text);
    if (m.error) return;
    const firstView = this.gen < 0;
    this.gen = m.gen;
    if (this.loaded) this.viewReady = true;
    this.table.setView(m.gen, m.count);
    this.shownView = m;
    this.renderStatus();
    this.table.setEmptyText(m.count > 0 ? '' : m.total > 0 ? `No packet matches the filter ${m.text}.` : this.header?.error
      ? `No packet could be read: ${this.header.error.message} (byte ${this.header.error.offset}).` : 'This capture holds no packets.');
    // Keep the selected packet selected if the new view still shows it; restore the scroll position once.
    if (firstView && this.restoring) this.table.scrollToTop(this.state.top);
    this.restoring = false;
    if (this.state.selected >= 0) host.postMessage({ type: 'positionOf', gen: m.gen, packet: this.state.selected });
    else this.table.select(0, true);
    this.applyIntent();
  }

  /** The filter reply on screen: the status line says how many packets it shows. */
  private shownView: Extract<HostToView, { type: 'filter' }> | undefined;

  /** File, format, packets, duration, flows and findings once analysed, and what the filter shows. */
  private renderStatus(): void {
    const m = this.shownView;
    if (!m) return;
    const shown = m.text ? ` · Displayed: ${m.count} (${m.total ? ((m.count / m.total) * 100).toFixed(1) : '0'}%) · filter ${m.ms} ms` : '';
    const a = this.analysisState;
    const analysed = a.status === 'ready' ? ` · ${count(a.flowCount, 'flow')} · ${count(a.findings.length, 'finding')}` : '';
    const h = this.header;
    this.setStatus(h ? `${h.fileName} · ${h.format} · ${count(h.packets, 'packet')}${h.duration ? ` · ${h.duration} s` : ''}${analysed}${shown}` : `${count(m.total, 'packet')}${shown}`);
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
    this.saveTimer = window.setTimeout(() => {
      host.setState(this.state);
      host.postMessage({ type: 'uiState', state: this.state });
    }, 100);
  }
}

new App(document.getElementById('app')!);
