import type { GraphColor } from '../../src/protocol';

/** The theme's colours a chart draws with, resolved (an exported SVG or PNG carries no CSS variables). */
export interface ChartTheme {
  series: Record<GraphColor, string>;
  background: string;
  text: string;
  subtle: string;
  grid: string;
  axis: string;
  font: string;
}

/** VS Code's chart colours and their light-theme values when a variable is missing. */
const SERIES_VARS: Record<GraphColor, [string, string]> = {
  blue: ['--vscode-charts-blue', '#1a85ff'],
  red: ['--vscode-charts-red', '#e51400'],
  green: ['--vscode-charts-green', '#388a34'],
  orange: ['--vscode-charts-orange', '#d18616'],
  purple: ['--vscode-charts-purple', '#652d90'],
  yellow: ['--vscode-charts-yellow', '#bf8803'],
  foreground: ['--vscode-charts-foreground', ''],
};

/**
 * A colour made opaque: some themes give charts.orange a third of an alpha (a fill colour), which
 * as a 1.5-pixel line would vanish.
 */
function opaque(c: string): string {
  const m = /^rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*[\d.]+\s*\)$/.exec(c);
  if (m) return `rgb(${m[1]}, ${m[2]}, ${m[3]})`;
  if (/^#[0-9a-f]{8}$/i.test(c)) return c.slice(0, 7);
  return c;
}

/** The chart colours of the theme the page shows now (read again after a theme change). */
export function chartTheme(): ChartTheme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const text = v('--vscode-editor-foreground', '#333333');
  const series = {} as Record<GraphColor, string>;
  for (const [k, [name, fallback]] of Object.entries(SERIES_VARS) as Array<[GraphColor, [string, string]]>) series[k] = opaque(v(name, fallback || text));
  const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  return {
    series,
    background: v('--vscode-editor-background', '#ffffff'),
    text,
    subtle: v('--vscode-descriptionForeground', text),
    // High contrast: grid lines in the contrast border colour (a faint ruler would disappear).
    grid: highContrast ? v('--vscode-contrastBorder', text) : v('--vscode-editorRuler-foreground', 'rgba(128, 128, 128, 0.3)'),
    axis: text,
    font: v('--vscode-font-family', 'system-ui, sans-serif'),
  };
}
