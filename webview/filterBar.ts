import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { FilterError } from '../src/protocol';
import { el } from './dom';

/** The display-filter input: Enter applies; an invalid filter turns it red with the parser's message. */
export class FilterBar {
  readonly root = el('div', 'filterbar');
  readonly input = document.createElement('vscode-textfield') as VscodeTextfield;
  private readonly message = el('div', 'filter-error');
  private readonly pointer = el('div', 'filter-pointer');

  constructor(private readonly onApply: (text: string) => void) {
    this.input.placeholder = 'Apply a display filter … (Enter)   e.g. tcp.port == 80 && !tcp.analysis.flags';
    this.input.className = 'filter-input';
    this.input.setAttribute('aria-label', 'Display filter');
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.onApply(this.input.value.trim());
      else if (e.key === 'Escape') {
        this.input.value = '';
        this.onApply('');
      }
    });
    this.input.addEventListener('input', () => {
      if (this.input.invalid) this.showError(undefined);
    });
    this.message.hidden = true;
    this.pointer.hidden = true;
    this.root.append(this.input);
  }

  /** The error line and the caret pointing at the position go below the toolbar. */
  get errorElements(): HTMLElement[] {
    return [this.pointer, this.message];
  }

  get value(): string {
    return this.input.value;
  }

  set value(text: string) {
    this.input.value = text;
  }

  showError(error: FilterError | undefined, text = ''): void {
    this.input.invalid = !!error;
    this.root.classList.toggle('invalid', !!error);
    this.message.hidden = !error;
    this.pointer.hidden = !error;
    if (!error) return;
    this.message.textContent = `${error.message} (at character ${error.position + 1})`;
    this.pointer.textContent = `${text}\n${' '.repeat(error.position)}^`;
  }
}
