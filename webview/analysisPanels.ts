import type { AnalysisState, FindingView, FlowView } from '../src/protocol';
import { clear, el } from './dom';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;
const SEVERITY_ICON = { error: '✖', warning: '⚠', info: 'ℹ' } as const;
/** Flow fields shown first when the analysis provides them; any others follow. */
const FLOW_FIELDS = ['client', 'server', 'state', 'outcome', 'packets', 'bytes', 'duration', 'initialRtt'];

/**
 * The Flows and Findings tabs. Until the analysis engine ships they say so; the rendering takes
 * the engine's objects as they come (see FlowView / FindingView in the protocol).
 */
export class AnalysisPanels {
  readonly flows = el('div', 'analysis flows');
  readonly findings = el('div', 'analysis findings');

  constructor(private readonly onFlow: (flow: FlowView) => void, private readonly onFinding: (finding: FindingView) => void) {
    this.show({ status: 'running' });
  }

  show(a: AnalysisState): void {
    clear(this.flows);
    clear(this.findings);
    if (a.status !== 'ready') {
      const text = a.status === 'running' ? 'Analysing…' : a.reason;
      this.flows.append(el('div', 'placeholder', text));
      this.findings.append(el('div', 'placeholder', text));
      return;
    }
    if (!a.flows.length) this.flows.append(el('div', 'placeholder', 'No conversations in this capture.'));
    for (const f of a.flows) {
      const row = el('div', 'arow');
      row.tabIndex = 0;
      row.append(el('span', 'acell key', `Stream ${f.stream}`));
      const keys = [...FLOW_FIELDS.filter((k) => k in f), ...Object.keys(f).filter((k) => k !== 'stream' && !FLOW_FIELDS.includes(k))];
      for (const k of keys) {
        const v = f[k];
        if (v === undefined || v === null || typeof v === 'object') continue;
        row.append(el('span', 'acell', `${k}: ${String(v)}`));
      }
      row.addEventListener('click', () => this.onFlow(f));
      this.flows.append(row);
    }
    const sorted = [...a.findings].sort((x, y) => SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity]);
    if (!sorted.length) this.findings.append(el('div', 'placeholder', 'No findings: nothing suspicious was detected.'));
    for (const f of sorted) {
      const row = el('div', `arow sev-${f.severity}`);
      row.tabIndex = 0;
      row.append(el('span', `mark mark-${f.severity}`, SEVERITY_ICON[f.severity]), el('span', 'acell key', f.title ?? f.id));
      if (f.message) row.append(el('span', 'acell', f.message));
      row.addEventListener('click', () => this.onFinding(f));
      this.findings.append(row);
    }
  }
}
