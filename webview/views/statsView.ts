import type { StatsPage, StatsUiState } from '../../src/protocol';
import { el } from '../dom';
import { CONVERSATIONS_PAGE } from './stats/conversationsPage';
import { ENDPOINTS_PAGE } from './stats/endpointsPage';
import { KindTablePage } from './stats/kindTablePage';
import { OverviewPage } from './stats/overviewPage';
import { PhsPage } from './stats/phsPage';

export const DEFAULT_STATS: StatsUiState = {
  page: 'overview',
  endpointKind: 'ip',
  conversationKind: 'tcp',
  phsSort: { key: 'tree', descending: false },
  endpointSort: { key: 'first', descending: false },
  conversationSort: { key: 'first', descending: false },
};

const PAGES: StatsPage[] = ['overview', 'phs', 'endpoints', 'conversations'];

export interface StatsViewHost {
  /** A row's (or a flag's) display filter: apply it and show the packets. */
  onApply(filter: string): void;
  onFindings(): void;
  onCopy(text: string, what: string): void;
  onState(state: StatsUiState): void;
}

interface Page {
  readonly label: string;
  readonly root: HTMLElement;
  load(): void;
  focus(): void;
}

/**
 * The Statistics tab: Overview, Protocol Hierarchy, Endpoints and Conversations, each its own
 * module (views/stats/). The worker computes a table the first time it is shown and keeps it; a
 * page asks again only for a new capture (or another kind or order).
 */
export class StatsView {
  readonly label = 'Statistics';
  readonly root = el('div', 'stats-pane');
  private readonly nav = el('div', 'stats-nav');
  private readonly pages: Record<StatsPage, Page>;
  private readonly tabs = new Map<StatsPage, HTMLButtonElement>();
  private state: StatsUiState;
  /** The capture is read (requests are answered), and which pages show its numbers already. */
  private ready = false;
  private readonly loaded = new Set<StatsPage>();
  private active = false;

  constructor(
    private readonly host: StatsViewHost,
    saved: StatsUiState | undefined,
  ) {
    this.state = { ...DEFAULT_STATS, ...saved };
    const save = (patch: Partial<StatsUiState>) => {
      this.state = { ...this.state, ...patch };
      host.onState(this.state);
    };
    const tableHost = { onApply: (f: string) => host.onApply(f), onCopy: (t: string, w: string) => host.onCopy(t, w) };
    this.pages = {
      overview: new OverviewPage({ onApply: (f) => host.onApply(f), onFindings: () => host.onFindings() }),
      phs: new PhsPage(
        { ...tableHost, onSort: (phsSort) => save({ phsSort }), onCollapsed: (phsCollapsed) => save({ phsCollapsed }) },
        this.state.phsSort,
        this.state.phsCollapsed ?? [],
      ),
      endpoints: new KindTablePage(
        ENDPOINTS_PAGE,
        { ...tableHost, onState: (s) => save({ endpointKind: s.kind, endpointSort: s.sort }) },
        { kind: this.state.endpointKind, sort: this.state.endpointSort },
      ),
      conversations: new KindTablePage(
        CONVERSATIONS_PAGE,
        { ...tableHost, onState: (s) => save({ conversationKind: s.kind, conversationSort: s.sort }) },
        { kind: this.state.conversationKind, sort: this.state.conversationSort },
      ),
    };
    this.nav.setAttribute('role', 'tablist');
    this.nav.setAttribute('aria-label', 'Statistics');
    for (const p of PAGES) {
      const b = el('button', 'stats-tab', this.pages[p].label);
      b.dataset.page = p;
      b.setAttribute('role', 'tab');
      b.addEventListener('click', () => this.showPage(p));
      // Left and right arrows move between the pages, as in a tab list.
      b.addEventListener('keydown', (e) => {
        if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
        const next = PAGES[(PAGES.indexOf(p) + (e.key === 'ArrowRight' ? 1 : PAGES.length - 1)) % PAGES.length];
        this.showPage(next);
        this.tabs.get(next)?.focus();
      });
      this.tabs.set(p, b);
      this.nav.append(b);
    }
    this.root.append(this.nav, ...PAGES.map((p) => this.pages[p].root));
    this.showPage(this.state.page, false);
  }

  /** A capture is (re)loading: what the pages show belongs to the previous one. */
  forget(): void {
    this.ready = false;
    this.loaded.clear();
  }

  /** The capture is read: the page on screen asks for its numbers. */
  onLoaded(): void {
    this.ready = true;
    this.loadVisible();
  }

  /** The analysis finished: the overview's flags and findings are there now. */
  onAnalysis(): void {
    this.loaded.delete('overview');
    this.loadVisible();
  }

  /** The Statistics tab was selected (or left). */
  setActive(active: boolean): void {
    this.active = active;
    this.loadVisible();
  }

  private showPage(page: StatsPage, save = true): void {
    for (const p of PAGES) {
      const on = p === page;
      this.pages[p].root.hidden = !on;
      const b = this.tabs.get(p)!;
      b.classList.toggle('selected', on);
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
    }
    this.state = { ...this.state, page };
    if (save) this.host.onState(this.state);
    this.loadVisible();
  }

  private loadVisible(): void {
    const p = this.state.page;
    if (!this.ready || !this.active || this.loaded.has(p)) return;
    this.loaded.add(p);
    this.pages[p].load();
  }
}
