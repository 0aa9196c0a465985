import { niceScale, tickLabel } from '../../src/core/graphs/niceTicks';
import type { GraphSeriesView, GraphView } from '../../src/protocol';
import { clear, el, svg } from '../dom';
import { chartTheme, type ChartTheme } from './chartTheme';

export interface PlotOptions {
  /** Draw line series as bars this wide (x units: the I/O graph's interval). */
  bars?: number;
  /** Logarithmic y axis (only values above zero show). */
  log?: boolean;
  /** A time to mark with a dashed line (a finding's evidence). */
  marker?: number;
}

export interface PlotHost {
  /** The x-range on screen changed (zoom, pan; undefined: reset): ask for that range's points at `width` columns. */
  onRange(range: [number, number] | undefined, width: number): void;
  /** A point was clicked: the packet behind it (0-based). */
  onPoint(packet: number): void;
}

const M = { left: 76, right: 20, top: 56, bottom: 46 };
/** A click selects the nearest point within this many pixels. */
const HIT_RADIUS = 10;
/** Zoom requests wait this long for the wheel to stop turning. */
const RANGE_DELAY_MS = 120;

interface Scale {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  sx(x: number): number;
  sy(y: number): number;
  ix(px: number): number;
  iy(py: number): number;
  yTicks: number[];
  yStep: number;
}

/** A point found under the pointer. */
interface Hit {
  series: GraphSeriesView;
  k: number;
  distance: number;
}

let clipIds = 0;

/**
 * One chart on the page, drawn as SVG elements (text through textContent only: series names are
 * filter texts and titles name addresses) in the theme's colours, with the interactions of
 * Wireshark's graphs: wheel zooms the time axis around the pointer, a dragged box zooms into it,
 * Shift+drag (or the arrow keys) pans, double-click or 0 resets, the crosshair reads values, a
 * click selects the nearest point's packet. The data are the worker's, thinned for the plot's width:
 * every zoom or pan asks for the new range (PlotHost.onRange), so detail appears as one zooms in.
 */
export class ChartPlot {
  readonly root = el('div', 'chart');
  private readonly surface: SVGSVGElement = svg('svg', { class: 'chart-svg', role: 'img' });
  private readonly readout = el('div', 'chart-readout');
  private graph: GraphView | undefined;
  private opts: PlotOptions = {};
  /** The x-range shown (unset: the whole graph) and a y-range chosen by a box zoom. */
  private xView: [number, number] | undefined;
  private yView: [number, number] | undefined;
  private scale: Scale | undefined;
  private theme: ChartTheme | undefined;
  private width = 800;
  private height = 400;
  private drag: { x: number; y: number; pan: boolean; view: [number, number]; moved: boolean } | undefined;
  private rangeTimer = 0;
  private selected: { x: number; y: number } | undefined;
  private readonly overlay = svg('g', { class: 'chart-overlay' });
  private readonly crossX = svg('line', { class: 'chart-cross' });
  private readonly crossY = svg('line', { class: 'chart-cross' });
  private readonly box = svg('rect', { class: 'chart-box' });

