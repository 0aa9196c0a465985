import type { DetailNode } from '../../core/dissect/detailNode';
import { tcpOptionInfo } from '../../core/knowledge/tcpOptionInfo';
import type { DetailItem } from '../../protocol';

function optionTooltip(kind: number): string {
  const o = tcpOptionInfo(kind);
  return `${o.name} — TCP option kind ${kind} (${o.reference})\n${o.summary}`;
}

/** The engine's detail tree as the webview gets it, with TCP option explanations as tooltips. */
export function detailItems(nodes: DetailNode[], inherited?: string): DetailItem[] {
  return nodes.map((n) => {
    const item: DetailItem = { field: n.field, text: n.text, offset: n.offset, length: n.length };
    if (n.severity) item.severity = n.severity;
    const kind = n.children?.find((c) => c.field === 'tcp.option_kind')?.value;
    const tooltip = typeof kind === 'number' ? optionTooltip(kind) : inherited;
    if (tooltip) item.tooltip = tooltip;
    if (n.children?.length) item.children = detailItems(n.children, tooltip);
    return item;
  });
}
