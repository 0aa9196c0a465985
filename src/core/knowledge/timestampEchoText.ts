import type { TimestampEcho } from '../verdicts/timestampEcho';

/**
 * The timestamp-echo verdict in words: one text that the finding, the Info-column and detail-tree
 * tooltips, the text-view hover and the diagram all show, so none of them can tell another story.
 */
export function timestampEchoText(v: TimestampEcho): string {
  const f = (i: number) => `frame ${i + 1}`;
  const syn = v.syn !== undefined ? `the SYN's TSval ${v.synTsval} (${f(v.syn)})` : '';
  switch (v.kind) {
    case 'echoes':
      return `Echoes the SYN's TSval (${f(v.echoed!)}), as RFC 7323 §3.2 requires.`;
    case 'echoes-earlier':
      return `Echoes the TSval of an earlier SYN (${f(v.echoed!)}), not the latest one (${f(v.syn!)}): an answer to a retransmitted SYN.${answerText(v)}`;
    case 'no-syn':
      return `TSecr ${v.tsecr} should echo the TSval of the SYN this answers (RFC 7323 §3.2); that SYN is not in this capture.`;
    case 'syn-without-ts':
      return `The client's SYN (${f(v.syn!)}) did not offer timestamps, so RFC 7323 §3.2 forbids them in the SYN/ACK; a Linux client with timestamps off ignores the option.${answerText(v)}`;
    case 'zero-both':
      return `TSval and TSecr are both 0 instead of echoing ${syn}: non-conformant (RFC 7323 §3.2), ${LINUX_ACCEPTS_ZERO}${answerText(v)}`;
    case 'zero-tsecr':
      return `TSecr 0 (with TSval ${v.tsval}) does not echo ${syn}: non-conformant (RFC 7323 §3.2), ${LINUX_ACCEPTS_ZERO}${answerText(v)}`;
    case 'mismatch':
      return `TSecr ${v.tsecr} does not echo ${syn}, nor any TSval the client sent: RFC 7323 §3.2 requires the echo. ${v.linux === 'rejects' ? LINUX_REJECTS : LINUX_ACCEPTS_IN_RANGE}${answerText(v)}`;
  }
}

const LINUX_ACCEPTS_ZERO = 'but accepted by Linux: tcp_rcv_synsent_state_process() only rejects a non-zero TSecr outside the time its SYNs were sent.';
const LINUX_REJECTS = 'A Linux client rejects such a SYN/ACK in tcp_rcv_synsent_state_process() (counter TcpExtPAWSActive) and answers with a RST.';
const LINUX_ACCEPTS_IN_RANGE =
  "Linux accepts it all the same: the value lies within the time the client's SYNs were sent, the only range tcp_rcv_synsent_state_process() checks.";

/** What the client did, as the capture shows it. */
function answerText(v: TimestampEcho): string {
  const f = (i: number) => `frame ${i + 1}`;
  switch (v.client) {
    case 'rejected':
      return ` The client rejected it: its RST (${f(v.answer!)}) answers this SYN/ACK.`;
    case 'accepted':
      return v.linux === 'rejects' && v.kind === 'mismatch'
        ? ` Yet the client accepted it (its ACK, ${f(v.answer!)}): it is not a Linux stack, or does not check the echo.`
        : ` The client accepted it: its ACK (${f(v.answer!)}) completes the handshake.`;
    case 'ignored':
      return ` The client ignored it and sent its SYN again (${f(v.answer!)}).`;
    case 'unknown':
      return " The capture does not show the client's answer.";
  }
}
