import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { FollowDirection, FollowFormat, FollowKey, FollowLineView, ViewCalls } from '../../src/protocol';
import { clear, el } from '../dom';
import { requests, unanswered } from '../hostChannel';
import { count } from '../plural';
import { VirtualList } from '../virtualList';

/** Lines fetched beyond the visible window on each side. */
const OVERSCAN = 80;
const CACHE_LIMIT = 4000;

const FORMATS: Array<[FollowFormat, string]> = [
  ['ascii', 'ASCII'],
  ['utf8', 'UTF-8'],
  ['hex', 'Hex dump'],
  ['raw', 'Raw'],
  ['carray', 'C arrays'],
  ['yaml', 'YAML'],
];

export interface FollowHost {
  /** A line was clicked: select its packet in the table (and show its detail). */
  onPacket(packet: number): void;
  /** A line was double-clicked (or Enter pressed on it): show its packet in the Packets tab. */
  onShowPacket(packet: number): void;
  /** The stream, format or direction changed (the shell keeps it in the page state). */
  onKeyChange(key: FollowKey): void;
  /** The followed TCP stream's HTTP exchanges were asked for (the HTTP tab). */
  onHttp(stream: number): void;
}

type LineRow = HTMLDivElement;

function sameKey(a: FollowKey | undefined, b: FollowKey): boolean {
  return !!a && a.kind === b.kind && a.stream === b.stream && a.format === b.format && a.direction === b.direction;
}

function bytesText(n: number): string {
  return n === 1 ? '1 byte' : `${n.toLocaleString('en-US')} bytes`;
}

/**
 * The Follow tab: a TCP or UDP stream's payload as Wireshark's Follow Stream shows it, the client's
 * lines in one colour and the server's in another. The worker lays the stream out in the chosen
 * format and direction and sends only the lines on screen (a 1 GB stream is never in the page);
 * this module draws them through the one virtual list, as text only.
 */
export class FollowView {
  readonly label = 'Follow';
  readonly root = el('div', 'follow-pane');
  private readonly title = el('span', 'follow-title', 'Follow');
  private readonly format = document.createElement('vscode-single-select') as VscodeSingleSelect;
  private readonly direction = document.createElement('vscode-single-select') as VscodeSingleSelect;
  private readonly findBox = document.createElement('vscode-textfield') as VscodeTextfield;
  private readonly findPrev = document.createElement('vscode-button');
  private readonly findNext = document.createElement('vscode-button');
  private readonly findStatus = el('span', 'follow-find-status');
  private readonly httpLink = document.createElement('vscode-button');
  private readonly scroller = el('div', 'follow-list');
  private readonly layer = el('div', 'follow-lines');
  private readonly placeholder = el('div', 'placeholder', 'Right-click a TCP or UDP packet or flow and choose Follow Stream, or press Ctrl+Alt+Shift+T.');
  private readonly status = el('div', 'follow-status');
  private readonly list: VirtualList<FollowLineView, LineRow>;
  /** What is shown (the key of the layout the list's positions refer to). */
  private key: FollowKey | undefined;
  /** The request for the layout in flight, and the line windows asked under it. */
  private opening: AbortController | undefined;
  /** The find result on screen: its line and where the text is in it. */
  private match: { line: number; column: number; length: number } | undefined;

