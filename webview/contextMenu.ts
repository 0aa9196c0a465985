import { el } from './dom';

export interface MenuItem {
  label: string;
  /** Shown at the right, as VS Code's menus show a keybinding. */
  keys?: string;
  run(): void;
}

/**
 * The page's own context menu (a webview cannot add to VS Code's without a command round trip per
 * item): one at a time, closed by a pick, Escape, a click elsewhere or scrolling. Labels are text only.
 */
export class ContextMenu {
  private readonly root = el('div', 'context-menu');

  constructor() {
    this.root.setAttribute('role', 'menu');
    this.root.hidden = true;
    document.body.append(this.root);
    const close = () => this.close();
    window.addEventListener('blur', close);
    document.addEventListener('pointerdown', (e) => {
      if (!this.root.contains(e.target as Node)) close();
    });
    document.addEventListener('scroll', close, true);
    this.root.addEventListener('keydown', (e) => {
      const items = [...this.root.querySelectorAll<HTMLElement>('.context-item')];
      const at = items.indexOf(document.activeElement as HTMLElement);
      if (e.key === 'Escape') close();
      else if (e.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
      else if (e.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
      else return;
      e.preventDefault();
    });
  }

  /** Opens the menu at the pointer (or under a keyboard's context-menu key: the event's position). */
  open(e: MouseEvent, items: MenuItem[]): void {
    e.preventDefault();
    if (!items.length) return;
    this.root.replaceChildren();
    for (const item of items) {
      const b = el('button', 'context-item');
      b.setAttribute('role', 'menuitem');
      b.append(el('span', 'context-label', item.label));
      if (item.keys) b.append(el('span', 'context-keys', item.keys));
      b.addEventListener('click', () => {
        this.close();
        item.run();
      });
      this.root.append(b);
    }
    this.root.hidden = false;
    const r = this.root.getBoundingClientRect();
    this.root.style.left = `${Math.max(0, Math.min(e.clientX, window.innerWidth - r.width - 4))}px`;
    this.root.style.top = `${Math.max(0, Math.min(e.clientY, window.innerHeight - r.height - 4))}px`;
    this.root.querySelector<HTMLElement>('.context-item')?.focus();
  }

  close(): void {
    this.root.hidden = true;
  }
}
