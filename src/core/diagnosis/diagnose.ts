import type { Capture } from '../capture/openCapture';
import type { TcpFlow } from '../flows/tcpConversations';
import type { TcpAnalysisExtras } from '../flows/tcpSequenceAnalysis';
import type { CaptureVerdicts } from '../verdicts/captureVerdicts';
import { aggregate } from './aggregate';
import type { Draft, Occurrence } from './context';
import { DiagnosisContext } from './context';
import type { Finding } from './finding';
import type { CaptureCheck, FlowCheck } from './ruleChecks';
import { RULE_CHECKS } from './ruleChecks';
import type { RuleRow } from './ruleRegistry';
import { RULE_REGISTRY } from './ruleRegistry';

/**
 * Runs every registered rule — per TCP flow, then per capture — over the facts and verdicts, and
 * folds the results into findings. Reads the flows; never changes them.
 */
export function diagnose(capture: Capture, flows: readonly TcpFlow[], extras: TcpAnalysisExtras, verdicts: CaptureVerdicts): Finding[] {
  const ctx = new DiagnosisContext(capture, flows, extras, verdicts);
  const rows: readonly RuleRow[] = RULE_REGISTRY;
  const all: Occurrence[] = [];
  const perFlow = rows.filter((r) => r.scope === 'flow').map((r) => [r, RULE_CHECKS[r.id as keyof typeof RULE_CHECKS] as FlowCheck] as const);
  const perCapture = rows.filter((r) => r.scope === 'capture').map((r) => [r, RULE_CHECKS[r.id as keyof typeof RULE_CHECKS] as CaptureCheck] as const);
  for (const flow of flows) {
    for (const [row, check] of perFlow) for (const d of check(ctx, flow)) all.push(stamp(row, d));
  }
  for (const [row, check] of perCapture) for (const d of check(ctx, capture)) all.push(stamp(row, d));
  return aggregate(withoutSuperseded(all));
}

/** The registry's id, default severity and fixes on a rule's draft. */
function stamp(row: RuleRow, d: Draft): Occurrence {
  return { ...d, rule: row.id as Occurrence['rule'], severity: d.severity ?? row.severity, fixes: row.fixes(d) };
}

/** Occurrences a rule that explains them better speaks for (registry `supersedes`) are dropped. */
function withoutSuperseded(all: Occurrence[]): Occurrence[] {
  const silenced = new Set<string>();
  const rows = new Map<string, RuleRow>(RULE_REGISTRY.map((r) => [r.id, r]));
  for (const o of all) {
    const over = rows.get(o.rule)?.supersedes;
    if (!over) continue;
    for (const stream of o.covers ?? [o.stream]) for (const rule of over) silenced.add(`${rule}\u0000${stream}`);
  }
  if (!silenced.size) return all;
  return all.filter((o) => !silenced.has(`${o.rule}\u0000${o.stream}`));
}
