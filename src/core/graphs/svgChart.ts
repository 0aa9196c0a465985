import { niceScale, tickLabel } from './niceTicks';

/**
 * The colours a series may take: VS Code's chart colours (the theme's `--vscode-charts-*`
 * variables when the SVG sits in a webview), with the light theme's values as fallbacks when the
 * file is opened on its own.
 */
export const CHART_COLORS = {
  blue: 'var(--vscode-charts-blue, #1a85ff)',
  red: 'var(--vscode-charts-red, #e51400)',
  green: 'var(--vscode-charts-green, #388a34)',
  orange: 'var(--vscode-charts-orange, #d18616)',
  purple: 'var(--vscode-charts-purple, #652d90)',
  yellow: 'var(--vscode-charts-yellow, #bf8803)',
  foreground: 'var(--vscode-charts-foreground, #616161)',
} as const;
export type ChartColor = keyof typeof CHART_COLORS;

/**
 * How a series is drawn: `dots` one mark per point; `line` joined points; `step` a line that holds
 * each value until the next point (an ACK or window level); `vbars` a vertical bar per point from
 * y to y2 (a segment's sequence range, a SACK block); `rings` and `crosses` a mark around each
 * point (events such as retransmissions drawn over another series: two shapes, so two kinds of
 * event in the same colour family stay apart).
 */
export type SeriesKind = 'dots' | 'line' | 'step' | 'vbars' | 'rings' | 'crosses';

export interface ChartSeries {
  /** Legend text; also the series' `data-series` attribute. */
  name: string;
  kind: SeriesKind;
  color: ChartColor;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** vbars: where each bar ends. */
  y2?: ArrayLike<number>;
  /** The packet (0-based) behind each point, for a click to select it (−1: none); not drawn. */
  packet?: ArrayLike<number>;
}

export interface ChartSpec {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  width?: number;
  height?: number;
  /** The y axis starts at 0 even when the data do not (rates, RTTs, windows). */
  yFromZero?: boolean;
}

const MARGIN = { left: 72, right: 24, top: 64, bottom: 56 };

