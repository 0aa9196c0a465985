import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';

/**
 * A key press inside the page reaches VS Code too (the webview forwards every keydown to the
 * workbench), where the extension's Ctrl+G / Cmd+G keybinding answers with an `openGoto` message.
 * That message is the echo of a key press this page already handled if it comes within this time.
 */
const ECHO_MS = 1500;

/**
 * The go-to-packet box (Ctrl+G / Cmd+G): a packet number, Enter goes there, Escape gives up.
 * The page opens it on the key press at once, so digits typed right after the shortcut land in it;
 * the host's message opens it when the shortcut or the command palette was used outside the page.
 */
export class GotoBox {
  readonly root = document.createElement('vscode-textfield') as VscodeTextfield;
  private openedByKeyAt = -Infinity;

  constructor(
    private readonly go: (frame: number) => void,
    private readonly done: () => void,
  ) {
    this.root.className = 'goto';
    this.root.placeholder = 'Go to packet…';
    this.root.title = 'Packet number (Ctrl+G)';
    this.root.hidden = true;
    this.root.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        const frame = Number(this.root.value.trim());
        if (Number.isInteger(frame) && frame > 0) this.go(frame);
        this.close();
      } else if (e.key === 'Escape') this.close();
    });
    window.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'g') {
        e.preventDefault();
        this.openedByKeyAt = performance.now();
        this.open();
      }
    });
  }

  get isOpen(): boolean {
    return !this.root.hidden;
  }

  /** The host's openGoto: opens the box unless it is the echo of the key press the page just handled. */
  onHostOpen(): void {
    if (performance.now() - this.openedByKeyAt < ECHO_MS) return;
    this.open();
  }

  private open(): void {
    this.root.hidden = false;
    this.root.value = '';
    this.root.focus();
  }

  private close(): void {
    this.root.hidden = true;
    this.done();
  }
}
