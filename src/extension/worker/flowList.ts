import { SEVERITY_RANK } from '../../core/diagnosis/finding';
import type { Finding } from '../../core/diagnosis/finding';
import type { FlowSummary } from '../../core/flows/flowTypes';
import type { FlowSort, FlowSortKey, FlowView, Severity } from '../../protocol';

const TRANSPORT_ORDER = { tcp: 0, udp: 1, icmp: 2 } as const;
/** Worst severity as a number that sorts "most severe" highest; 0 = no finding. */
const WORST: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
const SEVERITY_OF = [undefined, 'info', 'warning', 'error'] as const;
/** "10.0.0.9:443" (or an ICMP flow's bare "10.0.0.9") as address × 65536 + port, below 2^48; else undefined. */
function ipv4EndpointNumber(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?::(\d{1,5}))?$/.exec(text);
  if (!m) return undefined;
  return (((Number(m[1]) * 256 + Number(m[2])) * 256 + Number(m[3])) * 256 + Number(m[4])) * 65536 + Number(m[5] ?? 0);
}

/** Digits padded so that plain string order is numeric order: 10.0.0.9 before 10.0.0.10, port 80 before 443. */
function naturalKey(text: string): string {
  return text.replace(/\d+/g, (d) => d.padStart(10, '0'));
}

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

  constructor(
    private readonly flows: readonly FlowSummary[],
    findings: readonly Finding[],
  ) {
    this.findingCount = new Uint32Array(flows.length);
    this.worst = new Uint8Array(flows.length);
    // Findings name TCP streams: map stream → flow index once.
    const tcpIndex = new Map<number, number>();
    flows.forEach((f, k) => {
      if (f.transport === 'tcp') tcpIndex.set(f.stream, k);
    });
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
    // Text columns: rank the distinct values once, then sort by rank (no string comparison per pair).
    const text = (value: (x: FlowSummary) => string) => {
      const keys = f.map((x) => naturalKey(value(x)));
      const rank = new Map([...new Set(keys)].sort().map((k, r) => [k, r]));
      const v = Uint32Array.from(keys, (k) => rank.get(k)!);
      return (a: number, b: number) => v[a] - v[b];
    };
    // Endpoints: IPv4 address and port as one number (fast, numeric); IPv6 ranked as text, after them.
    const endpoint = (value: (x: FlowSummary) => string) => {
      const v = new Float64Array(f.length);
      const others: number[] = [];
      f.forEach((x, k) => {
        const n = ipv4EndpointNumber(value(x));
        if (n === undefined) others.push(k);
        else v[k] = n;
      });
      if (others.length) {
        const keys = others.map((k) => naturalKey(value(f[k])));
        const rank = new Map([...new Set(keys)].sort().map((key, r) => [key, r]));
        others.forEach((k, j) => {
          v[k] = 2 ** 48 + rank.get(keys[j])!;
        });
      }
      return (a: number, b: number) => v[a] - v[b];
    };
    switch (key) {
      case 'stream':
        return num((x) => TRANSPORT_ORDER[x.transport] * 2 ** 32 + x.stream);
      case 'client':
        return endpoint((x) => x.client);
      case 'server':
        return endpoint((x) => x.server);
      case 'state':
        return text((x) => x.state ?? '');
      case 'outcome':
        return text((x) => x.outcome);
      case 'packets':
        return num((x) => x.packets.client + x.packets.server);
      case 'bytes':
        return num((x) => x.bytes.client + x.bytes.server);
      case 'duration':
        return num((x) => x.duration);
      // Flows without an initial RTT sort after every measured one, ascending.
      case 'irtt':
        return num((x) => x.irtt ?? Number.MAX_VALUE);
      case 'findings':
        return num((_x, k) => this.worst[k] * 2 ** 32 + this.findingCount[k]);
    }
  }
}

/** Most severe first, as the Findings tab lists them. */
export function findingsBySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}
