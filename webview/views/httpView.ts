import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { HttpBodyMode, HttpBodyReply, HttpExchangeView, HttpHeader, HttpMessageView, HttpViewKey } from '../../src/protocol';
import { clear, el } from '../dom';
import { requests, unanswered } from '../hostChannel';
import { bodyModes, byteCount, dataUrl, defaultMode, hexDump, imageMime, prettyJson } from '../httpBodyFormat';
import { count } from '../plural';
import { ROW_H, VirtualList } from '../virtualList';

/** Bytes asked per window of text or hex: a screenful many times over, never a whole 1 GB body. */
const WINDOW = 64 * 1024;
/** Bytes asked per window when a body is needed whole (JSON, an image): the worker's largest window. */
const WHOLE_WINDOW = 256 * 1024;
/** Above these, JSON is not pretty-printed and images are not previewed (the page would hold it all). */
export const JSON_CAP = 4 * 1024 * 1024;
export const IMAGE_CAP = 8 * 1024 * 1024;
/** Images smaller than this (px) are previewed enlarged. */
const PREVIEW_MIN = 96;
/** Exchanges asked beyond the visible rows on each side (a window stays under the worker's MAX_HTTP_ITEMS). */
const LIST_OVERSCAN = 40;
/** Exchange heads kept around the viewport; the worker holds the stream, the page only what is near the screen. */
const LIST_CACHE = 2000;

const MODE_LABELS: Record<HttpBodyMode, string> = { text: 'Text (UTF-8)', json: 'JSON (pretty)', image: 'Image preview', hex: 'Hex dump' };

export interface HttpHost {
  /** A frame number was clicked: that packet in the Packets tab. */
  onShowPacket(packet: number): void;
  /** The stream, exchange, body or mode changed (the shell keeps it in the page state). */
  onKeyChange(key: HttpViewKey): void;
  /** Save body…: the host asks where and writes the file. */
  onSave(body: { stream: number; exchange: number; part: 'request' | 'response'; decoded: boolean }): void;
}

/** The body on screen: which one, and what of it has come. */
interface ShownBody {
  stream: number;
  exchange: number;
  part: 'request' | 'response';
  decoded: boolean;
  mode: HttpBodyMode;
  total: number;
  /** Bytes received so far (from 0), and the decoder that turned them into the text shown. */
  received: number;
  decoder: TextDecoder;
}

/**
 * The HTTP tab: a TCP stream's HTTP/1.x exchanges (the worker parses them, src/core/http), the chosen
 * one's request and response heads, and a body as text, pretty JSON, an image preview or a hex dump,
 * decoded (de-chunked and decompressed) or as sent. Bodies come in windows: text and hex show what
 * has come and ask for more when scrolled to the end; JSON and images are loaded whole only below a
 * cap. Everything from the capture goes in as text; an image only as an <img> source.
 */
export class HttpView {
  readonly label = 'HTTP';
  readonly root = el('div', 'http-pane');
  private readonly title = el('span', 'http-title', 'HTTP');
  private readonly summary = el('span', 'http-summary');
  private readonly list = el('div', 'http-list');
  private readonly table = el('table', 'atable http-table');
  private readonly tbody = el('tbody');
  /** A keep-alive stream can carry millions of exchanges: only the rows on screen exist. */
  private readonly rows: VirtualList<HttpExchangeView, HTMLTableRowElement>;
  private readonly placeholder = el('div', 'placeholder', 'Right-click a TCP packet or flow and choose Show HTTP Exchanges.');
  private readonly detail = el('div', 'http-detail');
  private readonly heads = el('div', 'http-heads');
  private readonly partSelect = document.createElement('vscode-single-select') as VscodeSingleSelect;
  private readonly modeSelect = document.createElement('vscode-single-select') as VscodeSingleSelect;
  private readonly codingSelect = document.createElement('vscode-single-select') as VscodeSingleSelect;
  private readonly saveButton = document.createElement('vscode-button');
  private readonly bodyInfo = el('span', 'http-body-info');
  private readonly bodyNote = el('div', 'http-body-note');
  private readonly bodyBox = el('div', 'http-body');
  private readonly more = document.createElement('vscode-button');

