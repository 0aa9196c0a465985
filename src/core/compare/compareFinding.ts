import type { Severity } from '../diagnosis/finding';
import type { CompareFindingShape } from './compareFindingShape';
import type { CompareRuleId } from './compareRuleRegistry';
import type { FieldChange } from './fieldChanges';

/** A finding of `compare` (compareFindingShape.ts) with the engine's rule ids and changed fields. */
export interface CompareFinding extends CompareFindingShape<string, FieldChange> {
  rule: CompareRuleId;
}

/** What a compare rule reports; the registry adds its id, cause, default severity, location and fixes. */
export type CompareDraft = Omit<CompareFinding, 'rule' | 'severity' | 'cause' | 'location' | 'hops' | 'fixes'> & {
  severity?: Severity;
  /** A_TO_B or B_TO_A (the hop count of that direction locates it), -1 for both. */
  direction: number;
  /** Values a fix needs (an address, a port, frames). */
  about: Record<string, string>;
};
