import type { DetailItem, ViewState } from '../../src/protocol';
import { DetailTree } from '../detailTree';
import { el } from '../dom';
import { HexView } from '../hexView';
import { requests, unanswered } from '../hostChannel';
import { LadderDiagram } from '../ladderDiagram';
import { PacketTable } from '../packetTable';
import { paneSash, restorePaneWidth } from '../paneSash';

export interface PacketsHost {
  /** A row was selected (by click, key or a command): its detail is shown, the shell follows. */
  onPacketSelected(position: number, packet: number): void;
  onViewportChange(top: number): void;
  /** A diagram arrow beside the table was clicked. */
  onArrow(frame: number): void;
  onCloseDiagram(): void;
  saveUi(patch: Partial<ViewState>): void;
}

/**
 * The Packets tab: the table over the detail tree and the hex dump, and the selected stream's
 * diagram in a pane beside them that the user can resize or close.
 */
export class PacketsView {
  readonly label = 'Packets';
  /** Packet table and the diagram beside it; the table's minimum width is its --table-min-px. */
  readonly root = el('div', 'packets-pane');
  readonly table: PacketTable;
  readonly diagram: LadderDiagram;
  private readonly sidePane = el('div', 'side-pane');
  private readonly tree = new DetailTree((item) => this.onTreeItem(item));
  private readonly hex = new HexView((offset) => {
    const item = this.tree.selectByte(offset, this.hexShowsReassembled ? 'reassembled' : undefined);
    if (item) this.hex.highlight(item.offset, item.length);
    else this.hex.highlight(offset, 1);
  });
  /** The packet whose detail is shown or asked for (-1: none), and the request for it while it is out. */
  private detailPacket = -1;
  private detailRequest: AbortController | undefined;
  /** The selected packet's bytes and, for one that completed an IP datagram, the datagram's (Wireshark's second bytes tab). */
  private detailBytes: { frame: number[]; reassembled?: { title: string; bytes: number[] }; decrypted?: Array<{ title: string; bytes: number[] }> } = {
    frame: [],
  };
  private hexShowsReassembled = false;
  /**
   * Wireshark's "Decrypted TLS" bytes tab, as a second pane under the frame's: the plaintext of the
   * decrypted record whose node is selected (the frame's first one until then); hidden for other packets.
   */
  private readonly decryptedHex = new HexView((offset) => {
    const item = this.tree.selectByte(offset, 'decrypted', this.decryptedShown);
    if (item) this.decryptedHex.highlight(item.offset, item.length);
    else this.decryptedHex.highlight(offset, 1);
  });
  private decryptedShown = -1;
  private readonly hexPane = el('div', 'hex-pane');

  constructor(host: PacketsHost, ui: ViewState) {
    this.table = new PacketTable(
      {
        requestRows: (gen, start, count) => requests.request('rows', { gen, start, count }).then((m) => this.table.addRows(m.gen, m.start, m.rows), unanswered),
        onSelect: (pos, packet) => host.onPacketSelected(pos, packet),
        onViewportChange: (top) => host.onViewportChange(top),
        onColumnsChange: (widths) => host.saveUi({ columnWidths: widths }),
        onMinWidth: (px) => this.root.style.setProperty('--table-min-px', `${px}px`),
      },
      ui.columnWidths,
    );
    this.diagram = new LadderDiagram({ onArrow: (frame) => host.onArrow(frame), onClose: () => host.onCloseDiagram() });

    const bottom = document.createElement('vscode-split-layout');
    bottom.setAttribute('split', 'vertical');
    bottom.setAttribute('initial-handle-position', '55%');
    this.tree.root.slot = 'start';
    this.hexPane.slot = 'end';
    this.decryptedHex.root.classList.add('hex-decrypted');
    this.decryptedHex.root.hidden = true;
    this.hexPane.append(this.hex.root, this.decryptedHex.root);
    bottom.append(this.tree.root, this.hexPane);
    const split = document.createElement('vscode-split-layout');
    split.setAttribute('split', 'horizontal');
    split.setAttribute('initial-handle-position', '58%');
    split.className = 'main-split';
    this.table.root.slot = 'start';
    bottom.slot = 'end';
    split.append(this.table.root, bottom);
    this.sidePane.append(
      paneSash(
        this.sidePane,
        this.root,
        () => this.table.minWidth,
        (px) => host.saveUi({ sidePaneWidth: px }),
      ),
      this.diagram.root,
    );
    restorePaneWidth(this.sidePane, ui.sidePaneWidth);
    this.root.append(split, this.sidePane);
    this.tree.showMessage('Select a packet to see its layers and fields.');
  }

  showSidePane(open: boolean): void {
    this.sidePane.hidden = !open;
  }

  /** A new file: the detail shown belongs to the old one. */
  forgetDetail(): void {
    this.detailPacket = -1;
  }

  /** Asks for a packet's layers and bytes (unless they are what is shown). */
  showDetail(packet: number): void {
    if (packet === this.detailPacket) return;
    this.detailPacket = packet;
    // Arrow keys held down select packet after packet: only the last one's detail is wanted.
    this.detailRequest?.abort();
    const request = new AbortController();
    this.detailRequest = request;
    requests.request('detail', { packet }, { signal: request.signal }).then((m) => {
      this.detailRequest = undefined;
      this.tree.show(m.tree);
      this.detailBytes = { frame: m.bytes, reassembled: m.reassembled, decrypted: m.decrypted };
      this.showBytes(false, true);
      this.decryptedShown = -1;
      this.showDecrypted(0);
    }, unanswered);
  }

  private onTreeItem(item: DetailItem | undefined): void {
    if (!item) return;
    if (item.source === 'decrypted') {
      this.showDecrypted(item.record ?? 0);
      this.decryptedHex.highlight(item.offset, item.length);
      this.hex.highlight(0, 0);
      return;
    }
    this.showBytes(item.source === 'reassembled');
    this.hex.highlight(item.offset, item.length);
    this.decryptedHex.highlight(0, 0);
  }

  /** The second pane with decrypted record `record`'s plaintext, or hidden when the packet has none. */
  private showDecrypted(record: number): void {
    const d = this.detailBytes.decrypted?.[record];
    this.decryptedHex.root.hidden = !d;
    if (!d || record === this.decryptedShown) return;
    this.decryptedShown = record;
    this.decryptedHex.show(d.bytes, d.title);
  }

  /** Shows the frame's bytes, or the reassembled datagram's (titled) when a node of it is selected. */
  private showBytes(reassembled: boolean, fresh = false): void {
    const r = reassembled ? this.detailBytes.reassembled : undefined;
    if (!fresh && Boolean(r) === this.hexShowsReassembled) return;
    this.hexShowsReassembled = Boolean(r);
    this.hex.show(r ? r.bytes : this.detailBytes.frame, r?.title);
  }
}