  private stream: number | undefined;
  /** The exchange whose heads and body are shown (its row may have left the list's cache). */
  private exchange: HttpExchangeView | undefined;
  /** The exchange a restored state names and how to show it, once its window has come. */
  private restoring: { exchange: number; how: Partial<Omit<HttpViewKey, 'stream' | 'exchange'>> } | undefined;
  private key: HttpViewKey | undefined;
  private body: ShownBody | undefined;
  /** Requests for the stream's exchanges (every window), and for the body on screen; aborted when they no longer matter. */
  private opening: AbortController | undefined;
  private loading: AbortController | undefined;
  /** A window of text or hex is being asked for (scrolling asks once). */
  private fetching = false;

  constructor(private readonly host: HttpHost) {
    const head = el('thead');
    const hr = el('tr');
    // Fixed layout with set widths (the request gets the rest): rows scrolled in never move the columns.
    // In em, not ch: the header's font is not the cells' monospace one, but its size is, so these add
    // up to the 61em (plus padding) the table's min-width in styles.css counts on. In ch they did
    // not, and a narrow editor left the request column a few characters wide.
    for (const [label, cls, width] of [
      ['#', 'num', '5.5em'],
      ['Request', '', ''],
      ['Status', '', '11em'],
      ['Content type', '', '14em'],
      ['Request body', 'num', '9em'],
      ['Response body', 'num', '9.5em'],
      ['Frames', '', '12em'],
    ]) {
      const th = el('th', cls, label);
      if (width) th.style.width = width;
      hr.append(th);
    }
    head.append(hr);
    const before = el('tr', 'spacer');
    const after = el('tr', 'spacer');
    this.tbody.append(before, after);
    this.table.append(head, this.tbody);
    this.list.tabIndex = 0;
    this.list.setAttribute('role', 'listbox');
    this.list.setAttribute('aria-label', 'HTTP exchanges');
    this.list.append(this.table);
    this.rows = new VirtualList<HttpExchangeView, HTMLTableRowElement>(
      {
        scroller: this.list,
        rows: this.tbody,
        before,
        after,
        headerHeight: () => this.table.tHead?.offsetHeight ?? ROW_H,
        makeRow: () => {
          const tr = el('tr', 'frow');
          tr.setAttribute('role', 'option');
          for (const cls of ['num', 'http-req', 'http-status', 'http-type', 'num', 'num', 'http-frames']) tr.append(el('td', cls));
          return tr;
        },
      },
      {
        fetch: (start, n) => this.fetchExchanges(start, n),
        fill: (tr, x, pos, selected) => this.fillRow(tr, x, pos, selected),
        fillPending: (tr, pos) => {
          tr.className = 'frow pending';
          tr.dataset.exchange = String(pos);
          for (const td of tr.cells) td.textContent = '';
        },
        onPick: (pos, x, notify) => {
          if (notify) this.choose(pos, x);
        },
      },
      { overscan: LIST_OVERSCAN, cacheLimit: LIST_CACHE },
    );
    this.list.addEventListener('keydown', (e) => this.onListKey(e));
    new ResizeObserver(() => this.rows.queueRender()).observe(this.list);

    for (const [value, label] of [
      ['response', 'Response body'],
      ['request', 'Request body'],
    ])
      this.partSelect.append(option(value, label));
    this.partSelect.className = 'http-part';
    this.partSelect.title = 'Which message body to show';
    this.partSelect.addEventListener('change', () => this.update({ part: this.partSelect.value as 'request' | 'response', mode: undefined }));
    this.modeSelect.className = 'http-mode';
    this.modeSelect.title = 'Show the body as';
    this.modeSelect.addEventListener('change', () => this.update({ mode: this.modeSelect.value as HttpBodyMode }));
    this.codingSelect.className = 'http-coding';
    this.codingSelect.title = 'Content coding undone, or the bytes as sent';
    this.codingSelect.addEventListener('change', () => this.update({ decoded: this.codingSelect.value === 'decoded' }));
    this.saveButton.textContent = 'Save body…';
    this.saveButton.className = 'http-save';
    this.saveButton.setAttribute('secondary', '');
    this.saveButton.addEventListener('click', () => {
      const b = this.body;
      if (b) this.host.onSave({ stream: b.stream, exchange: b.exchange, part: b.part, decoded: b.decoded });
    });
    this.more.textContent = 'Show more';
    this.more.className = 'http-more';
    this.more.setAttribute('secondary', '');
    this.more.addEventListener('click', () => this.fetchMore());
    this.bodyBox.tabIndex = 0;
    this.bodyBox.setAttribute('aria-label', 'Message body');
    this.bodyBox.addEventListener('scroll', () => {
      const b = this.bodyBox;
      if (b.scrollTop + b.clientHeight >= b.scrollHeight - 200) this.fetchMore();
    });
    const bodyBar = el('div', 'http-body-bar');
    bodyBar.append(this.partSelect, this.modeSelect, this.codingSelect, this.saveButton, this.bodyInfo);
    this.detail.append(this.heads, bodyBar, this.bodyNote, this.bodyBox);
    this.detail.hidden = true;
    this.list.hidden = true;

    const bar = el('div', 'http-bar');
    bar.append(this.title, this.summary);
    this.root.append(bar, this.placeholder, this.list, this.detail);
  }

