import { el } from './dom';

/**
 * One floating tooltip for every element that carries `data-tip` (Info-column options, diagram
 * tokens and lanes): shown at once on hover, text only, kept inside the window. Native `title`
 * tooltips cannot be styled, wait a second before showing, and do not work on SVG text spans.
 */
export function installTooltips(): void {
  const tip = el('div', 'tip');
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  document.body.append(tip);
  let current: Element | null = null;
  const place = (x: number, y: number) => {
    const r = tip.getBoundingClientRect();
    const left = Math.min(x + 12, window.innerWidth - r.width - 6);
    const top = y + 18 + r.height > window.innerHeight ? y - r.height - 8 : y + 18;
    tip.style.left = `${Math.max(4, left)}px`;
    tip.style.top = `${Math.max(4, top)}px`;
  };
  document.addEventListener('mouseover', (e) => {
    const target = (e.target as Element | null)?.closest?.('[data-tip]') ?? null;
    if (target === current) return;
    current = target;
    const text = target?.getAttribute('data-tip');
    if (!text) {
      tip.hidden = true;
      return;
    }
    tip.textContent = text;
    tip.hidden = false;
    place(e.clientX, e.clientY);
  });
  document.addEventListener('mousemove', (e) => {
    if (!tip.hidden) place(e.clientX, e.clientY);
  });
  document.addEventListener('mouseleave', () => {
    tip.hidden = true;
    current = null;
  });
}
