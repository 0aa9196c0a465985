import { PacketMarking } from './packetMarks';
import type { VscodeTabs } from '@vscode-elements/elements/dist/vscode-tabs/vscode-tabs.js';
import type { FindingView, FlowView, FollowKey, HostToView, TimeMode, ViewCalls, ViewIntent, ViewState } from '../src/protocol';
import { ContextMenu, type MenuItem } from './contextMenu';
import { Diagrams } from './diagrams';
import { el } from './dom';
import { requests, unanswered } from './hostChannel';
import { emptyText, initialPage, loadNotice, runnableIntent, statusLine, transition, type PageEvent, type PageState } from './pageState';
import { NoticeLine } from './noticeLine';
import { count } from './plural';
import { Toolbar } from './toolbar';
import { installTooltips } from './tooltip';
import { DEFAULT_STATE, host } from './vscodeApi';
import { findingFilter, flowFilter } from './viewFilters';
import { FindingsView } from './views/findingsView';
import { FlowsView } from './views/flowsView';
import { FollowView } from './views/followView';
import { GraphsView } from './views/graphsView';
import { findingGraph } from './findingGraphs';
import { HttpView } from './views/httpView';
import { PacketsView } from './views/packetsView';
import { StatsView } from './views/statsView';

const TABS: ViewState['tab'][] = ['packets', 'flows', 'findings', 'follow', 'http', 'stats', 'graphs'];
/** Wireshark's Follow TCP Stream shortcut. */
const FOLLOW_KEYS = 'Ctrl+Alt+Shift+T';

/**
 * The editor page: filter bar, the views as tabs (packets, flows, findings: views/), status line.
 * It turns the host's news and the user's actions into events of the page state (pageState.ts) and
 * draws what the state says; the views ask the worker for their data through the request channel.
 */
export class Shell {
  private page: PageState = initialPage({ ...DEFAULT_STATE, ...host.getState() });
  private saveTimer = 0;

  private readonly status = el('div', 'status');
  private readonly notice = new NoticeLine(() => host.postMessage({ type: 'reload' }));
  private readonly toolbar = new Toolbar({
    onFilter: (text) => this.applyFilter(text),
    onGoto: (frame) => {
      this.selectTab('packets');
      this.goto(frame);
    },
    onGotoDone: () => this.packets.table.root.focus(),
    onTimeMode: (mode) => this.setTimeMode(mode),
    onCancel: () => host.postMessage({ type: 'cancel' }),
    onFollow: () => this.followSelected(),
  });
  private readonly filter = this.toolbar.filter;
  private readonly tabs = document.createElement('vscode-tabs') as VscodeTabs;
  private readonly packets: PacketsView;
  private readonly flows: FlowsView;
  private readonly findings: FindingsView;
  private readonly follow: FollowView;
  private readonly graphs: GraphsView;
  private readonly http: HttpView;
  private readonly stats: StatsView;
  private readonly diagrams: Diagrams;
  private readonly marking: PacketMarking;
  private readonly menu = new ContextMenu();

