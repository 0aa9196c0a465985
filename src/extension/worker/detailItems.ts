import type { DetailNode } from '../../core/dissect/detailNode';
import type { OptionTip } from '../../core/knowledge/tcpOptionTips';
import { tcpOptionInfo } from '../../core/knowledge/tcpOptionInfo';
import type { DetailItem } from '../../protocol';

function optionTooltip(kind: number): string {
  const o = tcpOptionInfo(kind);
  return `${o.name} — TCP option kind ${kind} (${o.reference})\n${o.summary}`;
}

/**
 * The engine's detail tree as the webview gets it, with TCP option explanations as tooltips: what
 * the option is, and for the fields in `tips` (by field id) what this packet's value means here.
 */
export function detailItems(nodes: DetailNode[], inherited?: string, tips?: Map<string, OptionTip>): DetailItem[] {
  return nodes.map((n) => {
    const item: DetailItem = { field: n.field, text: n.text, offset: n.offset, length: n.length };
    if (n.severity) item.severity = n.severity;
    if (n.source) item.source = n.source;
    if (n.record !== undefined) item.record = n.record;
    const kind = n.children?.find((c) => c.field === 'tcp.option_kind')?.value;
    const own = tips?.get(n.field);
    const tooltip = own ? own.tip : typeof kind === 'number' ? optionTooltip(kind) : inherited;
    if (tooltip) item.tooltip = tooltip;
    if (own?.warn && !item.severity) item.severity = 'warning';
    if (n.children?.length) item.children = detailItems(n.children, typeof kind === 'number' ? optionTooltip(kind) : inherited, tips);
    return item;
  });
}
