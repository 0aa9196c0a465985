import type { Fix, Severity } from '../diagnosis/finding';
import type { CompareRuleId } from './compareRuleRegistry';
import type { FieldChange } from './fieldChanges';

/**
 * A finding of `compare`: the shape `analyze` gives its findings (rule, severity, title,
 * explanation, fixes, confidence, count, references) plus what two vantage points show: the
 * changed fields with their value in each capture, the evidence frames in each file, and where
 * on the path it happened.
 */
export interface CompareFinding {
  rule: CompareRuleId;
  severity: Severity;
  title: string;
  /** What kind of device or event causes this (the registry's, one sentence). */
  cause: string;
  explanation: string;
  confidence: 'high' | 'medium' | 'low';
  /** "between A and B", with the routers in between as the TTLs count them. */
  location: string;
  hops: number | null;
  /** For a modification: each changed field as A and B show it (null: absent there). */
  fields: FieldChange[];
  /** Evidence: 1-based frame numbers in A and in B, most telling first. */
  packetsA: number[];
  packetsB: number[];
  /** tcp.stream of the connections concerned, in each capture. */
  streamsA: number[];
  streamsB: number[];
  /** Occurrences folded into this finding (packets or connections, as the title says). */
  count: number;
  fixes: Fix[];
  references: string[];
}

/** What a compare rule reports; the registry adds its id, cause, default severity, location and fixes. */
export type CompareDraft = Omit<CompareFinding, 'rule' | 'severity' | 'cause' | 'location' | 'hops' | 'fixes'> & {
  severity?: Severity;
  /** A_TO_B or B_TO_A (the hop count of that direction locates it), -1 for both. */
  direction: number;
  /** Values a fix needs (an address, a port, frames). */
  about: Record<string, string>;
};
