import type { LadderArrow, LadderModel, LadderToken } from '../src/protocol';
import { wrap } from '../src/textWrap';
import { clear, el, svg } from './dom';

/** Layout, in px. Text is monospace 12 px: about 7.3 px per character. */
const CHAR_W = 7.3;
const LINE_H = 15;
const TIME_W = 92;
const LANE_PAD = 16;
const HEAD_H = 58;
const ROW_MIN = 50;
const SLOPE = 8;
const NOTE_CHARS = 56;
const MIN_GAP = 380;
const MAX_GAP = 820;
/** A many-lane diagram's least distance between neighbouring lanes. */
const LANES_MIN_STEP = 190;

export interface DiagramHost {
  /** An arrow was clicked: show that packet (1-based frame; a many-lane diagram's arrow says which packets). */
  onArrow(frame: number, arrow: LadderArrow): void;
  onClose?: () => void;
}

/**
 * Label lines: analysis tags, flags and numbers first, then the options; in a narrow pane each part
 * wraps at `width` characters.
 */
function labelLines(tokens: LadderToken[], width = Infinity): LadderToken[][] {
  const main: LadderToken[] = [],
    options: LadderToken[] = [];
  for (const t of tokens) (t.text.startsWith('[') || /^(Seq|Ack|Len)=/.test(t.text) ? main : options).push(t);
  const lines: LadderToken[][] = [];
  for (const part of [main, options]) {
    let line: LadderToken[] = [];
    for (const t of part) {
      if (line.length && chars(line) + t.text.length > width) {
        lines.push(line);
        line = [];
      }
      line.push(t);
    }
    if (line.length) lines.push(line);
  }
  return lines;
}

/** Label width in a narrow pane, in characters. */
const COMPACT_CHARS = 40;

function chars(tokens: LadderToken[]): number {
  return tokens.reduce((n, t) => n + t.text.length + 1, 0);
}

/**
 * The handshake / ladder diagram of one TCP stream, drawn from the engine's LadderModel: client and
 * server lanes (and the inferred middlebox between them), one arrow per packet labelled with its
 * flags, numbers and options; suspicious tokens in the error colour with their explanation as a
 * tooltip; SYN retry intervals and the reset's cause written beside the arrows.
 */
export class LadderDiagram {
  readonly root = el('div', 'diagram');
  private readonly title = el('div', 'diagram-title');
  private readonly body = el('div', 'diagram-body');
  private rows = new Map<number, SVGGElement>();
  private selectedFrame = -1;
  private evidence: ReadonlySet<number> = new Set();
  /** Notes under the arrows instead of in a column of their own, when the pane is narrow. */
  private compact = false;
  model: LadderModel | undefined;

