import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { TimeMode } from '../src/protocol';
import { el } from './dom';
import { FilterBar } from './filterBar';
import { GotoBox } from './gotoBox';

export interface ToolbarHost {
  onFilter(text: string): void;
  onGoto(frame: number): void;
  /** The go-to box closed: focus goes back to the table. */
  onGotoDone(): void;
  onTimeMode(mode: TimeMode): void;
  /** Stop reading the file. */
  onCancel(): void;
}

/** The line above the tabs: display filter, go to packet, time format, and Cancel while a file is read. */
export class Toolbar {
  readonly root = el('div', 'toolbar');
  readonly filter: FilterBar;
  readonly gotoBox: GotoBox;
  private readonly timeSelect = document.createElement('vscode-single-select') as VscodeSingleSelect;
  private readonly cancelButton = document.createElement('vscode-button');

  constructor(host: ToolbarHost) {
    this.filter = new FilterBar((text) => host.onFilter(text));
    this.gotoBox = new GotoBox(
      (frame) => host.onGoto(frame),
      () => host.onGotoDone(),
    );
    for (const [value, label] of [
      ['rel', 'Seconds since start'],
      ['delta', 'Since previous shown'],
      ['abs', 'Absolute (UTC)'],
    ]) {
      const o = document.createElement('vscode-option');
      o.value = value;
      o.textContent = label;
      this.timeSelect.append(o);
    }
    this.timeSelect.className = 'time-select';
    this.timeSelect.title = 'Time column format';
    this.timeSelect.addEventListener('change', () => host.onTimeMode(this.timeSelect.value as TimeMode));
    this.cancelButton.textContent = 'Cancel';
    this.cancelButton.setAttribute('secondary', '');
    this.cancelButton.className = 'cancel-load';
    this.cancelButton.hidden = true;
    this.cancelButton.addEventListener('click', () => host.onCancel());
    this.root.append(this.filter.root, this.gotoBox.root, this.timeSelect, this.cancelButton);
  }

  set timeMode(mode: TimeMode) {
    this.timeSelect.value = mode;
  }

  showCancel(on: boolean): void {
    this.cancelButton.hidden = !on;
  }
}
