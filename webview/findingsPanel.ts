import type { AnalysisState, FindingView, FixRequest } from '../src/protocol';
import { clear, el } from './dom';

const RANK = { error: 0, warning: 1, info: 2 } as const;
const MARK = { error: '✖', warning: '⚠', info: 'ℹ' } as const;

type Fix = FindingView['fixes'][number];

/** A fix's action as one line of text (never markup: it may quote packet-derived values). */
function actionText(a: Fix['action']): string {
  switch (a.kind) {
    case 'sysctl':
      return `sysctl ${a.key} = ${a.value} (on the ${a.where})`;
    case 'command':
      return `$ ${a.command}`;
    case 'filter':
      return a.filter;
    case 'doc':
      return a.url;
  }
}

export interface FindingsHost {
  onSelect(f: FindingView): void;
  onFrame(frame: number): void;
  /** Put a fix's display filter in the filter bar and apply it. */
  onFilter(filter: string): void;
  /** A fix only the host can carry out: open a link, copy a command, add a sysctl setting. */
  onFix(request: FixRequest): void;
  /** The label of the stream graph that shows the finding (undefined: none does), and opening it. */
  graphOf?(f: FindingView): string | undefined;
  onGraph?(f: FindingView): void;
}

/**
 * The Findings tab: most severe first, one line each (title, rule, count, streams), the
 * explanation, evidence and fixes unfolding below. Selecting one selects its evidence packets and
 * shows its stream's diagram (see shell.ts).
 */
export class FindingsPanel {
  readonly root = el('div', 'findings-list');
  private items: Array<{ finding: FindingView; box: HTMLDivElement }> = [];
  private selected: HTMLDivElement | undefined;

  constructor(private readonly host: FindingsHost) {
    this.root.tabIndex = 0;
    this.root.addEventListener('keydown', (e) => {
      const k = this.items.findIndex((r) => r.box === this.selected);
      if (e.key === 'Enter' || e.key === ' ') {
        if (k >= 0) {
          e.preventDefault();
          this.toggle(this.items[k].box);
        }
        return;
      }
      const next = e.key === 'ArrowDown' ? k + 1 : e.key === 'ArrowUp' ? k - 1 : -2;
      if (next === -2) return;
      e.preventDefault();
      const r = this.items[Math.max(0, Math.min(this.items.length - 1, next))];
      if (r) this.pick(r.finding, r.box);
    });
  }

  show(a: AnalysisState): void {
    clear(this.root);
    this.items = [];
    this.selected = undefined;
    if (a.status !== 'ready') {
      this.root.append(el('div', 'placeholder', a.status === 'running' ? 'Analysing…' : a.reason));
      return;
    }
    const sorted = [...a.findings].sort((x, y) => RANK[x.severity] - RANK[y.severity]);
    if (!sorted.length) this.root.append(el('div', 'placeholder', 'No findings: nothing suspicious was detected.'));
    for (const f of sorted) {
      const box = el('div', `finding sev-${f.severity}`);
      box.dataset.rule = f.rule;
      const line = el('div', 'finding-line');
      const twisty = el('span', 'twisty', '▸');
      line.append(twisty, el('span', `mark mark-${f.severity}`, MARK[f.severity]), el('span', 'finding-title', f.title));
      const meta = el('span', 'finding-meta');
      meta.append(el('span', 'rule', f.rule));
      if (f.count > 1) meta.append(el('span', 'count', `×${f.count}`));
      if (f.streams.length)
        meta.append(el('span', 'streams', `stream${f.streams.length > 1 ? 's' : ''} ${f.streams.slice(0, 8).join(', ')}${f.streams.length > 8 ? ', …' : ''}`));
      line.append(meta);
      box.append(line, this.body(f));
      line.addEventListener('click', () => {
        this.pick(f, box);
        this.toggle(box);
      });
      this.root.append(box);
      this.items.push({ finding: f, box });
    }
  }

