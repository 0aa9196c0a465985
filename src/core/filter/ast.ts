/** Parsed display filter. Literals stay unparsed text until the compiler knows the field's type. */
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode; pos: number }
  | { kind: 'exists'; field: string; pos: number }
  | { kind: 'compare'; field: string; pos: number; op: CompareOp; value: Literal }
  | { kind: 'in'; field: string; pos: number; values: Literal[] };

export type CompareOp = '==' | '!=' | '>' | '<' | '>=' | '<=' | 'contains';

export interface Literal {
  /** "word" is unquoted (number, address, byte string); "string" was in double quotes. */
  kind: 'word' | 'string';
  text: string;
  pos: number;
}
