import type { CompareFinding } from '../../src/protocol';
import { clear, el } from '../dom';

const RANK = { error: 0, warning: 1, info: 2 } as const;
const MARK = { error: '✖', warning: '⚠', info: 'ℹ' } as const;

export interface CompareFindingsHost {
  /** Show an evidence frame of capture A or B among the aligned rows. */
  onEvidence(side: 'a' | 'b', frame: number): void;
}

/**
 * The comparison's findings on top of the page, most severe first: a line each (title, location,
 * rule); picking one goes to its first evidence row, and its body lists the changed fields and the
 * evidence frames of each capture, each a link to its row.
 */
export class CompareFindingsList {
  readonly root = el('div', 'findings-list compare-findings');

  constructor(private readonly host: CompareFindingsHost) {}

  show(findings: CompareFinding[]): void {
    clear(this.root);
    const sorted = [...findings].sort((x, y) => RANK[x.severity] - RANK[y.severity]);
    if (!sorted.length)
      this.root.append(el('div', 'placeholder', 'No findings: the path between A and B changed, dropped and added nothing the rules look for.'));
    for (const f of sorted) this.root.append(this.item(f));
  }

  private item(f: CompareFinding): HTMLDivElement {
    const box = el('div', `finding sev-${f.severity}`);
    box.dataset.rule = f.rule;
    const line = el('div', 'finding-line');
    const twisty = el('span', 'twisty', '▸');
    const meta = el('span', 'finding-meta');
    meta.append(el('span', 'location', f.location), el('span', 'rule', f.rule));
    line.append(twisty, el('span', `mark mark-${f.severity}`, MARK[f.severity]), el('span', 'finding-title', f.title), meta);
    const body = el('div', 'finding-body');
    body.hidden = true;
    for (const field of f.fields) body.append(el('div', 'field-change', `${field.name}: A ${field.a ?? 'absent'}, B ${field.b ?? 'absent'}`));
    body.append(el('div', 'explanation', `${f.cause}\n\n${f.explanation}`));
    for (const [side, frames] of [
      ['a', f.packetsA],
      ['b', f.packetsB],
    ] as const) {
      if (!frames.length) continue;
      const ev = el('div', 'evidence');
      ev.append(el('span', 'label', `Evidence in ${side.toUpperCase()}: `));
      for (const n of frames) {
        const link = el('button', 'frame-link evidence-link', String(n));
        link.dataset.side = side;
        link.dataset.frame = String(n);
        link.addEventListener('click', (e) => {
          e.stopPropagation();
          this.host.onEvidence(side, n);
        });
        ev.append(link, ' ');
      }
      body.append(ev);
    }
    line.addEventListener('click', () => {
      body.hidden = !body.hidden;
      twisty.textContent = body.hidden ? '▸' : '▾';
      for (const other of this.root.querySelectorAll('.finding.selected')) other.classList.remove('selected');
      box.classList.add('selected');
      if (f.packetsA.length) this.host.onEvidence('a', f.packetsA[0]);
      else if (f.packetsB.length) this.host.onEvidence('b', f.packetsB[0]);
    });
    box.append(line, body);
    return box;
  }
}