  constructor(root: HTMLElement) {
    const ui = this.page.ui;
    this.packets = new PacketsView(
      {
        onPacketSelected: (pos, packet) => this.onPacketSelected(pos, packet),
        onViewportChange: (top) => {
          if (!this.page.restoring) this.saveUi({ top });
        },
        onArrow: (frame) => this.selectFrame(frame),
        onCloseDiagram: () => this.setSidePane(false),
        saveUi: (patch) => this.saveUi(patch),
      },
      ui,
    );
    this.marking = new PacketMarking(this.packets.table, { gen: () => this.page.gen, flash: (text) => this.notice.flash(text) });
    this.flows = new FlowsView(
      {
        onFlow: (flow) => this.onFlow(flow),
        onSortChange: (flowSort) => this.saveUi({ flowSort }),
        onArrow: (frame) => this.showPacket(frame - 1),
      },
      ui.flowSort,
    );
    this.findings = new FindingsView({
      onSelect: (f) => this.onFinding(f),
      onFrame: (frame) => this.showPacket(frame - 1),
      onFilter: (filter) => {
        this.selectTab('packets');
        this.filter.value = filter;
        this.applyFilter(filter);
      },
      onFix: (request) => host.postMessage(request),
      onArrow: (frame) => this.showPacket(frame - 1),
      graphOf: (f) => (findingGraph(f) ? 'Show in stream graph' : undefined),
      onGraph: (f) => {
        const g = findingGraph(f);
        if (!g) return;
        this.selectTab('graphs');
        this.graphs.openTcp(g.stream, g.graph, 'auto', g.evidence);
      },
    });
    this.follow = new FollowView({
      onPacket: (packet) => this.selectFrame(packet + 1),
      onShowPacket: (packet) => {
        this.selectTab('packets');
        this.selectFrame(packet + 1);
      },
      onKeyChange: (key) => this.saveUi({ follow: key }),
      onHttp: (stream) => this.showHttp(stream),
    });
    this.http = new HttpView({
      onShowPacket: (packet) => {
        this.selectTab('packets');
        this.selectFrame(packet + 1);
      },
      onKeyChange: (key) => this.saveUi({ http: key }),
      onSave: (body) => host.postMessage({ type: 'saveHttpBody', ...body }),
    });
    this.graphs = new GraphsView(
      {
        onPacket: (packet) => this.selectFrame(packet + 1),
        onChange: (graphs) => this.saveUi({ graphs }),
        post: (m) => host.postMessage(m),
        flash: (text) => this.notice.flash(text),
      },
      ui.graphs,
    );
    this.stats = new StatsView(
      {
        onApply: (filter) => {
          this.selectTab('packets');
          this.replaceFilter(filter);
          this.packets.table.root.focus();
        },
        onFindings: () => this.selectTab('findings'),
        onCopy: (text, what) => {
          host.postMessage({ type: 'copyText', text, what });
          this.notice.flash(`Copied ${what}.`);
        },
        onState: (stats) => this.saveUi({ stats }),
      },
      ui.stats,
    );
    this.diagrams = new Diagrams(
      [this.packets.diagram, this.flows.diagram, this.findings.diagram],
      this.packets.diagram,
      (stream) => this.saveUi({ diagram: stream }),
      () => this.page.ui.selected + 1,
    );

    const views = [this.packets, this.flows, this.findings, this.follow, this.http, this.stats, this.graphs];
    for (const v of views) {
      const h = document.createElement('vscode-tab-header');
      h.textContent = v.label;
      h.slot = 'header';
      const p = document.createElement('vscode-tab-panel');
      p.append(v.root);
      this.tabs.append(h, p);
    }
    this.tabs.addEventListener('vsc-tabs-select', (e) => {
      const tab = TABS[e.detail.selectedIndex] ?? 'packets';
      this.dispatch({ type: 'tab', tab });
      this.graphs.setVisible(tab === 'graphs');
      this.stats.setActive(tab === 'stats');
      // A packet chosen from another tab (a Follow line) was selected while the table had no height: go to it again.
      if (tab === 'packets' && this.page.ui.selected >= 0) this.goto(this.page.ui.selected + 1);
    });

    root.append(this.toolbar.root, ...this.filter.errorElements, this.notice.root, this.tabs, this.status);
    this.fitPanes(
      root,
      views.map((v) => v.root),
    );
    this.filter.value = ui.filter;
    this.setTimeMode(ui.timeMode);
    this.selectTab(ui.tab);
    this.setSidePane(ui.sidePane);
    installTooltips();
    this.installFollowMenus();

    window.addEventListener('message', (e: MessageEvent<HostToView>) => {
      if (!requests.receive(e.data)) this.onMessage(e.data);
    });
    window.addEventListener('error', (e) => {
      // Chromium reports a resize observed again within one frame as an error event; it is harmless
      // (the next frame delivers it) and says nothing is wrong: not an error for the output channel.
      if (/^ResizeObserver loop/.test(String(e.message))) return;
      host.postMessage({ type: 'log', level: 'error', text: String(e.message) });
    });
    host.postMessage({ type: 'ready' });
  }