  private body(f: FindingView): HTMLDivElement {
    const body = el('div', 'finding-body');
    body.hidden = true;
    body.append(el('p', 'explanation', f.explanation));
    const facts = el('div', 'facts');
    facts.append(el('span', '', `confidence ${f.confidence}`));
    if (f.client) facts.append(el('span', '', `client ${f.client}`));
    if (f.server) facts.append(el('span', '', `server ${f.server}`));
    body.append(facts);
    if (f.packets.length) {
      const ev = el('div', 'evidence');
      ev.append(el('span', 'label', 'Evidence: '));
      for (const frame of f.packets.slice(0, 40)) {
        const b = el('button', 'frame-link', String(frame));
        b.title = `Show packet ${frame} in the Packets tab`;
        b.addEventListener('click', (e) => {
          e.stopPropagation();
          this.host.onFrame(frame);
        });
        ev.append(b);
      }
      if (f.packets.length > 40) ev.append(el('span', '', ` … ${f.packets.length - 40} more`));
      body.append(ev);
    }
    const graph = this.host.graphOf?.(f);
    if (graph) {
      const b = el('button', 'link graph-link', graph);
      b.title = 'Open the TCP stream graph that shows this, zoomed around the evidence';
      b.addEventListener('click', (e) => {
        e.stopPropagation();
        this.host.onGraph?.(f);
      });
      const row = el('div', 'graph-row');
      row.append(b);
      body.append(row);
    }
    if (f.fixes.length) {
      body.append(el('div', 'label', 'Fix:'));
      body.append(this.fixList(f.fixes));
    }
    if (f.references.length) {
      const refs = el('div', 'refs');
      refs.append(el('span', '', 'References: '));
      for (const url of f.references) refs.append(this.link(url, url));
      body.append(refs);
    }
    return body;
  }

  /**
   * Each fix with what can be done with it, as the Problems panel's quick fixes offer: add the sysctl
   * setting to a file, copy the command, apply the filter, open the document. Fixes that share a cost
   * (a setting, then the commands that apply it) state it once.
   */
  private fixList(fixes: Fix[]): HTMLUListElement {
    const list = el('ul', 'fixes');
    const costs = new Set<string>();
    for (const fix of fixes) {
      const a = fix.action;
      const li = el('li', `fix fix-${a.kind}`);
      if (a.kind === 'doc') li.append(this.link(fix.title, a.url));
      else {
        li.append(el('span', 'fix-title', fix.title));
        const row = el('div', 'fix-row');
        row.append(el('code', 'fix-action', actionText(a)));
        if (a.kind === 'sysctl')
          row.append(
            this.button('Add to a sysctl file…', `Add ${a.key} = ${a.value} to a sysctl configuration file of the workspace`, () =>
              this.host.onFix({
                type: 'addSysctlSetting',
                key: a.key,
                value: a.value,
                comment: `Added by PCAP Inspector: ${fix.title}. ${fix.cost ?? ''}`.trim(),
              }),
            ),
          );
        else if (a.kind === 'command')
          row.append(this.button('Copy', 'Copy the command to the clipboard', () => this.host.onFix({ type: 'copyText', text: a.command })));
        else row.append(this.button('Apply filter', 'Show the matching packets in the Packets tab', () => this.host.onFilter(a.filter)));
        li.append(row);
      }
      if (fix.cost) {
        li.append(el('span', 'fix-cost', costs.has(fix.cost) ? 'Cost: the same as above.' : `Cost: ${fix.cost}`));
        costs.add(fix.cost);
      }
      list.append(li);
    }
    return list;
  }

  private button(label: string, tip: string, run: () => void): HTMLElement {
    const b = document.createElement('vscode-button');
    b.setAttribute('secondary', '');
    b.className = 'fix-button';
    b.textContent = label;
    b.title = tip;
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      run();
    });
    return b;
  }

  /** A link the host opens in the browser (a webview cannot navigate). */
  private link(text: string, url: string): HTMLButtonElement {
    const b = el('button', 'link', text);
    b.title = `Open ${url}`;
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      this.host.onFix({ type: 'openLink', url });
    });
    return b;
  }

  private toggle(box: HTMLDivElement): void {
    const body = box.querySelector('.finding-body') as HTMLDivElement;
    body.hidden = !body.hidden;
    box.querySelector('.twisty')!.textContent = body.hidden ? '▸' : '▾';
    box.classList.toggle('open', !body.hidden);
  }

  private pick(f: FindingView, box: HTMLDivElement): void {
    this.selected?.classList.remove('selected');
    this.selected = box;
    box.classList.add('selected');
    box.scrollIntoView({ block: 'nearest' });
    this.host.onSelect(f);
  }
}