  constructor(private readonly host: DiagramHost) {
    const head = el('div', 'diagram-head');
    head.append(this.title);
    if (host.onClose) {
      const close = el('button', 'diagram-close', '✕');
      close.title = 'Hide the diagram';
      close.setAttribute('aria-label', 'Hide the diagram');
      close.addEventListener('click', () => host.onClose!());
      head.append(close);
    }
    this.root.append(head, this.body);
    // Redrawn on the next frame: a redraw inside the callback would resize what it observes.
    let queued = false;
    new ResizeObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        if (this.model && this.wantsCompact(this.model) !== this.compact) this.show(this.model, this.evidence);
      });
    }).observe(this.body);
    this.showMessage('Select a TCP flow or finding to see its handshake diagram.');
  }

  get stream(): number {
    return this.model?.stream ?? -1;
  }

  showMessage(text: string): void {
    this.model = undefined;
    this.rows.clear();
    this.title.textContent = 'Handshake diagram';
    clear(this.body);
    this.body.append(el('div', 'placeholder', text));
  }

  private geometry(model: LadderModel, compact: boolean): { gap: number; xClient: number; xServer: number; width: number } {
    const width = compact ? COMPACT_CHARS : Infinity;
    const longest = Math.max(0, ...model.arrows.flatMap((a) => labelLines(a.tokens, width).map(chars)));
    // Lanes in between (a compare diagram's capture points) each get room for their head.
    const inner = model.lanes ? (model.lanes.length - 1) * LANES_MIN_STEP : 0;
    const gap = Math.max(compact ? 280 : MIN_GAP, inner, Math.min(MAX_GAP, longest * CHAR_W + 2 * LANE_PAD + 20));
    const head = (label: string) => (Math.max(label.length, 8) * CHAR_W + 16) / 2;
    const xClient = compact ? Math.max(TIME_W + 8, head(model.client) + 4) : TIME_W + 70;
    const xServer = xClient + gap;
    return { gap, xClient, xServer, width: compact ? xServer + head(model.server) + 6 : xServer + 22 + NOTE_CHARS * CHAR_W + 16 };
  }

  private wantsCompact(model: LadderModel): boolean {
    if (model.lanes) return false;
    const avail = this.body.clientWidth;
    return avail > 0 && avail < this.geometry(model, false).width;
  }

  /** Draws the model; `evidence` frames (a finding's) get a marked background. */
  show(model: LadderModel, evidence: ReadonlySet<number> = new Set()): void {
    this.model = model;
    this.evidence = evidence;
    this.rows.clear();
    this.title.textContent = model.title ?? `TCP stream ${model.stream}: ${model.client} → ${model.server}`;
    clear(this.body);

    this.compact = this.wantsCompact(model);
    const { gap, xClient, xServer, width } = this.geometry(model, this.compact);
    const xMiddle = model.middle ? (xClient + xServer) / 2 : -1;
    const xNote = this.compact ? xClient + LANE_PAD : xServer + 22;
    const noteChars = this.compact ? Math.floor((gap - 2 * LANE_PAD) / CHAR_W) : NOTE_CHARS;

    const s = svg('svg', { class: 'ladder', role: 'img', 'aria-label': `Ladder diagram of TCP stream ${model.stream}` });
    const lanes = svg('g', { class: 'lanes' });
    const rowsG = svg('g', { class: 'rows' });
    s.append(lanes, rowsG);

    let y = HEAD_H + 8;
    for (const a of model.arrows) {
      const note = a.note ? wrap(a.note, noteChars) : [];
      const label = labelLines(a.tokens, this.compact ? COMPACT_CHARS : Infinity);
      const top = Math.max(2, label.length) * LINE_H + SLOPE + 14;
      const h = this.compact ? Math.max(ROW_MIN, top + note.length * LINE_H + (note.length ? 4 : 0)) : Math.max(ROW_MIN, top, note.length * LINE_H + 12);
      const laneX = (pos: number) => xClient + (pos / ((model.lanes?.length ?? 2) - 1)) * gap;
      rowsG.append(this.row(a, y, h, { xClient, xServer, xMiddle, xNote, width, laneX }, note, label, evidence.has(a.frame)));
      y += h;
    }
    if (model.truncated) {
      rowsG.append(svg('text', { class: 'note', x: xClient, y: y + 16 }, `… the stream has more packets; only the first ${model.arrows.length} are drawn.`));
      y += 28;
    }
    const height = y + 12;

    // Lanes span the rows' height, drawn under them.
    const lane = (x: number, label: string, role: string, cls: string, tip?: string) => {
      lanes.append(svg('line', { class: `lane ${cls}`, x1: x, y1: HEAD_H - 4, x2: x, y2: height - 6 }));
      const g = svg('g', { class: `lane-head ${cls}` });
      const w = Math.max(label.length, role.length) * CHAR_W + 16;
      g.append(svg('rect', { x: x - w / 2, y: 6, width: w, height: HEAD_H - 14, rx: 3 }));
      g.append(svg('text', { class: 'lane-role', x, y: 22, 'text-anchor': 'middle' }, role));
      g.append(svg('text', { class: 'lane-label', x, y: 39, 'text-anchor': 'middle' }, label));
      if (tip) g.setAttribute('data-tip', tip);
      lanes.append(g);
    };
    if (model.lanes) {
      const last = model.lanes.length - 1;
      model.lanes.forEach((l, k) => lane(xClient + (k / last) * gap, l.label, l.role, k === 0 || k === last ? `end lane-${k}` : `point lane-${k}`));
    } else {
      lane(xClient, model.client, 'client', 'client');
      lane(xServer, model.server, 'server', 'server');
    }
    if (model.middle) lane(xMiddle, model.middle.label, 'inferred', 'middle', model.middle.tip);
    if (!this.compact) lanes.append(svg('text', { class: 'col-head', x: TIME_W - 8, y: 39, 'text-anchor': 'end' }, 'No. / time'));

    s.setAttribute('width', String(Math.ceil(width)));
    s.setAttribute('height', String(Math.ceil(height)));
    s.setAttribute('viewBox', `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`);
    this.body.append(s);
    this.select(this.selectedFrame, false);
  }

  private row(
    a: LadderArrow,
    y: number,
    h: number,
    x: { xClient: number; xServer: number; xMiddle: number; xNote: number; width: number; laneX: (pos: number) => number },
    note: string[],
    label: LadderToken[][],
    evidence: boolean,
  ): SVGGElement {
    const span = a.span;
    const fromClient = span ? span.from < span.to : a.from === 'client';
    const rst = a.tokens.some((t) => /^\[.*RST/.test(t.text));
    // Red arrows: a suspicious value (not just an analysis tag such as a SYN retry's), or a reset
    // with a cause. Evidence of a finding gets a tinted row instead, so the SYN stays plain. A
    // span's arrow says what happened by its own shape and colour instead.
    const bad = !span && (a.tokens.some((t) => t.warn && !t.text.startsWith('[')) || (rst && !!a.note));
    const kind = span ? ` ${span.kind}` : '';
    const g = svg('g', { class: `arow-g${bad ? ' warn' : ''}${rst ? ' rst' : ''}${evidence || a.warn ? ' evidence' : ''}${kind}`, 'data-frame': a.frame });
    if (a.tip) g.setAttribute('data-tip', a.tip);
    g.append(svg('rect', { class: 'row-bg', x: 0, y, width: x.width, height: h }));
    const x1 = span ? x.laneX(span.from) : fromClient ? x.xClient : x.xServer,
      x2 = span ? x.laneX(span.to) : fromClient ? x.xServer : x.xClient;
    const yLine = y + Math.max(2, label.length) * LINE_H + 8;
    // Frame number and time, like the table's No. and Time columns (a compare diagram: A's | B's).
    const no = a.frames ? `${a.frames.a || '–'} | ${a.frames.b || '–'}` : String(a.frame);
    g.append(svg('text', { class: 'frame-no', x: TIME_W - 8, y: y + LINE_H, 'text-anchor': 'end' }, no));
    g.append(svg('text', { class: 'time', x: TIME_W - 8, y: y + 2 * LINE_H, 'text-anchor': 'end' }, `+${a.at.toFixed(6)}`));
    // The arrow: a line sloping down to the receiver, and its head; a lost packet's ends in a cross
    // where it vanished, an injected one's starts at a dot where it appeared, a modified one's is
    // drawn changed from where the path changed it.
    const dir = fromClient ? 'c2s' : 's2c';
    const hx = x2,
      hy = yLine + SLOPE,
      back = fromClient ? -10 : 10;
    const end = span?.kind === 'lost' ? x2 : x2 + (fromClient ? -7 : 7);
    const yAt = (px: number) => yLine + (SLOPE * (px - x1)) / (x2 - x1 || 1);
    if (span?.kind === 'modified' && span.changedAt !== undefined) {
      const xc = x.laneX(span.changedAt);
      g.append(svg('line', { class: `arrow ${dir}`, x1, y1: yLine, x2: xc, y2: yAt(xc) }));
      g.append(svg('line', { class: `arrow ${dir} changed`, x1: xc, y1: yAt(xc), x2: end, y2: hy }));
      g.append(svg('circle', { class: 'change-mark', cx: xc, cy: yAt(xc), r: 4 }));
    } else g.append(svg('line', { class: `arrow ${dir}`, x1, y1: yLine, x2: end, y2: hy }));
    if (span?.kind === 'lost') {
      g.append(svg('path', { class: 'lost-mark', d: `M${hx - 6},${hy - 6}L${hx + 6},${hy + 6}M${hx - 6},${hy + 6}L${hx + 6},${hy - 6}` }));
    } else {
      const changed = span?.kind === 'modified' ? ' changed' : '';
      g.append(svg('polygon', { class: `head ${dir}${changed}`, points: `${hx},${hy} ${hx + back},${hy - 5} ${hx + back},${hy + 5}` }));
    }
    if (span?.kind === 'appeared') g.append(svg('circle', { class: 'origin-mark', cx: x1, cy: yLine, r: 4.5 }));
    if (x.xMiddle > 0 && bad && !fromClient) {
      // Where the suspicious packet crossed the inferred device.
      g.append(svg('circle', { class: 'crossing', cx: x.xMiddle, cy: yLine + SLOPE / 2, r: 4.5 }));
    }
    // The label hugs the sender, above the arrow.
    const anchor = fromClient ? 'start' : 'end';
    const tx = fromClient ? x1 + LANE_PAD : x1 - LANE_PAD;
    label.forEach((tokens, line) => {
      if (!tokens.length) return;
      const t = svg('text', { class: 'label', x: tx, y: y + LINE_H * (line + 1), 'text-anchor': anchor });
      tokens.forEach((tok, k) => {
        const span = svg('tspan', { class: `tok${tok.warn ? ' warn' : ''}` }, k ? ` ${tok.text}` : tok.text);
        if (tok.tip) span.setAttribute('data-tip', tok.tip);
        t.append(span);
      });
      g.append(t);
    });
    // Beside the server lane, or (narrow pane) under the arrow.
    const noteTop = this.compact ? yLine + SLOPE + 4 : y + 2;
    for (const [k, line] of note.entries()) {
      g.append(svg('text', { class: `note${rst ? ' warn' : ''}`, x: x.xNote, y: noteTop + LINE_H * (k + 1), 'data-tip': a.note! }, line));
    }
    g.addEventListener('click', () => this.host.onArrow(a.frame, a));
    this.rows.set(a.frame, g);
    return g;
  }

  /** Marks the arrow of the selected packet (and scrolls it into view). */
  select(frame: number, scroll = true): void {
    this.rows.get(this.selectedFrame)?.classList.remove('selected');
    this.selectedFrame = frame;
    const g = this.rows.get(frame);
    if (!g) return;
    g.classList.add('selected');
    if (scroll) {
      const bg = g.querySelector('.row-bg') as SVGRectElement;
      const top = Number(bg.getAttribute('y')),
        h = Number(bg.getAttribute('height'));
      const b = this.body;
      if (top < b.scrollTop || top + h > b.scrollTop + b.clientHeight) b.scrollTop = Math.max(0, top - b.clientHeight / 3);
    }
  }
}
