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
    const row = this.table.rowAt(this.table.selected);
    if (!row) {
      this.host.flash('Select a packet to mark it.');
      return;
    }
    const marked = !row.marked;
    requests.request('mark', { packets: [row.packet], marked }).then((m) => {
      this.table.refreshRows();
      this.host.flash(`${marked ? 'Marked' : 'Unmarked'} packet ${row.packet + 1}; ${m.count} marked in all.`);
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