  constructor(private readonly host: FollowHost) {
    for (const [value, label] of FORMATS) this.format.append(this.option(value, label));
    for (const [value, label] of [
      ['both', 'Entire conversation'],
      ['client', 'Client → server only'],
      ['server', 'Server → client only'],
    ])
      this.direction.append(this.option(value, label));
    this.format.className = 'follow-format';
    this.format.title = 'Show the data as';
    this.direction.className = 'follow-direction';
    this.direction.title = 'Which side of the conversation to show';
    this.format.addEventListener('change', () => this.relayout({ format: this.format.value as FollowFormat }));
    this.direction.addEventListener('change', () => this.relayout({ direction: this.direction.value as FollowDirection }));
    this.findBox.className = 'follow-find';
    this.findBox.placeholder = 'Find in stream (Enter: next, Shift+Enter: previous)';
    this.findBox.setAttribute('aria-label', 'Find in stream');
    this.findBox.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.find(e.shiftKey);
      } else if (e.key === 'Escape') this.clearFind();
    });
    this.findBox.addEventListener('input', () => {
      this.match = undefined;
      this.findStatus.textContent = '';
      this.list.queueRender();
    });
    this.findPrev.textContent = '↑';
    this.findPrev.title = 'Previous match (Shift+Enter)';
    this.findPrev.setAttribute('secondary', '');
    this.findPrev.className = 'follow-find-prev';
    this.findPrev.addEventListener('click', () => this.find(true));
    this.findNext.textContent = '↓';
    this.findNext.title = 'Next match (Enter)';
    this.findNext.setAttribute('secondary', '');
    this.findNext.className = 'follow-find-next';
    this.findNext.addEventListener('click', () => this.find(false));
    this.httpLink.className = 'follow-http';
    this.httpLink.setAttribute('secondary', '');
    this.httpLink.hidden = true;
    this.httpLink.addEventListener('click', () => {
      if (this.key?.kind === 'tcp') this.host.onHttp(this.key.stream);
    });
    const bar = el('div', 'follow-bar');
    bar.append(this.title, this.format, this.direction, this.findBox, this.findPrev, this.findNext, this.findStatus, this.httpLink);

    const before = el('div', 'follow-spacer');
    const after = el('div', 'follow-spacer');
    this.layer.append(before, after);
    this.scroller.tabIndex = 0;
    this.scroller.setAttribute('role', 'list');
    this.scroller.setAttribute('aria-label', 'Stream content');
    this.scroller.append(this.layer, this.placeholder);
    this.list = new VirtualList<FollowLineView, LineRow>(
      { scroller: this.scroller, rows: this.layer, before, after, headerHeight: () => 0, makeRow: () => el('div', 'fline') },
      {
        fetch: (start, n) => this.fetch(start, n),
        fill: (row, line, pos, selected) => this.fill(row, line, pos, selected),
        fillPending: (row) => {
          row.className = 'fline pending';
          row.textContent = '';
        },
        onPick: (_pos, line, notify) => {
          if (notify && line.packet >= 0) this.host.onPacket(line.packet);
        },
      },
      { overscan: OVERSCAN, cacheLimit: CACHE_LIMIT },
    );
    this.scroller.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        const line = this.list.at(this.list.selected);
        if (line && line.packet >= 0) this.host.onShowPacket(line.packet);
      } else this.list.onKey(e);
    });
    this.layer.addEventListener('dblclick', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('[data-pos]');
      const line = row && this.list.at(Number(row.dataset.pos));
      if (line && line.packet >= 0) this.host.onShowPacket(line.packet);
    });
    new ResizeObserver(() => this.list.queueRender()).observe(this.scroller);
    this.layer.hidden = true;
    this.root.append(bar, this.scroller, this.status);
  }

  private option(value: string, label: string): HTMLElement {
    const o = document.createElement('vscode-option');
    o.value = value;
    o.textContent = label;
    return o;
  }

  /** What is followed now (undefined: nothing yet). */
  get shown(): FollowKey | undefined {
    return this.key;
  }

  /** Follows a stream (keeping the format and direction unless given); asks the worker for its layout. */
  follow(kind: FollowKey['kind'], stream: number, how: Partial<Pick<FollowKey, 'format' | 'direction'>> = {}): void {
    this.open({
      kind,
      stream,
      format: how.format ?? this.key?.format ?? 'ascii',
      direction: how.direction ?? this.key?.direction ?? 'both',
    });
  }

  /** A new file: what was followed belongs to the old one. */
  forget(): void {
    this.opening?.abort();
    this.key = undefined;
    this.list.reset(0);
    this.layer.hidden = true;
    this.placeholder.hidden = false;
    this.title.textContent = 'Follow';
    this.status.textContent = '';
    this.offerHttp(undefined);
  }

  focus(): void {
    this.scroller.focus();
  }

  /** Offers the HTTP tab for the followed stream when it carries `exchanges` HTTP exchanges (undefined: none). */
  offerHttp(exchanges: number | undefined): void {
    this.httpLink.hidden = !exchanges;
    this.httpLink.textContent = exchanges ? `HTTP exchanges (${exchanges})` : '';
    this.httpLink.title = 'Show the requests and responses of this stream, with their bodies decoded';
  }

  private relayout(patch: Partial<FollowKey>): void {
    if (this.key) this.open({ ...this.key, ...patch });
  }

  private open(key: FollowKey): void {
    this.opening?.abort();
    const request = new AbortController();
    this.opening = request;
    this.key = key;
    this.format.value = key.format;
    this.direction.value = key.direction;
    this.title.textContent = `Follow ${key.kind.toUpperCase()} stream ${key.stream}`;
    this.match = undefined;
    this.findStatus.textContent = '';
    this.host.onKeyChange(key);
    requests.request('follow', key, { signal: request.signal }).then((m) => this.onLayout(m), unanswered);
  }

  private onLayout(m: ViewCalls['follow']): void {
    if (!sameKey(this.key, m)) return;
    this.list.reset(m.lines);
    this.list.scrollToTop(0);
    this.layer.hidden = m.lines === 0;
    this.placeholder.hidden = m.lines > 0;
    this.placeholder.textContent = m.reason ?? (m.lines === 0 ? 'This stream carries no data.' : '');
    const [client, server] = m.peers;
    this.root.dataset.stream = `${m.kind}:${m.stream}`;
    // The direction choices say who talks to whom and how much, as Wireshark's do.
    const labels = this.direction.querySelectorAll('vscode-option');
    if (client && server) {
      labels[0].textContent = `Entire conversation (${bytesText(m.bytes[0] + m.bytes[1])})`;
      labels[1].textContent = `${client} → ${server} (${bytesText(m.bytes[0])})`;
      labels[2].textContent = `${server} → ${client} (${bytesText(m.bytes[1])})`;
    }
    this.status.textContent =
      `Stream ${m.stream}: ${count(m.packets[0], 'client pkt', 'client pkts')}, ${bytesText(m.bytes[0])}; ` +
      `${count(m.packets[1], 'server pkt', 'server pkts')}, ${bytesText(m.bytes[1])}` +
      (m.gaps ? ` · ${count(m.gaps, 'gap')} in the capture` : '');
  }

  private fetch(start: number, n: number): void {
    const key = this.key;
    if (!key) return;
    requests.request('followLines', { ...key, start, count: n }, { signal: this.opening?.signal }).then((m) => {
      if (sameKey(this.key, m)) this.list.put(m.start, m.lines);
    }, unanswered);
  }

  private find(backwards: boolean): void {
    const key = this.key;
    const text = this.findBox.value;
    if (!key || !text) return;
    const selected = this.list.selected;
    const from = this.match ? this.match.line : selected >= 0 ? selected : backwards ? 0 : -1;
    requests.request('followFind', { ...key, text, from, backwards }, { signal: this.opening?.signal }).then((m) => {
      if (!sameKey(this.key, m) || m.text !== this.findBox.value) return;
      if (m.line < 0) {
        this.match = undefined;
        this.findStatus.textContent = 'No match';
        this.list.queueRender();
        return;
      }
      this.match = { line: m.line, column: m.column, length: m.text.length };
      this.findStatus.textContent = `Line ${(m.line + 1).toLocaleString('en-US')}`;
      this.list.select(m.line, false);
      this.list.queueRender();
    }, unanswered);
  }

  private clearFind(): void {
    this.findBox.value = '';
    this.match = undefined;
    this.findStatus.textContent = '';
    this.list.queueRender();
  }

  /** A line as text only (its bytes come from the capture); the find match as a marked span. */
  private fill(row: LineRow, line: FollowLineView, pos: number, selected: boolean): void {
    const side = line.gap ? 'gap' : line.direction === 0 ? 'client' : line.direction === 1 ? 'server' : 'meta';
    row.className = `fline ${side}${selected ? ' selected' : ''}`;
    row.dataset.packet = String(line.packet);
    row.title = line.packet >= 0 ? `Packet ${line.packet + 1}` : '';
    const m = this.match;
    if (!m || m.line !== pos) {
      row.textContent = line.text || ' ';
      return;
    }
    clear(row);
    row.append(line.text.slice(0, m.column), el('mark', 'follow-match', line.text.slice(m.column, m.column + m.length)), line.text.slice(m.column + m.length));
  }
}
