/**
 * The token notes' types apart from the code that makes them: src/protocol.ts carries them to the
 * Problems side, and the webview's type check must not see engine code. Imports nothing.
 */

/** What one token of a packet line is, and what its value means in this packet's flow. */
export interface TokenNote {
  /** Token name as lineTokens() reports it, and which occurrence on the line. */
  token: string;
  occurrence: number;
  /** "Timestamps option (kind 8, 10 bytes) · RFC 7323 §3". */
  heading: string;
  /** What the field or option is, in general. */
  summary: string;
  /** What this packet's value means here. */
  meaning: string;
  /** The verdict the meaning comes from (e.g. "timestamp-echo:mismatch:rejected"), when one does. */
  verdict?: string;
}

/** Findings this packet is evidence of, for the line of every note. */
export interface PacketEvidence {
  rule: string;
  title: string;
}
