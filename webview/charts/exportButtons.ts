import type { FixRequest } from '../../src/protocol';
import { el } from '../dom';
import type { ChartPlot } from './chartPlot';
import { graphCsv, svgToPngBase64 } from './chartExport';

/**
 * Copy as SVG, save as PNG, copy the numbers as CSV: the page can write no clipboard and no file,
 * so each goes to the host (FixRequest 'graphExport').
 */
export function exportButtons(plot: ChartPlot, name: () => string, post: (m: FixRequest) => void, fail: (text: string) => void): HTMLElement {
  const bar = el('span', 'chart-export');
  const button = (label: string, tip: string, cls: string, run: () => Promise<void> | void) => {
    const b = document.createElement('vscode-button');
    b.textContent = label;
    b.title = tip;
    b.className = cls;
    b.setAttribute('secondary', '');
    b.addEventListener('click', () => {
      if (!plot.data) return;
      Promise.resolve(run()).catch((e: unknown) => fail(`Could not export the graph: ${e instanceof Error ? e.message : String(e)}`));
    });
    bar.append(b);
  };
  button('Copy SVG', 'Copy the graph as SVG to the clipboard', 'chart-copy-svg', () =>
    post({ type: 'graphExport', format: 'svg', name: name(), data: plot.svgText() }),
  );
  button('Save PNG…', 'Save the graph as a PNG image', 'chart-save-png', async () => {
    const { width, height } = plot.size;
    post({ type: 'graphExport', format: 'png', name: name(), data: await svgToPngBase64(plot.svgText(), width, height) });
  });
  button('Copy CSV', 'Copy the numbers behind the graph as CSV', 'chart-copy-csv', () =>
    post({ type: 'graphExport', format: 'csv', name: name(), data: graphCsv(plot.data!) }),
  );
  return bar;
}

/** A vscode-single-select with these options. */
export function selectOf(cls: string, title: string, options: Array<[string, string]>): HTMLElement & { value: string } {
  const s = document.createElement('vscode-single-select');
  s.className = cls;
  s.title = title;
  for (const [value, label] of options) {
    const o = document.createElement('vscode-option');
    o.value = value;
    o.textContent = label;
    s.append(o);
  }
  return s;
}
