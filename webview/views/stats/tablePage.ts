import type { StatsKind, StatsSort } from '../../../src/protocol';
import { el } from '../../dom';
import { requests, unanswered } from '../../hostChannel';
import type { StatsTable } from '../../statsTable';

export const KIND_LABELS: Array<[StatsKind, string]> = [
  ['eth', 'Ethernet'],
  ['ip', 'IPv4'],
  ['ipv6', 'IPv6'],
  ['tcp', 'TCP'],
  ['udp', 'UDP'],
];

export interface TablePageHost {
  onApply(filter: string): void;
  /** Copy text to the clipboard through the host (`what` names it in the notification). */
  onCopy(text: string, what: string): void;
}

/** A button of the Statistics pages (VS Code's secondary button look). */
export function pageButton(label: string, tip: string, run: () => void, cls = ''): HTMLElement {
  const b = document.createElement('vscode-button');
  b.setAttribute('secondary', '');
  b.className = `stats-button ${cls}`.trim();
  b.textContent = label;
  b.title = tip;
  b.addEventListener('click', run);
  return b;
}

/**
 * The bar above a statistics table: the table's kinds (when it has them), then Apply as Filter
 * (the selected row's filter) and Copy as CSV (the whole table in its order, built by the worker).
 */
export function tableBar(
  table: () => StatsTable<unknown>,
  csv: () => { table: 'phs' | 'endpoints' | 'conversations'; kind?: StatsKind; sort: StatsSort; what: string },
  host: TablePageHost,
  kinds?: { selected: StatsKind; onKind(kind: StatsKind): void },
): { root: HTMLElement; selectKind(kind: StatsKind): void } {
  const root = el('div', 'stats-bar');
  const kindButtons = new Map<StatsKind, HTMLButtonElement>();
  if (kinds) {
    const group = el('div', 'stats-kinds');
    group.setAttribute('role', 'radiogroup');
    group.setAttribute('aria-label', 'Table');
    for (const [kind, label] of KIND_LABELS) {
      const b = el('button', 'stats-kind', label);
      b.dataset.kind = kind;
      b.setAttribute('role', 'radio');
      b.addEventListener('click', () => kinds.onKind(kind));
      kindButtons.set(kind, b);
      group.append(b);
    }
    root.append(group);
  }
  const selectKind = (kind: StatsKind) => {
    for (const [k, b] of kindButtons) {
      b.classList.toggle('selected', k === kind);
      b.setAttribute('aria-checked', String(k === kind));
    }
  };
  if (kinds) selectKind(kinds.selected);
  root.append(
    el('span', 'stats-bar-space'),
    pageButton('Apply as Filter', 'Show the packets of the selected row (or double-click a row, or press Enter)', () => table().applySelected(), 'stats-apply'),
    pageButton(
      'Copy as CSV',
      'Copy the whole table, in its current order, as comma-separated values',
      () => {
        const c = csv();
        requests.request('statsCsv', { table: c.table, ...(c.kind ? { kind: c.kind } : {}), sort: c.sort }).then((r) => {
          host.onCopy(r.text, `${c.what} as CSV (${r.rows} ${r.rows === 1 ? 'row' : 'rows'})`);
        }, unanswered);
      },
      'stats-csv',
    ),
  );
  return { root, selectKind };
}
