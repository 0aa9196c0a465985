import type { CompareContext } from './compareContext';
import { endpointText, MAX_EVIDENCE, plural } from './compareContext';
import type { CompareDraft } from './compareFinding';
import { A_TO_B, B_TO_A } from './compareTypes';
import type { FieldChange } from './fieldChanges';

/**
 * compare.nat: connections whose endpoints read differently at the two points. One finding per
 * translated address (a masquerade maps many connections onto it), titled by its first connection.
 */
export function natRule(ctx: CompareContext): CompareDraft[] {
  const groups = new Map<string, number[]>();
  ctx.result.connections.forEach((conn, c) => {
    if (!conn.aSide.atA || !conn.aSide.atB || !conn.bSide.atA || !conn.bSide.atB) return;
    const src = endpointText(conn.aSide.atA) !== endpointText(conn.aSide.atB);
    const dst = endpointText(conn.bSide.atA) !== endpointText(conn.bSide.atB);
    if (!src && !dst) return;
    const key = `${src ? conn.aSide.atB.address : ''}|${dst ? conn.bSide.atA.address : ''}`;
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  });
  return [...groups.values()].map((list) => {
    const conn = ctx.result.connections[list[0]];
    const [aAtA, aAtB, bAtA, bAtB] = [conn.aSide.atA!, conn.aSide.atB!, conn.bSide.atA!, conn.bSide.atB!];
    const src = endpointText(aAtA) !== endpointText(aAtB);
    const dst = endpointText(bAtA) !== endpointText(bAtB);
    const parts: string[] = [];
    const fields: FieldChange[] = [];
    if (src) {
      parts.push(`${endpointText(aAtA)} → ${endpointText(aAtB)}`);
      fields.push({ name: 'ip.src', a: aAtA.address, b: aAtB.address }, { name: 'tcp.srcport', a: aAtA.port, b: aAtB.port });
    }
    if (dst) {
      parts.push(`destination ${endpointText(bAtA)} → ${endpointText(bAtB)}`);
      fields.push({ name: 'ip.dst', a: bAtA.address, b: bAtB.address }, { name: 'tcp.dstport', a: bAtA.port, b: bAtB.port });
    }
    const more = list.length > 1 ? ` (and ${plural(list.length - 1, 'more connection')})` : '';
    return {
      title: `NAT ${parts.join(', ')}${more}`,
      explanation:
        `Seen from A the connection runs ${ctx.flowText(list[0], A_TO_B, 'a')}; seen from B, ${ctx.flowText(list[0], A_TO_B, 'b')}. ` +
        `A device between the points translates ${src && dst ? 'both ends' : src ? "the A side's address and port" : "the B side's address and port"}${list.length > 1 ? ` for ${list.length} connections` : ''}. ` +
        'The two captures were matched packet by packet on what NAT leaves alone (IP ID, payload), so this is the same connection: filter each capture on its own addresses.',
      confidence: 'high' as const,
      direction: -1,
      fields,
      packetsA: [],
      packetsB: [],
      streamsA: list.slice(0, MAX_EVIDENCE).map((c) => ctx.result.connections[c].streamA),
      streamsB: list.slice(0, MAX_EVIDENCE).map((c) => ctx.result.connections[c].streamB),
      count: list.length,
      references: [],
      about: { port: String(bAtB.port) },
    };
  });
}

/** compare.seq-offset: connections whose raw sequence numbers differ by a constant between the points. */
export function seqOffsetRule(ctx: CompareContext): CompareDraft[] {
  const hits: Array<{ c: number; d: number; off: number }> = [];
  ctx.result.connections.forEach((conn, c) => {
    for (const d of [A_TO_B, B_TO_A]) {
      const off = d === A_TO_B ? conn.seqOffset.aToB : conn.seqOffset.bToA;
      if (off) hits.push({ c, d, off });
    }
  });
  if (!hits.length) return [];
  const first = hits[0];
  const conn = ctx.result.connections[first.c];
  const signed = first.off;
  const sender = first.d === A_TO_B ? conn.aSide.atA : conn.bSide.atA;
  const distinct = new Set(hits.map((h) => h.off)).size;
  // The first segment of that connection and direction seen at both points is the evidence.
  const v = ctx.result.a;
  let i = 0;
  while (i < v.cls.length && !(v.connection[i] === first.c && v.direction[i] === first.d && v.peer[i] >= 0)) i++;
  const j = i < v.cls.length ? v.peer[i] : -1;
  return [
    {
      title: `Offsets the sequence numbers of ${sender ? endpointText(sender) : 'a sender'} by ${signed > 0 ? '+' : ''}${signed}${hits.length > 1 ? ` (${plural(hits.length, 'connection direction')}, ${plural(distinct, 'distinct offset')})` : ''}`,
      explanation:
        `The same segments carry sequence numbers that differ by a constant between the points, and the acknowledgments coming back differ by the same amount: a firewall randomises the initial sequence number of the connection ${ctx.flowText(first.c, first.d, 'a')} and translates every segment after it. ` +
        'It is harmless while the box also translates SACK blocks; one that does not breaks SACK (see tcp.options.sack-mangled in analyze).',
      confidence: 'high',
      direction: first.d,
      fields: j >= 0 ? [{ name: 'tcp.seq_raw', a: ctx.a.ix.seq[i], b: ctx.b.ix.seq[j] }] : [],
      packetsA: j >= 0 ? [i + 1] : [],
      packetsB: j >= 0 ? [j + 1] : [],
      streamsA: [...new Set(hits.map((h) => ctx.result.connections[h.c].streamA))],
      streamsB: [...new Set(hits.map((h) => ctx.result.connections[h.c].streamB))],
      count: hits.length,
      references: [],
      about: {},
    },
  ];
}
