import { el } from './dom';

export const MIN_PANE_PX = 320;
const KEY_STEP_PX = 24;

/**
 * The draggable edge on the left of the side pane (the diagram beside the packet table): drag it,
 * or focus it and use ←/→, to give the diagram more or less room, never more than the table's columns
 * leave (`minRest`). Reports the width chosen so the page can keep it across hide/show.
 */
export function paneSash(pane: HTMLElement, container: HTMLElement, minRest: () => number, onWidth: (px: number) => void): HTMLElement {
  const sash = el('div', 'pane-sash');
  sash.tabIndex = 0;
  sash.setAttribute('role', 'separator');
  sash.setAttribute('aria-orientation', 'vertical');
  sash.title = 'Drag (or ←/→) to resize the diagram';
  const set = (px: number) => {
    // The table beside keeps its columns: the pane never takes the room they need.
    const max = Math.max(MIN_PANE_PX, container.clientWidth - minRest());
    const w = Math.round(Math.max(MIN_PANE_PX, Math.min(max, px)));
    pane.style.width = `${w}px`;
    return w;
  };
  sash.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    sash.setPointerCapture(e.pointerId);
    sash.classList.add('active');
    const right = container.getBoundingClientRect().right;
    const move = (m: PointerEvent) => set(right - m.clientX);
    const up = () => {
      sash.classList.remove('active');
      sash.removeEventListener('pointermove', move);
      sash.removeEventListener('pointerup', up);
      onWidth(pane.getBoundingClientRect().width);
    };
    sash.addEventListener('pointermove', move);
    sash.addEventListener('pointerup', up);
  });
  sash.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const w = pane.getBoundingClientRect().width;
    onWidth(set(e.key === 'ArrowLeft' ? w + KEY_STEP_PX : w - KEY_STEP_PX));
  });
  return sash;
}

/** Applies a remembered width (px) to the pane, or leaves the stylesheet's default. */
export function restorePaneWidth(pane: HTMLElement, px: number | undefined): void {
  if (px && px >= MIN_PANE_PX) pane.style.width = `${Math.round(px)}px`;
}