  /** Every change of the page state goes through here; the persisted part is saved when it changed. */
  private dispatch(e: PageEvent): void {
    const before = this.page.ui;
    this.page = transition(this.page, e);
    if (this.page.ui !== before) this.save();
  }

  private saveUi(patch: Partial<ViewState>): void {
    this.dispatch({ type: 'ui', patch });
  }

  /**
   * vscode-tabs does not stretch its panels: size the panes to what is left of the window. On the
   * next frame, not inside the observers' callbacks: a size changed there is observed again in the
   * same frame ("ResizeObserver loop completed with undelivered notifications").
   */
  private fitPanes(root: HTMLElement, panes: HTMLElement[]): void {
    let fitQueued = false;
    const fit = () => {
      if (fitQueued) return;
      fitQueued = true;
      requestAnimationFrame(() => {
        fitQueued = false;
        const pane = panes.find((p) => p.offsetParent !== null) ?? panes[0];
        const top = pane.getBoundingClientRect().top;
        const h = `${Math.max(120, window.innerHeight - top - this.status.offsetHeight - 2)}px`;
        for (const p of panes) if (p.style.height !== h) p.style.height = h;
      });
    };
    new ResizeObserver(fit).observe(document.body);
    new MutationObserver(fit).observe(root, { attributes: true, subtree: false, childList: true });
    for (const e of [...this.filter.errorElements, this.notice.root]) new MutationObserver(fit).observe(e, { attributes: true });
    this.tabs.addEventListener('vsc-tabs-select', fit);
  }

  // ------------------------------------------------------------------ the host's news

  private onMessage(m: HostToView): void {
    switch (m.type) {
      case 'loading':
        // Whatever was asked about the previous file is answered for it: drop those replies.
        requests.supersede();
        this.dispatch({ type: 'loading', fileName: m.fileName, reload: m.reload });
        this.diagrams.forget();
        this.follow.forget();
        this.graphs.setReady(false);
        this.http.forget();
        this.stats.forget();
        this.setStatus(`${m.reload ? 'Reloading' : 'Opening'} ${m.fileName}…`);
        break;
      case 'progress':
        this.toolbar.showCancel(true);
        this.setStatus(
          m.total > 0
            ? `Reading… ${Math.floor((m.bytes / m.total) * 100)}% of ${(m.total / 1e6).toFixed(1)} MB · ${count(m.packets, 'packet', 'packets', m.packets.toLocaleString('en-US'))} so far`
            : 'Decompressing…',
        );
        if (m.packets > 0) {
          // Rows stream in: show the unfiltered rows read so far (the filter applies once the file is read).
          this.dispatch({ type: 'progress', gen: m.gen, packets: m.packets });
          this.packets.table.grow(m.gen, m.packets);
        }
        break;
      case 'failed':
        this.dispatch({ type: 'failed', message: m.message });
        this.toolbar.showCancel(false);
        this.showLoadNotice();
        this.setStatus(m.message);
        this.packets.table.setView(-1, 0);
        this.packets.table.setEmptyText(m.message);
        break;
      case 'loaded':
        this.dispatch({ type: 'loaded', header: m.header });
        this.toolbar.showCancel(false);
        this.notice.hide();
        this.showLoadNotice();
        this.packets.forgetDetail();
        // The stream followed before a reload (or a hide and show) is followed again, as it was shown.
        if (this.page.ui.follow) {
          const f = this.page.ui.follow;
          this.follow.follow(f.kind, f.stream, f);
          if (f.kind === 'tcp') this.offerHttp(f.stream);
        }
        // The HTTP exchange shown before, as it was shown.
        if (this.page.ui.http) {
          const { stream, ...how } = this.page.ui.http;
          this.http.open(stream, how);
        }
        requests.request('setFilter', { text: this.page.ui.filter }).then((r) => this.onFilter(r), unanswered);
        this.stats.onLoaded();
        break;
      case 'analysis':
        this.onAnalysis(m);
        break;
      case 'intent':
        this.dispatch({ type: 'intent', intent: m.intent });
        this.applyIntent();
        break;
      case 'openGoto':
        this.toolbar.gotoBox.onHostOpen();
        break;
      case 'markAction':
        this.marking.run(m.action);
        break;
      case 'annotations':
        this.packets.table.refreshRows();
        if (this.page.ui.selected === m.packet) {
          this.packets.forgetDetail();
          this.packets.showDetail(m.packet);
        }
        break;
      default:
        // A reply whose request is gone (the channel took all live ones): nothing to do.
        break;
    }
  }

