/**
 * The kinds of the verdicts that travel beyond the engine (flows --json, the webview's types):
 * kept apart so those readers do not pull the engine into their type check.
 */

/**
 * What a SYN/ACK's timestamp option does with the SYN's TSval (RFC 7323 §3.2: it must echo it):
 * - echoes: TSecr is the latest SYN's TSval;
 * - echoes-earlier: the TSval of an earlier SYN of the attempt (an answer to a retransmitted SYN);
 * - zero-both: TSval = TSecr = 0;
 * - zero-tsecr: TSecr 0 with a TSval set;
 * - mismatch: a non-zero TSecr the client never sent;
 * - syn-without-ts: the SYN offered no timestamps, yet the SYN/ACK carries them;
 * - no-syn: the SYN it answers is not in the capture.
 */
export type TimestampEchoKind = 'echoes' | 'echoes-earlier' | 'zero-both' | 'zero-tsecr' | 'mismatch' | 'syn-without-ts' | 'no-syn';

/** What the client did next: reset it, acknowledged it, sent its SYN again as if it never came, or nothing seen. */
export type ClientAnswer = 'rejected' | 'accepted' | 'ignored' | 'unknown';
