import type { AnalysisState, FindingView } from '../src/protocol';
import { clear, el } from './dom';

const RANK = { error: 0, warning: 1, info: 2 } as const;
const MARK = { error: '✖', warning: '⚠', info: 'ℹ' } as const;

/** A fix's action as one line of text (never markup: it may quote packet-derived values). */
function actionText(f: FindingView['fixes'][number]): string {
  const a = f.action;
  switch (a.kind) {
    case 'sysctl': return `sysctl ${a.key} = ${a.value} (on the ${a.where})`;
    case 'command': return `$ ${a.command}`;
    case 'filter': return `display filter: ${a.filter}`;
    case 'doc': return a.url;
  }
}

/**
 * The Findings tab: most severe first, one line each (title, rule, count, streams), the
 * explanation, evidence and fixes unfolding below. Selecting one selects its evidence packets and
 * shows its stream's diagram (see main.ts).
 */
export class FindingsPanel {
  readonly root = el('div', 'findings-list');
  private items: Array<{ finding: FindingView; box: HTMLDivElement }> = [];
  private selected: HTMLDivElement | undefined;

  constructor(private readonly host: { onSelect(f: FindingView): void; onFrame(frame: number): void }) {
    this.root.tabIndex = 0;
    this.root.addEventListener('keydown', (e) => {
      const k = this.items.findIndex((r) => r.box === this.selected);
      if (e.key === 'Enter' || e.key === ' ') {
        if (k >= 0) { e.preventDefault(); this.toggle(this.items[k].box); }
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
      if (f.streams.length) meta.append(el('span', 'streams', `stream${f.streams.length > 1 ? 's' : ''} ${f.streams.slice(0, 8).join(', ')}${f.streams.length > 8 ? ', …' : ''}`));
      line.append(meta);
      box.append(line, this.body(f));
      line.addEventListener('click', () => { this.pick(f, box); this.toggle(box); });
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
        b.addEventListener('click', (e) => { e.stopPropagation(); this.host.onFrame(frame); });
        ev.append(b);
      }
      if (f.packets.length > 40) ev.append(el('span', '', ` … ${f.packets.length - 40} more`));
      body.append(ev);
    }
    if (f.fixes.length) {
      body.append(el('div', 'label', 'Fix:'));
      const list = el('ul', 'fixes');
      for (const fix of f.fixes) {
        const li = el('li');
        li.append(el('span', 'fix-title', fix.title), el('code', 'fix-action', actionText(fix)));
        if (fix.cost) li.append(el('span', 'fix-cost', `cost: ${fix.cost}`));
        list.append(li);
      }
      body.append(list);
    }
    if (f.references.length) body.append(el('div', 'refs', `References: ${f.references.join(' · ')}`));
    return body;
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