  constructor(private readonly host: PlotHost) {
    this.root.tabIndex = 0;
    this.root.setAttribute(
      'aria-label',
      'Graph: wheel or drag a box to zoom, Shift+drag or arrows to pan, 0 or double-click to reset, click a point to select its packet',
    );
    this.root.append(this.surface, this.readout);
    this.surface.addEventListener('pointerdown', (e) => this.onDown(e));
    this.surface.addEventListener('pointermove', (e) => this.onMove(e));
    this.surface.addEventListener('pointerup', (e) => this.onUp(e));
    this.surface.addEventListener('pointerleave', () => this.hideCross());
    this.surface.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.surface.addEventListener('dblclick', () => this.reset());
    this.root.addEventListener('keydown', (e) => this.onKey(e));
    // Resized on the next frame, not inside the observer's callback: a size changed there is
    // observed again in the same frame ("ResizeObserver loop completed with undelivered notifications").
    let fitQueued = false;
    new ResizeObserver(() => {
      if (fitQueued) return;
      fitQueued = true;
      requestAnimationFrame(() => {
        fitQueued = false;
        this.fit();
      });
    }).observe(this.root);
    // A theme change (VS Code switches the body's class) redraws in the new colours.
    new MutationObserver(() => {
      this.theme = undefined;
      this.draw();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  /** The x-range on screen, or undefined for the whole graph. */
  get range(): [number, number] | undefined {
    return this.xView;
  }

  /** The width in pixel columns the worker should thin for. */
  get columns(): number {
    return Math.max(50, Math.round(this.width - M.left - M.right));
  }

  get data(): GraphView | undefined {
    return this.graph;
  }

  /** New data (for the range on screen, or a new graph: `keepView` false resets the zoom). */
  show(graph: GraphView, opts: PlotOptions, keepView: boolean): void {
    this.graph = graph;
    this.opts = opts;
    if (!keepView) {
      this.xView = undefined;
      this.yView = undefined;
      this.selected = undefined;
    }
    this.draw();
  }

  /** Zooms the time axis to [x0, x1] (a finding's evidence), and asks for that range. */
  zoomTo(x0: number, x1: number): void {
    this.xView = [x0, x1];
    this.yView = undefined;
    this.draw();
    this.requestRange(true);
  }

  reset(): void {
    this.xView = undefined;
    this.yView = undefined;
    this.draw();
    this.requestRange(true);
  }

  /** The chart as a standalone SVG document, in the colours on screen, without the crosshair. */
  svgText(): string {
    const copy = this.surface.cloneNode(true) as SVGSVGElement;
    copy.querySelector('.chart-overlay')?.remove();
    copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    copy.setAttribute('width', String(this.width));
    copy.setAttribute('height', String(this.height));
    return new XMLSerializer().serializeToString(copy);
  }

  get size(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }

  // ------------------------------------------------------------------ drawing

  private fit(): void {
    const r = this.root.getBoundingClientRect();
    const w = Math.max(320, Math.floor(r.width));
    const h = Math.max(240, Math.floor(r.height - this.readout.offsetHeight));
    if (w === this.width && h === this.height) return;
    const widthChanged = w !== this.width;
    this.width = w;
    this.height = h;
    this.draw();
    if (widthChanged && this.graph) this.requestRange(false);
  }

  private xRange(): [number, number] {
    const g = this.graph!;
    let [x0, x1] = this.xView ?? [g.extent.x0, g.extent.x1];
    if (!(x1 > x0)) [x0, x1] = [x0 - 0.5, x0 + 0.5];
    return [x0, x1];
  }

  /** The value axis: the box zoom's range, or what the visible points span. */
  private yRange(x0: number, x1: number): { y0: number; y1: number; ticks: number[]; step: number } {
    const g = this.graph!;
    const log = !!this.opts.log;
    let lo = Infinity,
      hi = -Infinity;
    if (this.yView) [lo, hi] = this.yView;
    else {
      for (const s of g.series) {
        for (let k = 0; k < s.x.length; k++) {
          if (s.x[k] < x0 || s.x[k] > x1) continue;
          for (const v of [s.y[k], s.y2?.[k] ?? s.y[k]]) {
            if (!Number.isFinite(v) || (log && v <= 0)) continue;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
          }
        }
      }
      if (lo > hi) [lo, hi] = log ? [1, 10] : [g.extent.y0, g.extent.y1];
      if (g.yFromZero && !log && lo > 0) lo = 0;
    }
    if (log) {
      const a = Math.floor(Math.log10(Math.max(lo, 1e-12)));
      let b = Math.ceil(Math.log10(Math.max(hi, 1e-12)));
      if (b <= a) b = a + 1;
      const ticks: number[] = [];
      for (let e = a; e <= b; e++) ticks.push(10 ** e);
      return { y0: a, y1: b, ticks, step: 1 };
    }
    const ns = niceScale(lo, hi, 6, !!this.yView);
    return { y0: ns.min, y1: ns.max, ticks: ns.ticks, step: ns.step };
  }

  private draw(): void {
    clear(this.surface);
    const g = this.graph;
    const w = this.width,
      h = this.height;
    this.surface.setAttribute('viewBox', `0 0 ${w} ${h}`);
    this.surface.setAttribute('width', String(w));
    this.surface.setAttribute('height', String(h));
    if (!g) return;
    const t = (this.theme ??= chartTheme());
    this.surface.setAttribute('font-family', t.font);
    this.surface.setAttribute('font-size', '12');
    this.surface.setAttribute('aria-label', g.title);
    const pw = w - M.left - M.right,
      ph = h - M.top - M.bottom;
    const [x0, x1] = this.xRange();
    const yr = this.yRange(x0, x1);
    const log = !!this.opts.log;
    const fy = (y: number) => (log ? Math.log10(y) : y);
    const sc: Scale = {
      x0,
      x1,
      y0: yr.y0,
      y1: yr.y1,
      sx: (x) => M.left + ((x - x0) / (x1 - x0)) * pw,
      sy: (y) => M.top + ph - ((fy(y) - yr.y0) / (yr.y1 - yr.y0)) * ph,
      ix: (px) => x0 + ((px - M.left) / pw) * (x1 - x0),
      iy: (py) => {
        const v = yr.y0 + ((M.top + ph - py) / ph) * (yr.y1 - yr.y0);
        return log ? 10 ** v : v;
      },
      yTicks: yr.ticks,
      yStep: yr.step,
    };
    this.scale = sc;

    this.surface.append(svg('rect', { x: 0, y: 0, width: w, height: h, fill: t.background, class: 'chart-bg' }));
    this.surface.append(svg('text', { x: M.left, y: 20, fill: t.text, 'font-size': 15, 'font-weight': 600, class: 'chart-title' }, g.title));
    this.surface.append(svg('text', { x: M.left, y: 38, fill: t.subtle, class: 'chart-subtitle' }, g.subtitle));

    // Grid and ticks: 1-2-5 steps (niceTicks, shared with the CLI's SVG charts).
    const xs = niceScale(x0, x1, Math.max(3, Math.round(pw / 110)), true);
    const grid: string[] = [];
    const ticks = svg('g', { class: 'chart-ticks', fill: t.text });
    for (const v of xs.ticks) {
      const x = sc.sx(v);
      grid.push(`M${x.toFixed(1)} ${M.top}V${M.top + ph}`);
      ticks.append(svg('text', { x: x.toFixed(1), y: M.top + ph + 16, 'text-anchor': 'middle' }, tickLabel(v, xs.step)));
    }
    for (const v of sc.yTicks) {
      const y = sc.sy(v);
      if (y < M.top - 0.5 || y > M.top + ph + 0.5) continue;
      grid.push(`M${M.left} ${y.toFixed(1)}H${M.left + pw}`);
      const label = log ? tickLabel(v, v) : tickLabel(v, sc.yStep);
      ticks.append(svg('text', { x: M.left - 6, y: y.toFixed(1), 'text-anchor': 'end', 'dominant-baseline': 'middle' }, label));
    }
    this.surface.append(svg('path', { d: grid.join(''), stroke: t.grid, 'stroke-width': 1, fill: 'none', class: 'chart-grid' }), ticks);
    this.surface.append(svg('rect', { x: M.left, y: M.top, width: pw, height: ph, fill: 'none', stroke: t.axis, 'stroke-width': 1 }));
    this.surface.append(svg('text', { x: M.left + pw / 2, y: h - 8, 'text-anchor': 'middle', fill: t.text, class: 'chart-xlabel' }, g.xLabel));
    this.surface.append(
      svg('text', { transform: `translate(16 ${M.top + ph / 2}) rotate(-90)`, 'text-anchor': 'middle', fill: t.text, class: 'chart-ylabel' }, g.yLabel),
    );

    const clipId = `chart-clip-${++clipIds}`;
    const clip = svg('clipPath', { id: clipId });
    clip.append(svg('rect', { x: M.left, y: M.top, width: pw, height: ph }));
    const series = svg('g', { class: 'chart-series', 'clip-path': `url(#${clipId})` });
    const lines = g.series.filter((s) => s.kind === 'line');
    g.series.forEach((s) => series.append(this.seriesElement(s, sc, t, lines.indexOf(s), lines.length)));
    if (this.opts.marker !== undefined) {
      const x = sc.sx(this.opts.marker);
      series.append(
        svg('path', { d: `M${x.toFixed(1)} ${M.top}V${M.top + ph}`, stroke: t.text, 'stroke-dasharray': '4 3', 'stroke-width': 1, class: 'chart-marker' }),
      );
    }
    if (this.selected) {
      const { x, y } = this.selected;
      series.append(
        svg('circle', { cx: sc.sx(x).toFixed(1), cy: sc.sy(y).toFixed(1), r: 6, fill: 'none', stroke: t.text, 'stroke-width': 2, class: 'chart-selected' }),
      );
    }
    this.surface.append(clip, series, this.legend(g, t, w));
    for (const l of [this.crossX, this.crossY]) l.setAttribute('stroke', t.subtle);
    this.box.setAttribute('fill', t.series.blue);
    this.box.setAttribute('fill-opacity', '0.15');
    this.box.setAttribute('stroke', t.series.blue);
    this.overlay.replaceChildren(this.crossX, this.crossY, this.box);
    this.crossX.setAttribute('visibility', 'hidden');
    this.crossY.setAttribute('visibility', 'hidden');
    this.box.setAttribute('visibility', 'hidden');
    this.surface.append(this.overlay);
  }

  private seriesElement(s: GraphSeriesView, sc: Scale, t: ChartTheme, barIndex: number, bars: number): SVGGElement {
    const color = t.series[s.color];
    const group = svg('g', { 'data-series': s.name, 'data-points': s.x.length, 'data-total': s.total });
    const log = !!this.opts.log;
    const ok = (k: number) => Number.isFinite(s.x[k]) && Number.isFinite(s.y[k]) && (!log || s.y[k] > 0);
    const d: string[] = [];
    const f = (v: number) => v.toFixed(1);
    if (s.kind === 'line' && this.opts.bars) {
      // Bars side by side within each interval, one slot per line.
      const slot = (sc.sx(sc.x0 + this.opts.bars) - sc.sx(sc.x0)) / Math.max(1, bars);
      const base = log ? sc.sy(10 ** sc.y0) : sc.sy(Math.max(0, sc.y0));
      for (let k = 0; k < s.x.length; k++) {
        if (!ok(k) || s.y[k] === 0) continue;
        const x = sc.sx(s.x[k]) + slot * barIndex;
        d.push(`M${f(x)} ${f(base)}V${f(sc.sy(s.y[k]))}H${f(x + Math.max(1, slot * 0.9))}V${f(base)}Z`);
      }
      group.append(svg('path', { d: d.join(''), fill: color, 'fill-opacity': 0.85, stroke: 'none' }));
      return group;
    }
    if (s.kind === 'rings' || s.kind === 'crosses') {
      // Event marks, each its own element: few of them, and each names its packet.
      for (let k = 0; k < s.x.length; k++) {
        if (!ok(k)) continue;
        const x = sc.sx(s.x[k]),
          y = sc.sy(s.y[k]);
        const path = s.kind === 'rings' ? `M${f(x - 4)} ${f(y)}a4 4 0 1 0 8 0a4 4 0 1 0 -8 0` : `M${f(x - 4)} ${f(y - 4)}l8 8m0 -8l-8 8`;
        group.append(svg('path', { d: path, fill: 'none', stroke: color, 'stroke-width': 2, 'data-packet': s.packet[k], class: 'chart-mark' }));
      }
      return group;
    }
    for (let k = 0; k < s.x.length; k++) {
      if (!ok(k)) continue;
      const x = sc.sx(s.x[k]),
        y = sc.sy(s.y[k]);
      switch (s.kind) {
        case 'dots':
          d.push(`M${f(x)} ${f(y)}h0`);
          break;
        case 'vbars': {
          const y2 = sc.sy(s.y2?.[k] ?? s.y[k]);
          const top = Math.min(y, y2),
            bottom = Math.max(y, y2);
          d.push(`M${f(x)} ${f(bottom)}V${f(Math.min(top, bottom - 1))}`);
          break;
        }
        case 'step':
          d.push(d.length ? `H${f(x)}V${f(y)}` : `M${f(x)} ${f(y)}`);
          break;
        default:
          d.push(`${d.length ? 'L' : 'M'}${f(x)} ${f(y)}`);
      }
    }
    const width = s.kind === 'dots' ? 3.5 : s.kind === 'vbars' ? 2 : 1.75;
    const attrs: Record<string, string | number> = { d: d.join(''), fill: 'none', stroke: color, 'stroke-width': width };
    if (s.kind === 'dots') attrs['stroke-linecap'] = 'round';
    group.append(svg('path', attrs));
    return group;
  }

  private legend(g: GraphView, t: ChartTheme, w: number): SVGGElement {
    const legend = svg('g', { class: 'chart-legend' });
    let x = w - M.right;
    const y = 44;
    for (const s of [...g.series].reverse()) {
      if (!s.total && !s.x.length) continue;
      const text = svg('text', { y, fill: t.text, 'dominant-baseline': 'middle' }, s.name);
      const textW = Math.min(260, s.name.length * 6.8);
      x -= textW;
      text.setAttribute('x', x.toFixed(1));
      const color = t.series[s.color];
      const sx = x - 22;
      const sample =
        s.kind === 'rings'
          ? svg('circle', { cx: sx + 7, cy: y, r: 4, fill: 'none', stroke: color, 'stroke-width': 2 })
          : s.kind === 'crosses'
            ? svg('path', { d: `M${sx + 3} ${y - 4}l8 8m0 -8l-8 8`, stroke: color, 'stroke-width': 2 })
            : s.kind === 'dots'
              ? svg('circle', { cx: sx + 7, cy: y, r: 3, fill: color })
              : svg('path', { d: `M${sx} ${y}h14`, stroke: color, 'stroke-width': 3 });
      legend.prepend(sample, text);
      x -= 34;
    }
    return legend;
  }

  // ------------------------------------------------------------------ interaction

  private local(e: MouseEvent): { x: number; y: number } {
    const r = this.surface.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * this.width) / Math.max(1, r.width), y: ((e.clientY - r.top) * this.height) / Math.max(1, r.height) };
  }

  private inPlot(p: { x: number; y: number }): boolean {
    return p.x >= M.left && p.x <= this.width - M.right && p.y >= M.top && p.y <= this.height - M.bottom;
  }

  private onDown(e: PointerEvent): void {
    if (!this.graph || e.button !== 0) return;
    const p = this.local(e);
    if (!this.inPlot(p)) return;
    this.surface.setPointerCapture?.(e.pointerId);
    this.drag = { ...p, pan: e.shiftKey, view: this.xRange(), moved: false };
    this.root.focus();
  }

  private onMove(e: PointerEvent): void {
    const sc = this.scale;
    if (!sc) return;
    const p = this.local(e);
    const d = this.drag;
    if (d) {
      if (Math.abs(p.x - d.x) + Math.abs(p.y - d.y) > 4) d.moved = true;
      if (d.pan && d.moved) {
        const dx = ((p.x - d.x) / (this.width - M.left - M.right)) * (d.view[1] - d.view[0]);
        this.xView = [d.view[0] - dx, d.view[1] - dx];
        this.draw();
        this.requestRange(false);
        return;
      }
      if (d.moved) {
        this.box.setAttribute('x', String(Math.min(p.x, d.x)));
        this.box.setAttribute('y', String(Math.min(p.y, d.y)));
        this.box.setAttribute('width', String(Math.abs(p.x - d.x)));
        this.box.setAttribute('height', String(Math.abs(p.y - d.y)));
        this.box.setAttribute('visibility', 'visible');
      }
    }
    if (!this.inPlot(p)) return this.hideCross();
    this.crossX.setAttribute('x1', String(p.x));
    this.crossX.setAttribute('x2', String(p.x));
    this.crossX.setAttribute('y1', String(M.top));
    this.crossX.setAttribute('y2', String(this.height - M.bottom));
    this.crossY.setAttribute('x1', String(M.left));
    this.crossY.setAttribute('x2', String(this.width - M.right));
    this.crossY.setAttribute('y1', String(p.y));
    this.crossY.setAttribute('y2', String(p.y));
    this.crossX.setAttribute('visibility', 'visible');
    this.crossY.setAttribute('visibility', 'visible');
    const hit = this.hit(p);
    let text = `x ${this.number(sc.ix(p.x))}  ·  y ${this.number(sc.iy(p.y))}`;
    if (hit) {
      const s = hit.series,
        k = hit.k;
      const y2 = s.y2 ? `–${this.number(s.y2[k])}` : '';
      text += `  ·  ${s.name}: ${this.number(s.x[k])}, ${this.number(s.y[k])}${y2}${s.packet[k] >= 0 ? `, packet ${s.packet[k] + 1}` : ''}`;
    }
    this.readout.textContent = text;
  }

  private onUp(e: PointerEvent): void {
    const d = this.drag;
    this.drag = undefined;
    this.box.setAttribute('visibility', 'hidden');
    const sc = this.scale;
    if (!d || !sc) return;
    const p = this.local(e);
    if (!d.moved) {
      const hit = this.hit(p);
      if (hit && hit.series.packet[hit.k] >= 0) {
        this.selected = { x: hit.series.x[hit.k], y: hit.series.y[hit.k] };
        this.draw();
        this.host.onPoint(hit.series.packet[hit.k]);
      }
      return;
    }
    if (d.pan) return;
    const xa = sc.ix(Math.min(p.x, d.x)),
      xb = sc.ix(Math.max(p.x, d.x));
    const ya = sc.iy(Math.max(p.y, d.y)),
      yb = sc.iy(Math.min(p.y, d.y));
    if (!(xb > xa)) return;
    this.xView = [xa, xb];
    // A flat box (a sweep along the time axis) zooms time only; a tall one also the values.
    this.yView = Math.abs(p.y - d.y) > 12 && !this.opts.log ? [ya, yb] : undefined;
    this.draw();
    this.requestRange(true);
  }

  private onWheel(e: WheelEvent): void {
    const sc = this.scale;
    if (!sc) return;
    const p = this.local(e);
    if (!this.inPlot(p)) return;
    e.preventDefault();
    const factor = e.deltaY > 0 ? 1.25 : 0.8;
    this.zoomAround(sc.ix(p.x), factor);
  }

  private zoomAround(at: number, factor: number): void {
    const [x0, x1] = this.xRange();
    this.xView = [at - (at - x0) * factor, at + (x1 - at) * factor];
    this.yView = undefined;
    this.draw();
    this.requestRange(false);
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.graph) return;
    const [x0, x1] = this.xRange();
    const span = x1 - x0;
    if (e.key === '+' || e.key === '=') this.zoomAround((x0 + x1) / 2, 0.8);
    else if (e.key === '-') this.zoomAround((x0 + x1) / 2, 1.25);
    else if (e.key === '0' || e.key === 'Home') this.reset();
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      const dx = (e.key === 'ArrowLeft' ? -0.1 : 0.1) * span;
      this.xView = [x0 + dx, x1 + dx];
      this.draw();
      this.requestRange(false);
    } else return;
    e.preventDefault();
  }

  private hideCross(): void {
    this.crossX.setAttribute('visibility', 'hidden');
    this.crossY.setAttribute('visibility', 'hidden');
  }

  /** The nearest point to the pointer within HIT_RADIUS pixels (a bar: anywhere along it). */
  private hit(p: { x: number; y: number }): Hit | undefined {
    const sc = this.scale;
    const g = this.graph;
    if (!sc || !g) return undefined;
    let best: Hit | undefined;
    for (const s of g.series) {
      for (let k = 0; k < s.x.length; k++) {
        const x = sc.sx(s.x[k]);
        if (Math.abs(x - p.x) > HIT_RADIUS) continue;
        const ya = sc.sy(s.y[k]),
          yb = sc.sy(s.y2?.[k] ?? s.y[k]);
        const dy = p.y < Math.min(ya, yb) ? Math.min(ya, yb) - p.y : p.y > Math.max(ya, yb) ? p.y - Math.max(ya, yb) : 0;
        const distance = Math.hypot(x - p.x, dy);
        // Event marks win a tie with what they mark: they are what one clicks for.
        const bias = s.kind === 'rings' || s.kind === 'crosses' ? -0.5 : 0;
        if (distance <= HIT_RADIUS && (!best || distance + bias < best.distance)) best = { series: s, k, distance: distance + bias };
      }
    }
    return best;
  }

  private number(v: number): string {
    if (!Number.isFinite(v)) return '–';
    const a = Math.abs(v);
    return a >= 1e6 || (a > 0 && a < 1e-3) ? v.toExponential(3) : String(Number(v.toPrecision(7)));
  }

  private requestRange(now: boolean): void {
    clearTimeout(this.rangeTimer);
    const send = () => this.host.onRange(this.xView, this.columns);
    if (now) send();
    else this.rangeTimer = window.setTimeout(send, RANGE_DELAY_MS);
  }
}