/** Escapes text for an SVG text node or attribute: every name and label may come from a capture. */
export function xmlText(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A coordinate in the SVG: a tenth of a pixel is finer than any screen, and keeps the file small. */
function px(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/**
 * A self-contained SVG chart (no scripts, no external references): title, axes with 1-2-5 ticks
 * and grid lines, a legend, and each series as one `<path>` in its own `<g data-series>` so a
 * test or a webview can find it. Colours and fonts are CSS variables with light fallbacks, so the
 * same markup follows the VS Code theme when inlined in a webview.
 */
export function renderSvgChart(spec: ChartSpec): string {
  const width = spec.width ?? 960;
  const height = spec.height ?? 540;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;

  let xLo = Infinity,
    xHi = -Infinity,
    yLo = Infinity,
    yHi = -Infinity;
  for (const s of spec.series) {
    for (let k = 0; k < s.x.length; k++) {
      const x = s.x[k],
        y = s.y[k];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < xLo) xLo = x;
      if (x > xHi) xHi = x;
      if (y < yLo) yLo = y;
      if (y > yHi) yHi = y;
      const y2 = s.y2?.[k];
      if (y2 !== undefined && Number.isFinite(y2)) {
        if (y2 < yLo) yLo = y2;
        if (y2 > yHi) yHi = y2;
      }
    }
  }
  if (xLo > xHi) xLo = xHi = 0;
  if (yLo > yHi) yLo = yHi = 0;
  if (spec.yFromZero && yLo > 0) yLo = 0;
  // The time axis spans the data (a little room either side); the value axis is framed by ticks.
  const xPad = xHi > xLo ? (xHi - xLo) * 0.02 : 0;
  const xs = niceScale(xLo - xPad, xHi + xPad, 8, xHi > xLo);
  const ys = niceScale(yLo, yHi);
  const sx = (x: number) => MARGIN.left + ((x - xs.min) / (xs.max - xs.min)) * plotW;
  const sy = (y: number) => MARGIN.top + plotH - ((y - ys.min) / (ys.max - ys.min)) * plotH;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" class="pcap-graph" role="img" aria-label="${xmlText(spec.title)}">`,
  );
  out.push(`<title>${xmlText(spec.title)}</title>`);
  out.push(
    '<style>',
    '.pcap-graph{font-family:var(--vscode-font-family,system-ui,sans-serif);font-size:12px}',
    '.pcap-graph .bg{fill:var(--vscode-editor-background,#ffffff)}',
    '.pcap-graph text{fill:var(--vscode-editor-foreground,#333333)}',
    '.pcap-graph .sub{fill:var(--vscode-descriptionForeground,#717171)}',
    '.pcap-graph .axis{stroke:var(--vscode-editor-foreground,#333333);stroke-width:1;fill:none}',
    '.pcap-graph .grid{stroke:var(--vscode-editorRuler-foreground,#e5e5e5);stroke-width:1;fill:none}',
    '.pcap-graph .title{font-size:15px;font-weight:600}',
    '</style>',
  );
  out.push(`<rect class="bg" x="0" y="0" width="${width}" height="${height}"/>`);
  out.push(`<text class="title" x="${MARGIN.left}" y="22">${xmlText(spec.title)}</text>`);
  if (spec.subtitle) out.push(`<text class="sub" x="${MARGIN.left}" y="40">${xmlText(spec.subtitle)}</text>`);

  // Grid and tick labels.
  const grid: string[] = [];
  const labels: string[] = [];
  for (const t of xs.ticks) {
    const x = px(sx(t));
    grid.push(`M${x} ${MARGIN.top}V${MARGIN.top + plotH}`);
    labels.push(`<text x="${x}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${tickLabel(t, xs.step)}</text>`);
  }
  for (const t of ys.ticks) {
    const y = px(sy(t));
    grid.push(`M${MARGIN.left} ${y}H${MARGIN.left + plotW}`);
    labels.push(`<text x="${MARGIN.left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${tickLabel(t, ys.step)}</text>`);
  }
  out.push(`<path class="grid" d="${grid.join('')}"/>`);
  out.push(`<g class="ticks">${labels.join('')}</g>`);
  out.push(`<rect class="axis" x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}"/>`);
  out.push(`<text class="xlabel" x="${px(MARGIN.left + plotW / 2)}" y="${height - 14}" text-anchor="middle">${xmlText(spec.xLabel)}</text>`);
  out.push(`<text class="ylabel" transform="translate(16 ${px(MARGIN.top + plotH / 2)}) rotate(-90)" text-anchor="middle">${xmlText(spec.yLabel)}</text>`);

  // Series. The scales cover every point, so nothing needs clipping (and no id can clash when
  // several charts are inlined in one page).
  out.push('<g class="series">');
  for (const s of spec.series) out.push(seriesMarkup(s, sx, sy));
  out.push('</g>');

  // Legend: one row above the plot, right-aligned.
  const items = spec.series.filter((s) => s.x.length > 0);
  let lx = width - MARGIN.right;
  const legend: string[] = [];
  for (let k = items.length - 1; k >= 0; k--) {
    const s = items[k];
    const textW = s.name.length * 6.6;
    lx -= textW;
    legend.unshift(
      `<g data-legend="${xmlText(s.name)}">${legendSample(s, lx - 22, 52)}<text x="${px(lx - 4)}" y="52" dominant-baseline="middle">${xmlText(s.name)}</text></g>`,
    );
    lx -= 34;
  }
  out.push(`<g class="legend">${legend.join('')}</g>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function ring(x: number, y: number): string {
  return `M${px(x - 4)} ${px(y)}a4 4 0 1 0 8 0a4 4 0 1 0 -8 0`;
}

function cross(x: number, y: number): string {
  return `M${px(x - 4)} ${px(y - 4)}l8 8m0 -8l-8 8`;
}

/** The legend's sample of a series: drawn as the series is (a line, a dot, a bar, a mark). */
function legendSample(s: ChartSeries, x: number, y: number): string {
  const color = CHART_COLORS[s.color];
  switch (s.kind) {
    case 'dots':
      return `<path d="M${px(x + 7)} ${y}h0" stroke="${color}" stroke-width="5" stroke-linecap="round"/>`;
    case 'vbars':
      return `<path d="M${px(x + 7)} ${y + 6}v-12" stroke="${color}" stroke-width="3"/>`;
    case 'rings':
      return `<path d="${ring(x + 7, y)}" fill="none" stroke="${color}" stroke-width="1.5"/>`;
    case 'crosses':
      return `<path d="${cross(x + 7, y)}" fill="none" stroke="${color}" stroke-width="1.5"/>`;
    default:
      return `<path d="M${px(x)} ${y}h14" stroke="${color}" stroke-width="3"/>`;
  }
}

function seriesMarkup(s: ChartSeries, sx: (x: number) => number, sy: (y: number) => number): string {
  const color = CHART_COLORS[s.color];
  const d: string[] = [];
  for (let k = 0; k < s.x.length; k++) {
    const xv = s.x[k],
      yv = s.y[k];
    if (!Number.isFinite(xv) || !Number.isFinite(yv)) continue;
    const x = px(sx(xv)),
      y = px(sy(yv));
    switch (s.kind) {
      case 'dots':
        d.push(`M${x} ${y}h0`);
        break;
      case 'rings':
        d.push(ring(sx(xv), sy(yv)));
        break;
      case 'crosses':
        d.push(cross(sx(xv), sy(yv)));
        break;
      case 'vbars': {
        const y2 = s.y2?.[k] ?? yv;
        // A bar thinner than a pixel still shows: at least one pixel tall.
        const top = Math.min(sy(yv), sy(y2)),
          bottom = Math.max(sy(yv), sy(y2));
        d.push(`M${x} ${px(bottom)}V${px(Math.min(top, bottom - 1))}`);
        break;
      }
      case 'line':
        d.push(`${d.length ? 'L' : 'M'}${x} ${y}`);
        break;
      case 'step':
        d.push(d.length ? `H${x}V${y}` : `M${x} ${y}`);
        break;
    }
  }
  const width = s.kind === 'dots' ? 3 : s.kind === 'vbars' ? 2 : 1.5;
  const attrs =
    s.kind === 'dots'
      ? `stroke="${color}" stroke-width="${width}" stroke-linecap="round"`
      : s.kind === 'rings' || s.kind === 'crosses'
        ? `stroke="${color}" stroke-width="1.5"`
        : `stroke="${color}" stroke-width="${width}"`;
  return `<g data-series="${xmlText(s.name)}" data-points="${s.x.length}"><path fill="none" ${attrs} d="${d.join('')}"/></g>`;
}
