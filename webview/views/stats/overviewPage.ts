import type { CaptureOverview } from '../../../src/protocol';
import { clear, el } from '../../dom';
import { requests, unanswered } from '../../hostChannel';
import { count } from '../../plural';
import { grouped, rateText, secondsText, sizeText } from './statsText';

export interface OverviewHost {
  onApply(filter: string): void;
  /** The Findings tab. */
  onFindings(): void;
}

type Value = string | { text: string; filter?: string; tip?: string; run?: () => void };

/**
 * Statistics → Overview: the capture on one screen — file, format, interfaces, time span, packets
 * and bytes with average rates, what the decoders could not read, the TCP analysis flags and the
 * findings by severity. A flag applies its filter (`tcp.analysis.retransmission`); the findings
 * open the Findings tab. Every value is capture text: textContent only.
 */
export class OverviewPage {
  readonly label = 'Overview';
  readonly root = el('div', 'stats-page stats-overview');
  private readonly body = el('div', 'overview-body');

  constructor(private readonly host: OverviewHost) {
    this.root.tabIndex = -1;
    this.body.append(el('div', 'placeholder', 'Computing…'));
    this.root.append(this.body);
  }

  load(): void {
    requests.request('overview', {}).then((r) => this.show(r.overview), unanswered);
  }

  focus(): void {
    (this.root.querySelector<HTMLElement>('button.link') ?? this.root).focus();
  }

  private show(o: CaptureOverview): void {
    clear(this.body);
    const d = o.duration;
    const rates = d !== undefined && d > 0;
    this.section('File', [
      ['Name', o.fileName],
      ['Format', o.format],
      ['Size', `${sizeText(o.size)} (${grouped(o.size)} bytes)`],
      ...(o.error ? ([['Read until', o.error]] as Array<[string, Value]>) : []),
    ]);
    this.section(
      count(o.interfaces.length, 'Interface'),
      o.interfaces.map((f, k) => [f.name ?? `#${k}`, `${f.linkType}, snapshot length ${f.snaplen}`]),
    );
    this.section('Time', [
      ['First packet', o.first ?? '—'],
      ['Last packet', o.last ?? '—'],
      ['Duration', d === undefined ? '—' : `${secondsText(d)} s`],
    ]);
    this.section('Traffic', [
      ['Packets', grouped(o.packets)],
      ['Bytes', `${sizeText(o.bytes)} (${grouped(o.bytes)} bytes)`],
      ['Average packet size', o.packets ? `${(o.bytes / o.packets).toFixed(1)} bytes` : '—'],
      ['Average packet rate', rates ? rateText(o.packets / d, 'packets') : '—'],
      ['Average data rate', rates ? `${rateText(o.bytes / d, 'B')} · ${rateText((o.bytes * 8) / d, 'bit')}` : '—'],
    ]);
    this.section('Decoding', [
      ['Not decoded', { text: grouped(o.notDecoded), tip: 'packets whose protocol no decoder recognised: shown as raw data' }],
      ['Malformed', { text: grouped(o.malformed), tip: 'packets with a header cut short or inconsistent (the detail tree says where)' }],
      ['Cut by the snapshot length', grouped(o.truncated)],
    ]);
    if (!o.analysisFlags || !o.findings) {
      this.section('Analysis', [['', 'Analysing…']]);
      return;
    }
    this.section(
      'TCP analysis flags',
      o.analysisFlags.length
        ? o.analysisFlags.map((f) => [f.flag.replace(/_/g, ' '), { text: grouped(f.packets), filter: `tcp.analysis.${f.flag}` }])
        : [['', 'none']],
    );
    const fi = o.findings;
    const findings = (n: number): Value => ({ text: grouped(n), tip: 'Open the Findings tab', run: () => this.host.onFindings() });
    this.section('Findings', [
      ['Errors', findings(fi.error)],
      ['Warnings', findings(fi.warning)],
      ['Information', findings(fi.info)],
      ...(o.flows !== undefined ? ([['Conversations (TCP, UDP, ICMP)', grouped(o.flows)]] as Array<[string, Value]>) : []),
    ]);
  }

  private section(title: string, rows: Array<[string, Value]>): void {
    const box = el('section', 'overview-section');
    box.append(el('h3', 'overview-title', title));
    const dl = el('dl', 'overview-list');
    for (const [label, value] of rows) {
      const dd = el('dd');
      if (typeof value === 'string') dd.textContent = value;
      else if (value.filter || value.run) {
        const b = el('button', 'link', value.text);
        b.title = value.tip ?? `Apply ${value.filter}`;
        if (value.filter) b.dataset.filter = value.filter;
        b.addEventListener('click', () => (value.filter ? this.host.onApply(value.filter) : value.run?.()));
        dd.append(b);
      } else {
        dd.textContent = value.text;
        if (value.tip) dd.title = value.tip;
      }
      dl.append(el('dt', '', label), dd);
    }
    box.append(dl);
    this.body.append(box);
  }
}