  private onAnalysis(m: Extract<HostToView, { type: 'analysis' }>): void {
    const a = m.analysis;
    this.dispatch({ type: 'analysis', analysis: a });
    this.renderStatus();
    this.flows.list.show(a);
    this.findings.list.show(a);
    this.diagrams.setAnalysis(a);
    this.graphs.setReady(a.status === 'ready');
    if (a.status !== 'ready') return;
    this.stats.onAnalysis();
    const stream = this.page.ui.diagram;
    if (stream >= 0 && !this.diagrams.wants(this.flows.diagram)) {
      this.flows.list.select('tcp', stream);
      this.diagrams.show(this.flows.diagram, stream);
    }
    this.applyIntent();
  }

  private onFilter(m: ViewCalls['setFilter']): void {
    this.filter.showError(m.error, m.text);
    if (m.error) return;
    const restore = this.page.gen < 0 && this.page.restoring;
    this.dispatch({ type: 'view', view: { gen: m.gen, text: m.text, count: m.count, total: m.total, ms: m.ms } });
    const table = this.packets.table;
    table.setView(m.gen, m.count);
    this.renderStatus();
    table.setEmptyText(emptyText(this.page));
    // Keep the selected packet selected if the new view still shows it; restore the scroll position once.
    if (restore) table.scrollToTop(this.page.ui.top);
    const selected = this.page.ui.selected;
    if (selected >= 0) requests.request('positionOf', { gen: m.gen, packet: selected }).then((r) => this.onPosition(r), unanswered);
    else table.select(0, true);
    this.applyIntent();
  }

  /** Where a packet sits in the view: select it, or (a command's packet the filter hides) clear the filter. */
  private onPosition(m: ViewCalls['goto'] | ViewCalls['positionOf']): void {
    if (m.gen !== this.page.gen) return;
    if (m.type === 'goto' && !m.exact && this.page.revealing === m.frame) {
      // A command asked for this packet: show it even if that means dropping the filter.
      this.dispatch({ type: 'select', packet: m.frame - 1 });
      this.filter.value = '';
      this.applyFilter('');
      this.notice.flash(`Cleared the display filter to show packet ${m.frame}.`);
      return;
    }
    if (m.position >= 0) this.packets.table.select(m.position);
    if (m.type === 'goto' && !m.exact) this.notice.flash(`Packet ${m.frame} is not displayed by the current filter; selected the nearest shown packet.`);
  }

  // ------------------------------------------------------------------ commands from the host

  /** Runs the pending command once the capture is loaded (and, for a filter or a stream, analysed). */
  private applyIntent(): void {
    const i: ViewIntent | undefined = runnableIntent(this.page);
    if (!i) return;
    this.dispatch({ type: 'intentDone' });
    switch (i.type) {
      case 'reveal':
        this.dispatch({ type: 'reveal', frame: i.frame });
        this.showPacket(i.frame - 1, true);
        break;
      case 'applyFilter':
        this.selectTab('packets');
        this.filter.value = i.filter;
        this.applyFilter(i.filter);
        break;
      case 'followSelected':
        this.followSelected();
        break;
      case 'showStream':
        this.selectTab('flows');
        this.packets.table.setEvidence(new Set());
        this.filter.value = `tcp.stream == ${i.stream}`;
        this.applyFilter(this.filter.value);
        this.flows.list.select('tcp', i.stream);
        this.diagrams.show(this.flows.diagram, i.stream);
        break;
    }
  }

  // ------------------------------------------------------------------ the user's choices

