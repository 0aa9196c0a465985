import { clear, el } from './dom';

/** How long a passing remark (a cleared filter, a hidden packet) stays. */
const FLASH_MS = 4000;

/** The line under the toolbar that says how loading ended, or what a command had to do. */
export class NoticeLine {
  readonly root = el('div', 'notice');
  private flashTimer = 0;

  constructor(private readonly onReload: () => void) {
    this.root.hidden = true;
  }

  /** `withReload`: offer to read the file again. */
  show(text: string, withReload: boolean): void {
    clear(this.root);
    this.root.hidden = false;
    this.root.append(el('span', '', text));
    if (withReload) {
      const b = document.createElement('vscode-button');
      b.textContent = 'Reload';
      b.addEventListener('click', () => this.onReload());
      this.root.append(b);
    }
  }

  flash(text: string): void {
    this.show(text, false);
    clearTimeout(this.flashTimer);
    this.flashTimer = window.setTimeout(() => this.hide(), FLASH_MS);
  }

  hide(): void {
    this.root.hidden = true;
  }
}
