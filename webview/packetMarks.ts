import type { MarkAction } from '../src/protocol';
import { requests, unanswered } from './hostChannel';
import type { PacketTable } from './packetTable';

export interface MarkingHost {
  /** The view generation positions refer to. */
  gen(): number;
  flash(text: string): void;
}

/**
 * Wireshark's packet marks in the table: Ctrl+M marks or unmarks the selected packet, Ctrl+Shift+N
 * and Ctrl+Shift+B go to the next and previous marked packet of the view (wrapping). The marks live
 * in the worker with the capture, so every editor of the file shows them and Export can write them.
 */
export class PacketMarking {
  constructor(
    private readonly table: PacketTable,
    private readonly host: MarkingHost,
  ) {}

  run(action: MarkAction): void {
    if (action === 'toggle') this.toggle();
    else this.go(action === 'previous');
  }

  private toggle(): void {
    const position = this.table.selected;
    if (position < 0) {
      this.host.flash('Select a packet to mark it.');
      return;
    }
    // By view position: the selected row's text may not have arrived yet (just after a reveal).
    const gen = this.host.gen();
    requests.request('toggleMark', { gen, position }).then((m) => {
      this.table.refreshRows();
      this.host.flash(`${m.marked ? 'Marked' : 'Unmarked'} packet ${m.packet + 1}; ${m.count} marked in all.`);
    }, unanswered);
  }

  private go(backwards: boolean): void {
    const gen = this.host.gen();
    requests.request('nextMark', { gen, position: this.table.selected, backwards }).then((m) => {
      if (m.gen !== this.host.gen()) return;
      if (m.position < 0) this.host.flash('No marked packet is displayed.');
      else this.table.select(m.position);
    }, unanswered);
  }
}