  /** Right-click on a packet or a flow: Follow its stream; Ctrl+Alt+Shift+T on the selected packet. */
  private installFollowMenus(): void {
    const table = this.packets.table;
    table.root.addEventListener('contextmenu', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('.players [data-pos]');
      if (!row) return;
      const pos = Number(row.dataset.pos);
      if (pos !== table.selected) table.select(pos);
      const r = table.rowAt(pos);
      this.menu.open(e, this.followItems(r?.stream !== undefined ? 'tcp' : r?.udpStream !== undefined ? 'udp' : undefined, r?.stream ?? r?.udpStream));
    });
    this.flows.list.root.addEventListener('contextmenu', (e) => {
      const [transport, stream] = ((e.target as HTMLElement).closest<HTMLElement>('tr[data-stream]')?.dataset.stream ?? '').split(':');
      this.menu.open(e, this.followItems(transport === 'tcp' || transport === 'udp' ? transport : undefined, Number(stream)));
    });
    window.addEventListener('keydown', (e) => {
      // VS Code also runs the keybinding's command, which asks the same of this page: following twice is harmless.
      if (e.ctrlKey && e.altKey && e.shiftKey && e.code === 'KeyT') {
        e.preventDefault();
        this.followSelected();
      }
    });
  }

  private followItems(kind: FollowKey['kind'] | undefined, stream: number | undefined): MenuItem[] {
    if (!kind || stream === undefined || !Number.isInteger(stream)) return [{ label: 'Follow Stream (not a TCP or UDP packet)', run: () => {} }];
    const items: MenuItem[] = [{ label: `Follow ${kind.toUpperCase()} Stream`, keys: FOLLOW_KEYS, run: () => this.followStream(kind, stream) }];
    if (kind === 'tcp') {
      items.push({ label: 'Show HTTP Exchanges', run: () => this.showHttp(stream) });
      items.push({ label: 'TCP Stream Graph', keys: '', run: () => this.streamGraph(stream) });
    }
    return items;
  }

  /** A TCP stream's graph in the Graphs tab (the one shown last, tcptrace's at first), the data sender whichever sent more. */
  private streamGraph(stream: number): void {
    this.selectTab('graphs');
    this.graphs.openTcp(stream, this.graphs.tcpShown ?? 'tcptrace');
  }

  /** A TCP stream's HTTP exchanges in the HTTP tab; the table filtered to the stream, as Follow does. */
  private showHttp(stream: number): void {
    this.selectTab('http');
    if (this.http.shown?.stream !== stream) this.http.open(stream);
    this.replaceFilter(`tcp.stream eq ${stream}`);
    this.http.focus();
  }

  /** The Follow tab links to the HTTP tab when the followed TCP stream carries HTTP messages. */
  private offerHttp(stream: number): void {
    this.follow.offerHttp(undefined);
    // Only how many: no exchange is needed for the link.
    requests.request('httpMessages', { stream, start: 0, count: 0 }).then((m) => {
      if (this.follow.shown?.kind === 'tcp' && this.follow.shown.stream === m.stream) this.follow.offerHttp(m.total ? m.total : undefined);
    }, unanswered);
  }

  /** The selected packet's stream in the Follow tab, or a word on why there is none. */
  private followSelected(): void {
    const table = this.packets.table;
    const r = table.rowAt(table.selected);
    if (r?.stream !== undefined) this.followStream('tcp', r.stream);
    else if (r?.udpStream !== undefined) this.followStream('udp', r.udpStream);
    else this.notice.flash('Select a TCP or UDP packet to follow its stream.');
  }

  /** Follows a stream and, as Wireshark does, filters the table to it. */
  private followStream(kind: FollowKey['kind'], stream: number): void {
    this.selectTab('follow');
    const shown = this.follow.shown;
    if (!shown || shown.kind !== kind || shown.stream !== stream) {
      this.follow.follow(kind, stream);
      if (kind === 'tcp') this.offerHttp(stream);
      else this.follow.offerHttp(undefined);
    }
    this.replaceFilter(`${kind}.stream eq ${stream}`);
    this.follow.focus();
  }

  private onFlow(flow: FlowView): void {
    this.packets.table.setEvidence(new Set());
    this.replaceFilter(flowFilter(flow));
    if (flow.transport === 'tcp') this.diagrams.show(this.flows.diagram, flow.stream);
    else this.flows.diagram.showMessage(`${flow.transport.toUpperCase()} conversations have no handshake diagram.`);
  }

  private onFinding(f: FindingView): void {
    const evidence = new Set(f.packets);
    this.packets.table.setEvidence(new Set(f.packets.map((frame) => frame - 1)));
    if (f.packets.length) this.saveUi({ selected: f.packets[0] - 1 });
    // A new filter's reply selects the selected packet; with the filter unchanged, go to it now.
    if (!this.replaceFilter(findingFilter(f)) && f.packets.length) this.goto(f.packets[0]);
    if (f.streams.length) this.diagrams.show(this.findings.diagram, f.streams[0], evidence);
    else this.findings.diagram.showMessage('This finding does not belong to one TCP stream.');
  }

  private setSidePane(open: boolean): void {
    this.saveUi({ sidePane: open });
    this.packets.showSidePane(open);
    if (open) {
      const row = this.packets.table.rowAt(this.packets.table.selected);
      if (row?.stream !== undefined) this.diagrams.show(this.packets.diagram, row.stream);
    }
  }

  /** A packet in the Packets tab, with its stream's diagram beside the table. */
  private showPacket(packet: number, revealing = false): void {
    this.selectTab('packets');
    if (!this.page.ui.sidePane) this.setSidePane(true);
    if (!revealing) this.saveUi({ selected: packet });
    this.goto(packet + 1);
  }

  /** A diagram arrow clicked beside the table: select that packet. */
  private selectFrame(frame: number): void {
    this.saveUi({ selected: frame - 1 });
    this.goto(frame);
  }

  private onPacketSelected(pos: number, packet: number): void {
    this.dispatch({ type: 'select', packet });
    this.packets.showDetail(packet);
    const row = this.packets.table.rowAt(pos);
    const beside = this.packets.diagram;
    if (this.page.ui.sidePane && row?.stream !== undefined) {
      if (beside.stream !== row.stream) this.diagrams.show(beside, row.stream);
      beside.select(packet + 1);
    }
  }

  /** Selects a packet by number; if the filter hides it, says so. */
  private goto(frame: number): void {
    requests.request('goto', { gen: this.page.gen, frame }).then((r) => this.onPosition(r), unanswered);
  }

  private selectTab(tab: ViewState['tab']): void {
    this.tabs.selectedIndex = Math.max(0, TABS.indexOf(tab));
    this.dispatch({ type: 'tab', tab });
    this.graphs.setVisible(tab === 'graphs');
    this.stats.setActive(tab === 'stats');
  }

  private setTimeMode(mode: TimeMode): void {
    this.saveUi({ timeMode: mode });
    this.toolbar.timeMode = mode;
    this.packets.table.setTimeMode(mode);
  }

  /** Puts `text` in the filter bar and applies it, unless it is already what is shown; true if it changed. */
  private replaceFilter(text: string): boolean {
    if (text === this.page.ui.filter && this.filter.value === text) return false;
    this.filter.value = text;
    this.applyFilter(text);
    return true;
  }

  private applyFilter(text: string): void {
    this.dispatch({ type: 'filter', text });
    requests.request('setFilter', { text }).then((r) => this.onFilter(r), unanswered);
  }

  // ------------------------------------------------------------------ status and notices

  private renderStatus(): void {
    const text = statusLine(this.page);
    if (text !== undefined) this.setStatus(text);
  }

  private showLoadNotice(): void {
    const n = loadNotice(this.page.load);
    if (n) this.notice.show(n.text, n.reload);
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }

  private save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = window.setTimeout(() => {
      host.setState(this.page.ui);
      host.postMessage({ type: 'uiState', state: this.page.ui });
    }, 100);
  }
}
