import type { Capture } from '../../core/capture/openCapture';
import { captureFieldSource, compileFilter } from '../../core/filter/compileFilter';
import type { FieldSource } from '../../core/filter/filterFields';
import type { Conversation } from '../../core/stats/conversations';
import { conversations } from '../../core/stats/conversations';
import type { Endpoint } from '../../core/stats/endpoints';
import { endpoints } from '../../core/stats/endpoints';
import { layerStatsOf } from '../../core/stats/layerStatsPass';
import type { ProtocolNode } from '../../core/stats/protocolHierarchy';
import { protocolHierarchy } from '../../core/stats/protocolHierarchy';
import { conversationFilter, endpointFilter } from '../../core/stats/statsFilters';
import type { ConversationRow, EndpointRow, PhsRow, StatsKind, StatsSort } from '../../protocol';
import { SortedRows, type SortValue } from './sortedRows';

const ENDPOINT_COLUMNS: Record<string, SortValue<EndpointRow>> = {
  address: (r) => r.address,
  port: (r) => r.port,
  packets: (r) => r.packets,
  bytes: (r) => r.bytes,
  txPackets: (r) => r.txPackets,
  txBytes: (r) => r.txBytes,
  rxPackets: (r) => r.rxPackets,
  rxBytes: (r) => r.rxBytes,
};

const CONVERSATION_COLUMNS: Record<string, SortValue<ConversationRow>> = {
  addressA: (r) => r.addressA,
  portA: (r) => r.portA,
  addressB: (r) => r.addressB,
  portB: (r) => r.portB,
  packetsAToB: (r) => r.packetsAToB,
  bytesAToB: (r) => r.bytesAToB,
  packetsBToA: (r) => r.packetsBToA,
  bytesBToA: (r) => r.bytesBToA,
  packets: (r) => r.packets,
  bytes: (r) => r.bytes,
  start: (r) => r.start,
  duration: (r) => r.duration,
};

const PHS_KEYS = new Set(['protocol', 'frames', 'bytes']);

/**
 * The Statistics tab's tables of one capture, each computed the first time it is asked for and
 * kept (the Ethernet tables and the hierarchy run the layer pass once, layerStatsOf): then
 * every window, re-sort and CSV is served from memory. Rows carry their display filter, built
 * once with the row.
 */
export class StatsTables {
  private readonly endpointTables = new Map<StatsKind, SortedRows<EndpointRow>>();
  private readonly conversationTables = new Map<StatsKind, SortedRows<ConversationRow>>();
  private phsRoots: ProtocolNode[] | undefined;
  private phsPaths: Map<ProtocolNode, string> | undefined;
  private phsOrder: { id: string; rows: PhsRow[] } | undefined;
  private readonly knownFilters = new Map<string, boolean>();
  private fields: FieldSource | undefined;

  constructor(private readonly capture: Capture) {}

  endpoints(kind: StatsKind): SortedRows<EndpointRow> {
    let t = this.endpointTables.get(kind);
    if (!t) {
      const c = this.capture;
      const list = endpoints(c.index, kind, kind === 'eth' ? layerStatsOf(c).ethernet : undefined);
      t = new SortedRows(
        list.map((e: Endpoint): EndpointRow => ({ ...e, filter: endpointFilter(kind, e) })),
        ENDPOINT_COLUMNS,
      );
      this.endpointTables.set(kind, t);
    }
    return t;
  }

  conversations(kind: StatsKind): SortedRows<ConversationRow> {
    let t = this.conversationTables.get(kind);
    if (!t) {
      const c = this.capture;
      const list = conversations(c.index, kind, kind === 'eth' ? layerStatsOf(c).ethernet : undefined);
      t = new SortedRows(
        list.map(({ stream: _s, ...row }: Conversation): ConversationRow => ({ ...row, filter: conversationFilter(kind, { ...row, stream: _s }) })),
        CONVERSATION_COLUMNS,
      );
      this.conversationTables.set(kind, t);
    }
    return t;
  }

