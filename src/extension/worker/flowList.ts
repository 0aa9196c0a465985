import { SEVERITY_RANK } from '../../core/diagnosis/finding';
import type { Finding } from '../../core/diagnosis/finding';
import type { FlowSummary } from '../../core/flows/flowTypes';
import type { FlowSort, FlowSortKey, FlowView, Severity } from '../../protocol';

const TRANSPORT_ORDER = { tcp: 0, udp: 1, icmp: 2 } as const;
/** Worst severity as a number that sorts "most severe" highest; 0 = no finding. */
const WORST: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
const SEVERITY_OF = [undefined, 'info', 'warning', 'error'] as const;
const endpoints = new Intl.Collator('en', { numeric: true });

/**
 * The conversations of the analysed capture as the Flows tab pages through them: the engine's
 * summaries stay here in the worker, and only the window a view shows is turned into FlowViews.
 * One sort order is kept at a time (an index array, 4 bytes a flow); others are computed on demand.
 */
export class FlowList {
  /** Findings naming each flow's stream, and the worst one's rank (WORST), by flow index. */
  private readonly findingCount: Uint32Array;
  private readonly worst: Uint8Array;
  private order: { key: string; order: Int32Array } | undefined;

  constructor(private readonly flows: readonly FlowSummary[], findings: readonly Finding[]) {
    this.findingCount = new Uint32Array(flows.length);
    this.worst = new Uint8Array(flows.length);
    // Findings name TCP streams: map stream → flow index once.
    const tcpIndex = new Map<number, number>();
    flows.forEach((f, k) => { if (f.transport === 'tcp') tcpIndex.set(f.stream, k); });
    for (const f of findings) {
      for (const s of f.streams) {
        const k = tcpIndex.get(s);
        if (k === undefined) continue;
        this.findingCount[k]++;
        this.worst[k] = Math.max(this.worst[k], WORST[f.severity]);
      }
    }
  }

  get count(): number {
    return this.flows.length;
  }

  /** Flows at positions [start, start + count) in `sort` order. */
  window(sort: FlowSort, start: number, count: number): FlowView[] {
    const order = this.orderFor(sort);
    const end = Math.min(this.flows.length, Math.max(0, start) + Math.max(0, count));
    const out: FlowView[] = [];
    for (let p = Math.max(0, start); p < end; p++) out.push(this.view(order[p]));
    return out;
  }

  /** Position of a conversation in `sort` order, -1 if there is none. */
  positionOf(sort: FlowSort, transport: FlowView['transport'], stream: number): number {
    const order = this.orderFor(sort);
    for (let p = 0; p < order.length; p++) {
      const f = this.flows[order[p]];
      if (f.transport === transport && f.stream === stream) return p;
    }
    return -1;
  }

  private view(k: number): FlowView {
    const { handshake: _h, options: _o, ...summary } = this.flows[k];
    const worst = SEVERITY_OF[this.worst[k]];
    return worst ? { ...summary, findings: this.findingCount[k], worst } : { ...summary, findings: 0 };
  }

  private orderFor(sort: FlowSort): Int32Array {
    const id = `${sort.key}:${sort.descending}`;
    if (this.order?.key === id) return this.order.order;
    const order = Int32Array.from({ length: this.flows.length }, (_, k) => k);
    const cmp = this.comparator(sort.key);
    const dir = sort.descending ? -1 : 1;
    // Ties keep the natural (stream) order in both directions, so a re-sort never shuffles equal rows.
    order.sort((a, b) => dir * cmp(a, b) || a - b);
    this.order = { key: id, order };
    return order;
  }

  private comparator(key: FlowSortKey): (a: number, b: number) => number {
    const f = this.flows;
    const num = (value: (x: FlowSummary, k: number) => number) => {
      const v = Float64Array.from(f, value);
      return (a: number, b: number) => v[a] - v[b];
    };
    const text = (value: (x: FlowSummary) => string) => (a: number, b: number) => endpoints.compare(value(f[a]), value(f[b]));
    switch (key) {
      case 'stream': return num((x) => TRANSPORT_ORDER[x.transport] * 2 ** 32 + x.stream);
      case 'client': return text((x) => x.client);
      case 'server': return text((x) => x.server);
      case 'state': return text((x) => x.state ?? '');
      case 'outcome': return text((x) => x.outcome);
      case 'packets': return num((x) => x.packets.client + x.packets.server);
      case 'bytes': return num((x) => x.bytes.client + x.bytes.server);
      case 'duration': return num((x) => x.duration);
      // Flows without an initial RTT sort after every measured one, ascending.
      case 'irtt': return num((x) => x.irtt ?? Number.MAX_VALUE);
      case 'findings': return num((_x, k) => this.worst[k] * 2 ** 32 + this.findingCount[k]);
    }
  }
}

/** Most severe first, as the Findings tab lists them. */
export function findingsBySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}
