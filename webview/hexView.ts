import { clear, el } from './dom';
import { count } from './plural';

/** Bytes beyond this are not drawn (jumbo/TSO frames); the tree still covers them. */
const MAX_BYTES = 65536;

/** Offset / hex / ASCII dump of the selected packet, with the selected field's bytes highlighted. */
export class HexView {
  readonly root = el('div', 'hex');
  private hexCells: HTMLSpanElement[] = [];
  private asciiCells: HTMLSpanElement[] = [];
  private lit: number[] = [];

  constructor(private readonly onByte: (offset: number) => void) {
    this.root.tabIndex = 0;
    this.root.addEventListener('click', (e) => {
      const t = e.target as HTMLElement;
      const i = t.dataset.i;
      if (i !== undefined) this.onByte(Number(i));
    });
  }

  /** `title` names bytes that are not the frame's (a reassembled datagram). */
  show(bytes: number[], title?: string): void {
    clear(this.root);
    this.hexCells = [];
    this.asciiCells = [];
    this.lit = [];
    const n = Math.min(bytes.length, MAX_BYTES);
    const frag = document.createDocumentFragment();
    if (title) frag.append(el('div', 'hex-title', title));
    for (let line = 0; line < n; line += 16) {
      const row = el('div', 'hex-line');
      row.append(el('span', 'hex-off', line.toString(16).padStart(4, '0')));
      const hex = el('span', 'hex-bytes');
      const ascii = el('span', 'hex-ascii');
      for (let k = line; k < line + 16; k++) {
        // A short last line is padded with byte-sized blanks (and the middle gap) so that its ASCII
        // column starts where the full lines' does.
        if (k % 16 === 8) hex.append(el('span', 'hex-gap', ' '));
        if (k >= n) {
          hex.append(el('span', 'hex-b hex-pad', '  '));
          continue;
        }
        const b = bytes[k];
        const h = el('span', 'hex-b', b.toString(16).padStart(2, '0'));
        h.dataset.i = String(k);
        const a = el('span', 'hex-a', b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');
        a.dataset.i = String(k);
        this.hexCells.push(h);
        this.asciiCells.push(a);
        hex.append(h);
        ascii.append(a);
      }
      row.append(hex, ascii);
      frag.append(row);
    }
    if (bytes.length > n) frag.append(el('div', 'hex-more', `… ${count(bytes.length - n, 'more byte', 'more bytes')} not shown`));
    this.root.append(frag);
  }

  highlight(offset: number, length: number): void {
    for (const k of this.lit) {
      this.hexCells[k]?.classList.remove('hl');
      this.asciiCells[k]?.classList.remove('hl');
    }
    this.lit = [];
    const end = Math.min(offset + length, this.hexCells.length);
    for (let k = Math.max(0, offset); k < end; k++) {
      this.hexCells[k].classList.add('hl');
      this.asciiCells[k].classList.add('hl');
      this.lit.push(k);
    }
    this.hexCells[offset]?.scrollIntoView({ block: 'nearest' });
  }
}
