/**
 * Zeek's ICMP "ports" (ICMP4_counterpart / ICMP6_counterpart in its ICMP analyzer): the source port
 * is the message type; the destination port is the type of the message that answers it (echo
 * request 8 ↔ reply 0), so a request and its reply make one connection, or, for a message nothing
 * answers (one-way: unreachable, time exceeded …), its code.
 */
export function icmpCounterpart(v6: boolean, type: number, code: number): { port: number; oneWay: boolean } {
  const pairs = v6 ? ICMP6_PAIRS : ICMP4_PAIRS;
  const other = pairs.get(type);
  return other === undefined ? { port: code, oneWay: true } : { port: other, oneWay: false };
}

function both(pairs: Array<[number, number]>): Map<number, number> {
  const m = new Map<number, number>();
  for (const [a, b] of pairs) {
    m.set(a, b);
    m.set(b, a);
  }
  return m;
}

/** Echo, timestamp, information, router solicitation/advertisement, address mask (RFC 792, 950, 1256). */
const ICMP4_PAIRS = both([
  [8, 0],
  [13, 14],
  [15, 16],
  [10, 9],
  [17, 18],
]);

/** Echo, MLD query/report, router and neighbor discovery, node information, home agent discovery (RFC 4443, 2710, 4861, 4620, 6275). */
const ICMP6_PAIRS = both([
  [128, 129],
  [130, 131],
  [133, 134],
  [135, 136],
  [139, 140],
  [144, 145],
]);
