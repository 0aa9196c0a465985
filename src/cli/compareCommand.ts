import type { Capture } from '../core/capture/openCapture';
import { compareCaptures } from '../core/compare/compareCaptures';
import { endpointText } from '../core/compare/compareContext';
import type { CompareFinding } from '../core/compare/compareFinding';
import type { CompareResult, DelayStats } from '../core/compare/compareTypes';
import { fixActionText } from '../core/diagnosis/fixText';
import { compareSarif } from './compareSarif';
import { openComparedPair } from './openComparedPair';
import { Output } from './output';
import { wrap } from '../textWrap';

export const COMPARE_USAGE = 'compare A B [--json | --sarif]';

const MARK: Record<CompareFinding['severity'], string> = { error: 'ERROR', warning: 'WARNING', info: 'INFO' };

/**
 * `compare A B [--json | --sarif]`: two captures of the same traffic taken at two points (A upstream
 * of B or not: the engine finds out), what the path between them did. The JSON is the contract of
 * issue 14: {clockOffset, delay: {aToB, bToA}, packets, connections, findings}.
 */
export async function compareCommand(args: string[], fail: (message: string) => number): Promise<number> {
  const json = args.includes('--json');
  const sarif = args.includes('--sarif');
  const unknown = args.find((x) => x.startsWith('--') && x !== '--json' && x !== '--sarif');
  if (unknown) return fail(`unknown option ${unknown}`);
  if (json && sarif) return fail('compare takes --json or --sarif, not both');
  const files = args.filter((x) => !x.startsWith('--'));
  if (files.length !== 2) return fail('compare needs two FILEs: A and B');
  const captures: Capture[] = [];
  try {
    const [a, b] = await openComparedPair(files[0], files[1]);
    captures.push(a.capture, b.capture);
    const result = compareCaptures(a.capture, b.capture, { a: a.facts, b: b.facts });
    const out = new Output();
    if (json) out.line(JSON.stringify(compareJson(result), null, 2));
    else if (sarif) out.line(JSON.stringify(compareSarif(files[0], files[1], result.findings), null, 2));
    else compareText(files, captures, result, out);
    out.flush();
  } finally {
    for (const c of captures) c.close();
  }
  let code = 0;
  captures.forEach((c, k) => {
    if (!c.error) return;
    process.stderr.write(
      `pcap-inspector: ${files[k]}: ${c.error.message} (at byte offset ${c.error.offset}); compared the ${c.index.count} packets read before it\n`,
    );
    code = 1;
  });
  return code;
}

/** The JSON contract: the engine's verdicts as numbers and lists (the per-packet arrays stay out). */
export function compareJson(r: CompareResult): object {
  return {
    clockOffset: r.clockOffset,
    delay: { aToB: r.delay.aToB?.median ?? null, bToA: r.delay.bToA?.median ?? null },
    packets: r.packets,
    connections: r.connections,
    findings: r.findings,
  };
}

function ms(seconds: number): string {
  return `${(seconds * 1000).toFixed(3)} ms`;
}

function delayText(d: DelayStats | null): string {
  return d ? `${ms(d.median)} median (min ${ms(d.min)}, max ${ms(d.max)}, ${d.packets} packets)` : 'unknown (no packet seen at both points)';
}

function compareText(files: string[], captures: Capture[], r: CompareResult, out: Output): void {
  const n = r.findings.length;
  out.line(
    `A: ${files[0]} (${captures[0].index.count} packets) · B: ${files[1]} (${captures[1].index.count} packets) · ${n ? `${n} finding${n === 1 ? '' : 's'}` : 'no finding'}`,
  );
  r.findings.forEach((f, k) => {
    out.line('');
    out.line(`${k + 1}. [${MARK[f.severity]}] ${f.title}`);
    const evidence = [f.packetsA.length ? `A frames ${f.packetsA.join(', ')}` : '', f.packetsB.length ? `B frames ${f.packetsB.join(', ')}` : '']
      .filter(Boolean)
      .join(' · ');
    out.line(`   rule ${f.rule} · ${f.location}${evidence ? ` · ${evidence}` : ''}`);
    for (const field of f.fields) out.line(`   ${field.name}: A ${field.a ?? 'absent'}, B ${field.b ?? 'absent'}`);
    for (const para of [`Cause: ${f.cause}`, ...f.explanation.split('\n\n')]) {
      out.line('');
      for (const l of wrap(para, 100)) out.line(`   ${l}`);
    }
    if (f.fixes.length) {
      out.line('');
      out.line('   Fix:');
      for (const fix of f.fixes) out.line(`   - ${fix.title}: ${fixActionText(fix.action)}`);
    }
  });
  out.line('');
  const off = r.clockOffset;
  out.line(
    `Clock: ${off === null ? 'unknown (no packet seen at both points)' : `B's clock is ${ms(Math.abs(off))} ${off >= 0 ? 'ahead of' : 'behind'} A's${r.clockUncertainty !== null ? ` (± ${ms(r.clockUncertainty)})` : ' (one direction only: includes its delay)'}`}`,
  );
  out.line(`One-way delay A→B: ${delayText(r.delay.aToB)}`);
  out.line(`One-way delay B→A: ${delayText(r.delay.bToA)}`);
  const p = r.packets;
  out.line(
    `Packets: ${p.matched} matched, ${p.modified} modified, ${p.lostBetween} lost between, ${p.appearedBetween} appeared between, ${p.onlyOutsideOverlap} outside the overlap${p.notForwarded ? `, ${p.notForwarded} not forwarded (ARP and the like)` : ''}`,
  );
  out.line(`Connections: ${r.connections.length}`);
  for (const c of r.connections) {
    const side = (e: { atA: { address: string; port: number } | null; atB: { address: string; port: number } | null }) =>
      e.atA && e.atB && endpointText(e.atA) !== endpointText(e.atB) ? `${endpointText(e.atA)} (B: ${endpointText(e.atB)})` : endpointText((e.atA ?? e.atB)!);
    const q = c.packets;
    out.line(
      `  A stream ${c.streamA < 0 ? '-' : c.streamA} / B stream ${c.streamB < 0 ? '-' : c.streamB}: ${side(c.aSide)} ⇄ ${side(c.bSide)} · ${q.matched} matched, ${q.modified} modified, ${q.lostBetween} lost, ${q.appearedBetween} appeared, ${q.onlyOutsideOverlap} outside`,
    );
  }
}
