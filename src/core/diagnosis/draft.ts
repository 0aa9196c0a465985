import type { Severity } from './finding';

/**
 * What a rule reports for one connection (or event): the registry stamps its id, its fixes, and
 * its severity unless the draft says otherwise (see ruleRegistry.ts).
 */
export interface Draft {
  severity?: Severity;
  title: string;
  explanation: string;
  confidence: 'high' | 'medium' | 'low';
  /** The flow's stream, or -1 for a capture-level finding. */
  stream: number;
  packets: number[];
  client?: string;
  server?: string;
  /** Which end a fix applies to, for fixes that name one. */
  side?: 'client' | 'server';
  references: string[];
  /** Sub-cause that must not be folded with others of the same rule and server. */
  variant?: string;
  /** Text for the aggregated title when several connections share the rule and server. */
  groupTitle?: (count: number) => string;
  /** Streams this finding speaks for (a scan folds many attempts): rules it supersedes stay silent on them. */
  covers?: number[];
  /** Values a fix needs (an address, a port, frames): filled by the rule, read by the registry's fixes. */
  about?: Record<string, string>;
}
