import { SEVERITY_RANK } from '../diagnosis/finding';
import type { CompareContext } from './compareContext';
import type { CompareDraft, CompareFinding } from './compareFinding';
import type { CompareRuleId } from './compareRuleRegistry';
import { COMPARE_RULE_REGISTRY } from './compareRuleRegistry';
import { appearedBetweenRule, lostBetweenRule } from './pathEventRules';
import { checksumCorruptedRule, mssClampedRule, optionStrippedRule, rewrittenRule } from './rewriteRules';
import { natRule, seqOffsetRule } from './translationRules';

/** Each registered compare rule's check, by id: the compiler insists on one per registry row. */
export const COMPARE_RULE_CHECKS: { readonly [K in CompareRuleId]: (ctx: CompareContext) => CompareDraft[] } = {
  'compare.appeared-between': appearedBetweenRule,
  'compare.lost-between': lostBetweenRule,
  'compare.rewritten': rewrittenRule,
  'compare.checksum-corrupted': checksumCorruptedRule,
  'compare.option-stripped': optionStrippedRule,
  'compare.mss-clamped': mssClampedRule,
  'compare.nat': natRule,
  'compare.seq-offset': seqOffsetRule,
};

/**
 * Runs every compare rule over the comparison, stamps each draft with its row (id, cause, default
 * severity, fixes) and its location on the path, most severe first, then registry order.
 */
export function compareFindings(ctx: CompareContext): CompareFinding[] {
  const out: CompareFinding[] = [];
  for (const row of COMPARE_RULE_REGISTRY) {
    for (const d of COMPARE_RULE_CHECKS[row.id](ctx)) {
      const where = ctx.location(d.direction);
      out.push({
        rule: row.id,
        severity: d.severity ?? row.severity,
        title: d.title,
        cause: row.cause,
        explanation: d.explanation,
        confidence: d.confidence,
        location: where.text,
        hops: where.hops,
        fields: d.fields,
        packetsA: d.packetsA,
        packetsB: d.packetsB,
        streamsA: d.streamsA,
        streamsB: d.streamsB,
        count: d.count,
        fixes: row.fixes(d),
        references: d.references,
      });
    }
  }
  // Stable: equal severities keep the registry's order.
  return out.sort((x, y) => SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity]);
}
