/**
 * The explainable tokens of a tshark-style packet line: TCP options as Wireshark prints them in
 * Info (MSS=, WS=, SACK_PERM, SLE=/SRE=, TSval=, TSecr=, TFO=), the header fields Seq/Ack/Win/Len,
 * and the flag names inside the flags bracket. Hovers find the token under the cursor with this,
 * then look its explanation up by name and occurrence.
 */
export interface LineToken {
  /** The token's name: "TSecr", "WS", "SACK_PERM", "SYN"… */
  name: string;
  /** Its value as printed ("2174718965"), empty for bare tokens and flags. */
  value: string;
  /** Which occurrence of this name on the line (SACK blocks repeat SLE/SRE). */
  occurrence: number;
  start: number;
  end: number;
}

const FLAG_NAMES = new Set(['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'AE']);
const VALUE_TOKEN = /(?<=\s)(MSS|WS|TSval|TSecr|SLE|SRE|TFO|Win|Seq|Ack|Len|Urg)=(\S+)|(?<=\s)(SACK_PERM)(?=\s|$)/g;
// The flags bracket: "[SYN, ACK]" (and "[<None>]"), not analysis tags like "[TCP Retransmission]".
const FLAGS_BRACKET = /\[((?:FIN|SYN|RST|PSH|ACK|URG|ECE|CWR|AE|Reserved)(?:, (?:FIN|SYN|RST|PSH|ACK|URG|ECE|CWR|AE|Reserved))*)\]/;

export function lineTokens(line: string): LineToken[] {
  const out: LineToken[] = [];
  const seen = new Map<string, number>();
  const push = (name: string, value: string, start: number, end: number) => {
    const occurrence = seen.get(name) ?? 0;
    seen.set(name, occurrence + 1);
    out.push({ name, value, occurrence, start, end });
  };
  const flags = FLAGS_BRACKET.exec(line);
  if (flags) {
    let at = flags.index + 1;
    for (const name of flags[1].split(', ')) {
      if (FLAG_NAMES.has(name)) push(name, '', at, at + name.length);
      at += name.length + 2;
    }
  }
  for (const m of line.matchAll(VALUE_TOKEN)) {
    const name = m[1] ?? m[3];
    push(name, m[2] ?? '', m.index!, m.index! + m[0].length);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The token covering `column` (0-based, end inclusive so the cursor right after a token counts). */
export function tokenAt(line: string, column: number): LineToken | undefined {
  return lineTokens(line).find((t) => column >= t.start && column <= t.end);
}
