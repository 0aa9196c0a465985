import type { DetailNode } from '../../../src/core/dissect/detailNode';

/** The first node of the detail tree (depth first) with this field name. */
export function findNode(nodes: DetailNode[] | undefined, field: string): DetailNode | undefined {
  for (const n of nodes ?? []) {
    if (n.field === field) return n;
    const hit = findNode(n.children, field);
    if (hit) return hit;
  }
  return undefined;
}

/** Every node of the detail tree with this field name, in tree order. */
export function findAllNodes(nodes: DetailNode[] | undefined, field: string, out: DetailNode[] = []): DetailNode[] {
  for (const n of nodes ?? []) {
    if (n.field === field) out.push(n);
    findAllNodes(n.children, field, out);
  }
  return out;
}