  /** What is shown (undefined: nothing yet). */
  get shown(): HttpViewKey | undefined {
    return this.key;
  }

  /** Shows a TCP stream's exchanges; `how` picks the exchange, body and mode (a restored state). */
  open(stream: number, how: Partial<Omit<HttpViewKey, 'stream'>> = {}): void {
    this.opening?.abort();
    this.loading?.abort();
    const request = new AbortController();
    this.opening = request;
    this.stream = stream;
    this.key = undefined;
    this.body = undefined;
    this.title.textContent = `HTTP · TCP stream ${stream}`;
    this.summary.textContent = 'Reading…';
    this.exchange = undefined;
    this.restoring = undefined;
    // The first window tells how many there are; the list asks for the others as they scroll in.
    requests.request('httpMessages', { stream, start: 0, count: 2 * LIST_OVERSCAN }, { signal: request.signal }).then((m) => {
      if (request.signal.aborted) return;
      this.renderList(m.total);
      this.rows.put(m.start, m.exchanges);
      if (!m.total) return;
      const exchange = how.exchange !== undefined && how.exchange < m.total ? how.exchange : 0;
      this.restoring = { exchange, how };
      this.rows.select(exchange);
    }, unanswered);
  }

  /** A new file: what was shown belongs to the old one. */
  forget(): void {
    this.opening?.abort();
    this.loading?.abort();
    this.stream = undefined;
    this.key = undefined;
    this.body = undefined;
    this.exchange = undefined;
    this.restoring = undefined;
    this.rows.reset(0);
    this.list.hidden = true;
    this.detail.hidden = true;
    this.placeholder.hidden = false;
    this.title.textContent = 'HTTP';
    this.summary.textContent = '';
  }

  focus(): void {
    this.list.focus();
  }

  // ------------------------------------------------------------------ the list of exchanges

  /** Exchanges start..start+n-1 of the stream on screen, for the list (a reply for a stream since left is dropped). */
  private fetchExchanges(start: number, n: number): void {
    const stream = this.stream;
    const opening = this.opening;
    if (stream === undefined || !opening) return;
    requests.request('httpMessages', { stream, start, count: n }, { signal: opening.signal }).then((m) => {
      if (!opening.signal.aborted) this.rows.put(m.start, m.exchanges);
    }, unanswered);
  }

  private renderList(total: number): void {
    this.rows.reset(total);
    this.list.scrollTop = 0;
    this.placeholder.hidden = total > 0;
    this.list.hidden = total === 0;
    this.detail.hidden = total === 0;
    if (!total) {
      this.placeholder.textContent = `TCP stream ${this.stream} carries no HTTP/1.x messages.`;
      this.summary.textContent = '';
      return;
    }
    this.summary.textContent = count(total, 'exchange');
  }

  private fillRow(tr: HTMLTableRowElement, x: HttpExchangeView, i: number, selected: boolean): void {
    tr.dataset.exchange = String(i);
    const req = x.request;
    const res = x.response;
    tr.className = `frow${selected ? ' selected' : ''}${res && /^\S+\s+[45]\d\d\b/.test(res.startLine) ? ' http-error' : ''}`;
    tr.setAttribute('aria-selected', String(selected));
    const [num, request, status, type, reqSize, resSize, frames] = tr.cells;
    num.textContent = String(i + 1);
    request.textContent = req ? requestLine(req.startLine) : '(no request)';
    status.textContent = res ? statusOf(res.startLine) : '(no response)';
    type.textContent = res?.contentType || req?.contentType || '';
    reqSize.textContent = req ? sizeText(req) : '';
    resSize.textContent = res ? sizeText(res) : '';
    for (const td of [request, status, type]) td.title = td.textContent ?? '';
    frames.textContent = '';
    const first = req ?? x.interim[0] ?? res;
    const last = res ?? req;
    if (first) frames.append(this.frameLink(first.firstPacket));
    if (last && last.lastPacket !== first?.firstPacket) frames.append(' → ', this.frameLink(last.lastPacket));
  }

