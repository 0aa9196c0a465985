import type { Page } from 'playwright-core';

/** One piece of text on screen with the colours it is drawn in, as the browser computed them. */
export interface TextContrast {
  /** Data position of the row (packet table) or '' outside rows. */
  row: string;
  rowClass: string;
  element: string;
  text: string;
  /** WCAG 2 contrast ratio of the text colour against the background behind it. */
  ratio: number;
  fg: string;
  bg: string;
}

/**
 * In-page code (plain JavaScript: the test's TypeScript transform would wrap named functions in a
 * helper the page does not have). Colours are resolved by painting them on a canvas, so any CSS syntax
 * the browser computes (rgb(), color(srgb …) from color-mix, …) is read the same way.
 */
const IN_PAGE = `
const canvas = document.createElement('canvas');
canvas.width = canvas.height = 1;
const ctx = canvas.getContext('2d', { willReadFrequently: true });
function rgba(css) {
  ctx.clearRect(0, 0, 1, 1);
  ctx.fillStyle = css;
  ctx.fillRect(0, 0, 1, 1);
  const d = ctx.getImageData(0, 0, 1, 1).data;
  return [d[0], d[1], d[2], d[3] / 255];
}
function over(top, under) { return [0, 1, 2].map((k) => top[3] * top[k] + (1 - top[3]) * under[k]).concat(1); }
function lum(c) {
  const lin = c.slice(0, 3).map((v) => { const s = v / 255; return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4); });
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}
function hex(c) { return '#' + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join(''); }
function backdrop(e) {
  const chain = [];
  for (let a = e; a; a = a.parentElement) chain.unshift(a);
  let bg = [255, 255, 255, 1];
  for (const a of chain) bg = over(rgba(getComputedStyle(a).backgroundColor), bg);
  return bg;
}
`;

/**
 * Measures the WCAG 2 contrast of every text node inside the elements `selector` matches: the text's
 * computed colour against the backgrounds of its ancestors composited from the root down (translucent
 * tints included).
 */
export function measureTextContrast(page: Page, selector: string): Promise<TextContrast[]> {
  return page.evaluate(`(() => {${IN_PAGE}
    const out = [];
    for (const root of document.querySelectorAll(${JSON.stringify(selector)})) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const seen = new Set();
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const e = n.parentElement;
        if (!e || seen.has(e) || !n.textContent.trim()) continue;
        seen.add(e);
        const bg = backdrop(e);
        const fg = over(rgba(getComputedStyle(e).color), bg);
        const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
        const row = e.closest('.prow');
        out.push({ row: row ? row.dataset.pos : '', rowClass: row ? row.className : '', element: e.className, text: n.textContent.trim().slice(0, 30), ratio: (l1 + 0.05) / (l2 + 0.05), fg: hex(fg), bg: hex(bg) });
      }
    }
    return out;
  })()`);
}

/** A CSS colour as the page resolves it (r, g, b 0–255, alpha 0–1), for comparing computed colours. */
export function resolveColor(page: Page, css: string): Promise<number[]> {
  return page.evaluate(`(() => {${IN_PAGE} const c = rgba(${JSON.stringify(css)}); return [c[0], c[1], c[2], Math.round(c[3] * 100) / 100]; })()`);
}
