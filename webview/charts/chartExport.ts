import type { GraphView } from '../../src/protocol';

/** A CSV field: quoted when it holds a separator, a quote or a line break (RFC 4180). */
function field(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The numbers behind a graph: one row per point (series, x, y, y2, frame number), the x-range's
 * points as the worker sent them; a comment line says when a series was thinned for the screen.
 */
export function graphCsv(g: GraphView): string {
  const lines = [['series', 'x', 'y', 'y2', 'frame'].join(',')];
  for (const s of g.series) {
    for (let k = 0; k < s.x.length; k++) lines.push([field(s.name), s.x[k], s.y[k], s.y2 ? s.y2[k] : '', s.packet[k] >= 0 ? s.packet[k] + 1 : ''].join(','));
  }
  const thinned = g.series.filter((s) => s.total > s.x.length);
  if (thinned.length)
    lines.unshift(`# thinned to the screen's resolution (extremes kept): ${thinned.map((s) => `${s.name} ${s.x.length} of ${s.total} points`).join('; ')}`);
  return `${lines.join('\n')}\n`;
}

/** The SVG drawn onto a canvas at twice its size (legible when zoomed), as base64 PNG bytes. */
export async function svgToPngBase64(svgText: string, width: number, height: number): Promise<string> {
  const img = new Image();
  // A data: URL (the page's CSP allows data: images), never a blob of the page's origin.
  img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(svgText)))}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width * 2;
  canvas.height = height * 2;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}
