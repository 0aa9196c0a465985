import type { Occurrence } from './context';
import type { Finding } from './finding';
import { SEVERITY_RANK } from './finding';

/** Evidence kept per finding: the first occurrences tell the story; the stream list names all. */
const MAX_EVIDENCE = 24;

/**
 * Folds occurrences into findings per (rule, server): ten thousand identical
 * failures become one finding with a count and the list of streams.
 */
export function aggregate(occurrences: Occurrence[]): Finding[] {
  const groups = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    const key = `${o.rule}\u0000${o.server ?? ''}\u0000${o.variant ?? ''}`;
    const g = groups.get(key);
    if (g) g.push(o);
    else groups.set(key, [o]);
  }
  const findings: Finding[] = [];
  for (const g of groups.values()) {
    const first = g[0];
    // Capture-level findings (stream -1) name no stream, unless they speak for some (a scan).
    const streams = [...new Set(g.flatMap((o) => o.covers ?? [o.stream]))].filter((s) => s >= 0).sort((a, b) => a - b);
    const packets: number[] = [];
    for (const o of g) for (const p of o.packets) if (packets.length < MAX_EVIDENCE && !packets.includes(p)) packets.push(p);
    const severity = g.reduce((s, o) => (SEVERITY_RANK[o.severity] < SEVERITY_RANK[s] ? o.severity : s), first.severity);
    const count = g.length;
    findings.push({
      rule: first.rule,
      severity,
      confidence: first.confidence,
      title: count > 1 && first.groupTitle ? first.groupTitle(count) : count > 1 ? `${first.title} (and ${count - 1} more)` : first.title,
      explanation:
        count > 1
          ? `${first.explanation}\n\nSeen ${count} times (streams ${streamList(streams)}); the evidence shows the first occurrences.`
          : first.explanation,
      streams,
      packets,
      count,
      client: new Set(g.map((o) => o.client)).size === 1 ? first.client : undefined,
      server: first.server,
      fixes: first.fixes,
      references: first.references,
    });
  }
  return findings.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.count - a.count || (a.packets[0] ?? 0) - (b.packets[0] ?? 0));
}

function streamList(streams: number[]): string {
  return streams.length > 12 ? `${streams.slice(0, 12).join(', ')}, …` : streams.join(', ');
}