  /**
   * The hierarchy flattened depth first: 'tree' keeps tshark's order (first appearance), another
   * key orders the children of each node by it — the tree stays a tree.
   */
  phs(sort: StatsSort): PhsRow[] {
    const key = PHS_KEYS.has(sort.key) ? sort.key : 'tree';
    const id = `${key}:${sort.descending}`;
    if (this.phsOrder?.id === id) return this.phsOrder.rows;
    const roots = (this.phsRoots ??= protocolHierarchy(this.capture.index, layerStatsOf(this.capture).paths));
    const paths = (this.phsPaths ??= nodePaths(roots));
    const ix = this.capture.index;
    let allBytes = 0;
    for (let i = 0; i < ix.count; i++) allBytes += ix.frameLen(i);
    const percent = (n: number, of: number) => (of > 0 ? (n / of) * 100 : 0);
    const dir = sort.descending ? -1 : 1;
    const ordered = (nodes: ProtocolNode[]): ProtocolNode[] => {
      if (key === 'tree') return sort.descending ? [...nodes].reverse() : nodes;
      const cmp =
        key === 'protocol'
          ? (a: ProtocolNode, b: ProtocolNode) => a.protocol.localeCompare(b.protocol)
          : (a: ProtocolNode, b: ProtocolNode) => a[key as 'frames' | 'bytes'] - b[key as 'frames' | 'bytes'];
      return nodes
        .map((n, k) => ({ n, k }))
        .sort((a, b) => dir * cmp(a.n, b.n) || a.k - b.k)
        .map((x) => x.n);
    };
    const rows: PhsRow[] = [];
    const walk = (nodes: ProtocolNode[], depth: number) => {
      for (const n of ordered(nodes)) {
        const filter = this.knownProtocol(n.protocol) ? n.protocol : undefined;
        rows.push({
          protocol: n.protocol,
          depth,
          path: paths.get(n)!,
          children: n.children.length,
          frames: n.frames,
          bytes: n.bytes,
          framesPercent: percent(n.frames, ix.count),
          bytesPercent: percent(n.bytes, allBytes),
          ...(filter ? { filter } : {}),
        });
        walk(n.children, depth + 1);
      }
    };
    walk(roots, 0);
    this.phsOrder = { id, rows };
    return rows;
  }

  /**
   * The hierarchy as the page shows it: `phs(sort)` without the rows under a folded node (a row
   * whose path is in `collapsed` stays, its descendants go). Depth first, a subtree is the run of
   * deeper rows after its node.
   */
  phsShown(sort: StatsSort, collapsed: readonly string[]): PhsRow[] {
    const rows = this.phs(sort);
    if (collapsed.length === 0) return rows;
    const folded = new Set(collapsed);
    const shown: PhsRow[] = [];
    let under = Infinity;
    for (const r of rows) {
      if (r.depth > under) continue;
      under = folded.has(r.path) ? r.depth : Infinity;
      shown.push(r);
    }
    return shown;
  }

  /** Whether our display filter knows the protocol by this name (the row offers no filter otherwise). */
  private knownProtocol(name: string): boolean {
    let known = this.knownFilters.get(name);
    if (known === undefined) {
      try {
        compileFilter(name, (this.fields ??= captureFieldSource(this.capture)));
        known = /^[a-z][a-z0-9_.]*$/i.test(name);
      } catch {
        known = false;
      }
      this.knownFilters.set(name, known);
    }
    return known;
  }
}

/** Each node's path of protocol names from its root, in tshark's order; a name met again among siblings gets `#2`, `#3`… */
function nodePaths(roots: ProtocolNode[]): Map<ProtocolNode, string> {
  const paths = new Map<ProtocolNode, string>();
  const walk = (nodes: ProtocolNode[], parent: string) => {
    const seen = new Map<string, number>();
    for (const n of nodes) {
      const k = (seen.get(n.protocol) ?? 0) + 1;
      seen.set(n.protocol, k);
      const path = `${parent}${n.protocol}${k > 1 ? `#${k}` : ''}`;
      paths.set(n, path);
      walk(n.children, `${path}/`);
    }
  };
  walk(roots, '');
  return paths;
}
