import { TH_ACK, TH_FIN, TH_RST, TH_SYN } from '../decode/tcp';
import { PF_DIRECTION_B } from '../index/packetIndex';
import type { ComparedSide } from './comparedSide';
import type { CompareResult, ConnectionComparison, Endpoint } from './compareTypes';
import { A_TO_B } from './compareTypes';

/** Evidence frames kept per finding: the first ones tell the story. */
export const MAX_EVIDENCE = 24;

/**
 * What every compare rule reads: the two captures and the engine's verdicts. Rules only read; the
 * helpers here format what several rules say the same way.
 */
export class CompareContext {
  constructor(
    readonly a: ComparedSide,
    readonly b: ComparedSide,
    readonly result: Omit<CompareResult, 'findings'>,
  ) {}

  /** The capture a packet travelling `direction` is seen in first (its upstream point). */
  upstream(direction: number): ComparedSide {
    return direction === A_TO_B ? this.a : this.b;
  }

  /** "10.88.1.1:41234 → 10.88.2.2:80" as the given capture shows that direction of connection c. */
  flowText(c: number, direction: number, at: 'a' | 'b'): string {
    const conn = this.result.connections[c];
    if (!conn) return direction === A_TO_B ? "from A's side to B's" : "from B's side to A's";
    const ep = (e: { atA: Endpoint | null; atB: Endpoint | null }) => {
      const p = at === 'a' ? (e.atA ?? e.atB) : (e.atB ?? e.atA);
      return p ? endpointText(p) : '?';
    };
    const [from, to] = direction === A_TO_B ? [conn.aSide, conn.bSide] : [conn.bSide, conn.aSide];
    return `${ep(from)} → ${ep(to)}`;
  }

  connection(c: number): ConnectionComparison | undefined {
    return this.result.connections[c];
  }

  /** "between A and B (1 router, by the TTL)" for a direction; the hop count is that direction's. */
  location(direction: number): { text: string; hops: number | null } {
    const h = direction < 0 ? (this.result.hops.aToB ?? this.result.hops.bToA) : direction === A_TO_B ? this.result.hops.aToB : this.result.hops.bToA;
    if (h === null) return { text: 'between A and B', hops: null };
    if (h === 0) return { text: 'between A and B (a transparent device: the TTL does not drop)', hops: 0 };
    return { text: `between A and B (${h} router${h === 1 ? '' : 's'} by the TTL)`, hops: h };
  }
}

export function endpointText(e: Endpoint): string {
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

/** What kind of TCP segment a packet is, for titles: "SYN/ACK", "RST", "data segment"… */
export function segmentKind(s: ComparedSide, i: number): string {
  if (s.facts.ipProto[i] !== 6) return s.facts.ipProto[i] === 17 ? 'UDP datagram' : s.facts.ipProto[i] === 1 ? 'ICMP message' : 'packet';
  const f = s.ix.flags[i];
  if (f & TH_SYN) return f & TH_ACK ? 'SYN/ACK' : 'SYN';
  if (f & TH_RST) return 'RST';
  if (f & TH_FIN) return 'FIN';
  return s.ix.payloadLen(i) > 0 ? 'data segment' : 'ACK';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** tcp.stream direction (0/1) of packet i. */
export function streamDir(s: ComparedSide, i: number): number {
  return s.ix.flags[i] & PF_DIRECTION_B ? 1 : 0;
}