  private frameLink(packet: number): HTMLButtonElement {
    const b = el('button', 'frame-link', String(packet + 1));
    b.title = `Show packet ${packet + 1} in the Packets tab`;
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      this.host.onShowPacket(packet);
    });
    return b;
  }

  /** Arrows, Page Up/Down, Home and End move the selection (the virtual list); Enter goes to the body. */
  private onListKey(e: KeyboardEvent): void {
    if (!this.rows.count || this.rows.onKey(e)) return;
    if (e.key !== 'Enter') return;
    e.preventDefault();
    this.bodyBox.focus();
  }

  /**
   * An exchange was picked (by the user, or a restored state once its window came): its response
   * body, or the request's when only that has one, unless the restored state says otherwise.
   */
  private choose(exchange: number, x: HttpExchangeView): void {
    const how = this.restoring?.exchange === exchange ? this.restoring.how : undefined;
    this.restoring = undefined;
    if (!how && exchange === this.key?.exchange) return;
    this.show(exchange, x, how ?? {});
  }

  private show(exchange: number, x: HttpExchangeView, how: Partial<Omit<HttpViewKey, 'stream' | 'exchange'>>): void {
    if (this.stream === undefined) return;
    this.exchange = x;
    this.renderHeads(x);
    const part = how.part ?? (x.response && (x.response.bodySize > 0 || !x.request?.bodySize) ? 'response' : x.request ? 'request' : 'response');
    this.key = { stream: this.stream, exchange, part, decoded: how.decoded ?? true, ...(how.mode ? { mode: how.mode } : {}) };
    this.loadBody();
  }

  // ------------------------------------------------------------------ heads

  private renderHeads(x: HttpExchangeView): void {
    clear(this.heads);
    this.heads.append(this.head('Request', x.request));
    for (const m of x.interim) this.heads.append(this.head('Interim response', m));
    this.heads.append(this.head('Response', x.response));
  }

  private head(label: string, m: HttpMessageView | undefined): HTMLElement {
    const box = el('section', `http-head http-head-${label === 'Request' ? 'request' : label === 'Response' ? 'response' : 'interim'}`);
    const title = el('div', 'http-head-title', label);
    if (!m) {
      box.append(title, el('div', 'placeholder', `No ${label.toLowerCase()} in the capture.`));
      return box;
    }
    title.append(' · frame ', this.frameLink(m.firstPacket));
    if (m.lastPacket !== m.firstPacket) title.append(' → ', this.frameLink(m.lastPacket));
    box.append(title, el('div', 'http-start', m.startLine));
    box.append(headerList(m.headers));
    if (m.trailers.length) box.append(el('div', 'http-head-sub', 'Trailers'), headerList(m.trailers));
    const facts: string[] = [`Body: ${byteCount(m.bodySize)}${framingText(m.framing)}`];
    if (m.contentEncoding.length) facts.push(`coded ${m.contentEncoding.join(', ')}`);
    box.append(el('div', 'http-facts', facts.join(' · ')));
    for (const warning of [
      m.truncated ? 'The capture ends inside this body.' : '',
      m.missing ? 'The capture lacks bytes inside this message: its body is not what was sent.' : '',
      m.error ? `Could not be read to its end: ${m.error}` : '',
    ])
      if (warning) box.append(el('div', 'http-warning', warning));
    return box;
  }

  // ------------------------------------------------------------------ the body

  private update(patch: Partial<HttpViewKey>): void {
    if (!this.key) return;
    this.key = { ...this.key, ...patch };
    if (patch.mode === undefined && 'mode' in patch) delete this.key.mode;
    this.loadBody();
  }

  private message(): HttpMessageView | undefined {
    const k = this.key;
    return k ? this.exchange?.[k.part] : undefined;
  }

  /** Asks for the first window of the chosen body; what follows depends on its kind and the mode. */
  private loadBody(): void {
    const k = this.key;
    if (!k) return;
    this.host.onKeyChange(k);
    this.loading?.abort();
    const loading = new AbortController();
    this.loading = loading;
    this.body = undefined;
    this.fetching = false;
    clear(this.bodyBox);
    this.bodyNote.textContent = '';
    this.bodyNote.hidden = true;
    this.partSelect.value = k.part;
    const m = this.message();
    const coded = !!m && m.contentEncoding.some((c) => c !== 'identity');
    this.codingSelect.hidden = !coded;
    if (coded) {
      clear(this.codingSelect);
      const codings = m.contentEncoding.join(', ');
      this.codingSelect.append(option('decoded', `Decoded (${codings} undone)`, k.decoded), option('sent', `As sent (${codings})`, !k.decoded));
      this.codingSelect.value = k.decoded ? 'decoded' : 'sent';
    }
    if (!m) {
      this.showModes([]);
      this.bodyInfo.textContent = `This exchange has no ${k.part}.`;
      this.saveButton.hidden = true;
      return;
    }
    const decoded = coded && k.decoded;
    this.bodyInfo.textContent = 'Loading…';
    this.window(k, decoded, 0, WINDOW, loading.signal).then((r) => {
      if (r.error) {
        // A body that cannot be decoded is still shown, as sent, with the reason.
        this.note(`Could not decode the body: ${r.error}. Shown as sent.`);
        this.window(k, false, 0, WINDOW, loading.signal).then((raw) => this.firstWindow(k, m, raw), unanswered);
        return;
      }
      this.firstWindow(k, m, r);
    }, unanswered);
  }

  private window(k: HttpViewKey, decoded: boolean, start: number, count: number, signal: AbortSignal): Promise<HttpBodyReply> {
    return requests.request('httpBody', { stream: k.stream, exchange: k.exchange, part: k.part, decoded, start, count }, { signal });
  }

  private firstWindow(k: HttpViewKey, m: HttpMessageView, r: HttpBodyReply): void {
    const modes = bodyModes(m.contentType, r.kind);
    const mode = k.mode && modes.includes(k.mode) ? k.mode : defaultMode(m.contentType, r.kind);
    this.showModes(modes, mode);
    this.saveButton.hidden = r.total === 0;
    const body: ShownBody = {
      stream: k.stream,
      exchange: k.exchange,
      part: k.part,
      decoded: r.decoded,
      mode,
      total: r.total,
      received: 0,
      decoder: new TextDecoder('utf-8'),
    };
    this.body = body;
    this.bodyBox.dataset.mode = mode;
    this.bodyInfo.textContent = `${byteCount(r.total)}${r.decoded && m.contentEncoding.length ? ' decoded' : m.contentEncoding.length ? ' as sent' : ''}`;
    if (r.total === 0) {
      this.bodyBox.append(el('div', 'placeholder', 'The body is empty.'));
      return;
    }
    if (mode === 'json' || mode === 'image') this.loadWhole(body, r, m.contentType);
    else this.append(body, r);
  }

  /** Text and hex: the window that came, and a way to the next. */
  private append(b: ShownBody, r: HttpBodyReply): void {
    if (this.body !== b || r.start !== b.received) return;
    const bytes = Uint8Array.from(r.bytes);
    b.received += bytes.length;
    const done = b.received >= b.total || bytes.length === 0;
    const text = b.mode === 'hex' ? (r.start ? '\n' : '') + hexDump(bytes, r.start) : b.decoder.decode(bytes, { stream: !done });
    let pre = this.bodyBox.querySelector<HTMLElement>('pre.http-text');
    if (!pre) {
      pre = el('pre', 'http-text');
      this.bodyBox.prepend(pre);
    }
    pre.append(text);
    this.more.remove();
    if (!done) {
      this.bodyBox.append(this.more);
      this.more.textContent = `Show more (${byteCount(b.received)} of ${byteCount(b.total)} shown)`;
    }
  }

  private fetchMore(): void {
    const b = this.body;
    const k = this.key;
    if (!b || !k || this.fetching || b.received >= b.total || (b.mode !== 'text' && b.mode !== 'hex')) return;
    this.fetching = true;
    this.window(k, b.decoded, b.received, WINDOW, this.loading!.signal).then(
      (r) => {
        this.fetching = false;
        this.append(b, r);
      },
      (e: unknown) => {
        this.fetching = false;
        unanswered(e);
      },
    );
  }

  /** JSON and images need the whole body: below their cap, every window; above it, the text instead. */
  private loadWhole(b: ShownBody, first: HttpBodyReply, contentType: string): void {
    const cap = b.mode === 'json' ? JSON_CAP : IMAGE_CAP;
    if (b.total > cap) {
      this.note(
        `${b.mode === 'json' ? 'Not pretty-printed' : 'No preview'}: the body is ${byteCount(b.total)}, over the ${byteCount(cap)} limit. Shown as ${b.mode === 'json' ? 'text' : 'a hex dump'}.`,
      );
      b.mode = b.mode === 'json' ? 'text' : 'hex';
      this.bodyBox.dataset.mode = b.mode;
      this.append(b, first);
      return;
    }
    const all = new Uint8Array(b.total);
    const put = (r: HttpBodyReply) => all.set(r.bytes.slice(0, Math.max(0, all.length - r.start)), r.start);
    put(first);
    let have = first.bytes.length;
    const next = (): void => {
      if (this.body !== b) return;
      if (have < b.total && have > 0) {
        this.window(this.key!, b.decoded, have, WHOLE_WINDOW, this.loading!.signal).then((r) => {
          if (!r.bytes.length) have = 0;
          else {
            put(r);
            have += r.bytes.length;
          }
          next();
        }, unanswered);
        return;
      }
      b.received = b.total;
      if (b.mode === 'json') this.showJson(b, all);
      else this.showImage(all, contentType);
    };
    next();
  }

  private showJson(b: ShownBody, bytes: Uint8Array): void {
    const text = new TextDecoder('utf-8').decode(bytes);
    const pretty = prettyJson(text);
    if (!pretty.ok) this.note(`Not valid JSON (${pretty.error}): shown as text.`);
    this.bodyBox.dataset.mode = pretty.ok ? 'json' : 'text';
    this.bodyBox.append(el('pre', pretty.ok ? 'http-text http-json' : 'http-text', pretty.ok ? pretty.text : text));
    b.decoder = new TextDecoder('utf-8');
  }

  private showImage(bytes: Uint8Array, contentType: string): void {
    const img = el('img', 'http-image');
    const mime = imageMime(contentType, bytes);
    img.alt = `${mime} image, ${byteCount(bytes.length)}`;
    img.addEventListener('load', () => {
      // An icon-sized image is drawn larger (whole multiples, pixels kept sharp) so it can be looked at.
      const zoom = Math.max(1, Math.min(8, Math.floor(PREVIEW_MIN / Math.max(1, img.naturalWidth, img.naturalHeight))));
      if (zoom > 1) {
        img.style.width = `${img.naturalWidth * zoom}px`;
        img.classList.add('zoomed');
      }
      this.bodyInfo.textContent = `${byteCount(bytes.length)} · ${img.naturalWidth}×${img.naturalHeight} ${mime}${zoom > 1 ? ` · shown ${zoom}×` : ''}`;
    });
    img.addEventListener('error', () => this.note(`The ${mime} image could not be decoded.`));
    img.src = dataUrl(mime, bytes);
    this.bodyBox.append(img);
  }

  private note(text: string): void {
    this.bodyNote.textContent = text;
    this.bodyNote.hidden = false;
  }

  private showModes(modes: HttpBodyMode[], mode?: HttpBodyMode): void {
    clear(this.modeSelect);
    for (const m of modes) this.modeSelect.append(option(m, MODE_LABELS[m], m === mode));
    this.modeSelect.hidden = !modes.length;
    if (mode) this.modeSelect.value = mode;
  }
}

/** A choice; `selected` marks it in the markup, as the select re-reads its options when they are replaced. */
function option(value: string, label: string, selected = false): HTMLElement {
  const o = document.createElement('vscode-option');
  o.value = value;
  o.selected = selected;
  o.textContent = label;
  return o;
}

function headerList(headers: HttpHeader[]): HTMLElement {
  const dl = el('dl', 'http-headers');
  for (const h of headers) dl.append(el('dt', '', h.name), el('dd', '', h.value));
  return dl;
}

/** "GET /index.html" from "GET /index.html HTTP/1.1". */
function requestLine(startLine: string): string {
  return startLine.replace(/\s+HTTP\/\d(\.\d)?$/, '');
}

/** "200 OK" from "HTTP/1.1 200 OK". */
function statusOf(startLine: string): string {
  return startLine.replace(/^HTTP\/\d(\.\d)?\s+/, '');
}

function sizeText(m: HttpMessageView): string {
  return m.bodySize || m.framing !== 'none' ? byteCount(m.bodySize) : '';
}

function framingText(f: HttpMessageView['framing']): string {
  return f === 'chunked' ? ', chunked' : f === 'close' ? ', until the connection closed' : '';
}
