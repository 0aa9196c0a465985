import type { DetailItem } from '../src/protocol';
import { clear, el } from './dom';

interface NodeView {
  item: DetailItem;
  line: HTMLDivElement;
  children?: HTMLDivElement;
  parent?: NodeView;
}

/**
 * The packet's layers and fields, Wireshark-style. Expanded layers stay expanded from packet to
 * packet (remembered by field id), as Wireshark does.
 */
export class DetailTree {
  readonly root = el('div', 'tree');
  private nodes: NodeView[] = [];
  private selected: NodeView | undefined;
  readonly expanded = new Set<string>();

  constructor(private readonly onSelect: (item: DetailItem | undefined) => void) {
    this.root.tabIndex = 0;
    this.root.setAttribute('role', 'tree');
    this.root.addEventListener('keydown', (e) => this.onKey(e));
  }

  show(items: DetailItem[]): void {
    clear(this.root);
    this.nodes = [];
    this.selected = undefined;
    this.root.append(this.build(items, undefined, 0));
  }

  showMessage(text: string): void {
    clear(this.root);
    this.nodes = [];
    this.selected = undefined;
    this.root.append(el('div', 'placeholder', text));
  }

  private build(items: DetailItem[], parent: NodeView | undefined, depth: number): DocumentFragment {
    const frag = document.createDocumentFragment();
    for (const item of items) {
      const line = el('div', `tree-line${item.severity ? ` sev-${item.severity}` : ''}`);
      line.setAttribute('role', 'treeitem');
      line.style.paddingLeft = `${depth * 14 + 4}px`;
      const twisty = el('span', 'twisty', item.children?.length ? '▸' : '');
      line.append(twisty, el('span', 'tree-text', item.text));
      if (item.tooltip) line.title = item.tooltip;
      line.dataset.field = item.field;
      const view: NodeView = { item, line, parent };
      this.nodes.push(view);
      frag.append(line);
      if (item.children?.length) {
        const box = el('div', 'tree-children');
        box.append(this.build(item.children, view, depth + 1));
        view.children = box;
        frag.append(box);
        this.setExpanded(view, this.expanded.has(item.field));
        twisty.addEventListener('click', (e) => {
          e.stopPropagation();
          this.toggle(view);
        });
      }
      line.addEventListener('click', () => this.select(view));
      line.addEventListener('dblclick', () => this.toggle(view));
    }
    return frag;
  }

  private setExpanded(v: NodeView, open: boolean): void {
    if (!v.children) return;
    v.children.hidden = !open;
    v.line.setAttribute('aria-expanded', String(open));
    (v.line.firstChild as HTMLElement).textContent = open ? '▾' : '▸';
    if (open) this.expanded.add(v.item.field);
    else this.expanded.delete(v.item.field);
  }

  private toggle(v: NodeView): void {
    const open = v.children?.hidden ?? false;
    this.setExpanded(v, open);
    if (open) this.revealChildren(v);
  }

  /** After the user unfolds a node: scroll its children into view, keeping the node itself on screen. */
  private revealChildren(v: NodeView): void {
    (v.children?.lastElementChild as HTMLElement | null)?.scrollIntoView({ block: 'nearest' });
    v.line.scrollIntoView({ block: 'nearest' });
  }

  private select(v: NodeView | undefined, notify = true): void {
    this.selected?.line.classList.remove('selected');
    this.selected = v;
    if (v) {
      for (let p = v.parent; p; p = p.parent) this.setExpanded(p, true);
      v.line.classList.add('selected');
      v.line.scrollIntoView({ block: 'nearest' });
    }
    if (notify) this.onSelect(v?.item);
  }

  /** The most specific field covering byte `offset` (hex view click → tree). */
  selectByte(offset: number, source?: 'reassembled' | 'decrypted', record?: number): DetailItem | undefined {
    let best: NodeView | undefined;
    for (const v of this.nodes) {
      const { offset: o, length: l } = v.item;
      if (v.item.source !== source || (source === 'decrypted' && v.item.record !== record)) continue;
      if (l > 0 && offset >= o && offset < o + l && (!best || l <= best.item.length)) best = v;
    }
    this.select(best, false);
    return best?.item;
  }

  private visible(): NodeView[] {
    return this.nodes.filter((v) => {
      for (let p = v.parent; p; p = p.parent) if (p.children?.hidden) return false;
      return true;
    });
  }

  private onKey(e: KeyboardEvent): void {
    const vis = this.visible();
    const k = this.selected ? vis.indexOf(this.selected) : -1;
    if (e.key === 'ArrowDown') this.select(vis[Math.min(vis.length - 1, k + 1)]);
    else if (e.key === 'ArrowUp') this.select(vis[Math.max(0, k - 1)]);
    else if (e.key === 'ArrowRight' && this.selected) {
      this.setExpanded(this.selected, true);
      this.revealChildren(this.selected);
    } else if (e.key === 'ArrowLeft' && this.selected) {
      if (this.selected.children && !this.selected.children.hidden) this.setExpanded(this.selected, false);
      else if (this.selected.parent) this.select(this.selected.parent);
    } else return;
    e.preventDefault();
  }
}
