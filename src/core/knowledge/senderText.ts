import type { SenderCheck } from '../verdicts/senderCheck';

/** Milliseconds as an explanation writes them: 0.05, 9.0, 120. */
export function msText(seconds: number): string {
  const ms = seconds * 1000;
  return ms < 1 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

/**
 * The sender verdict in words — what speaks against a packet coming from its claimed sender — for
 * the finding, the text-view hover and the diagram alike. Empty when nothing does.
 */
export function senderCheckText(v: SenderCheck): string {
  const f = (i: number) => `frame ${i + 1}`;
  const side = v.side;
  const parts: string[] = [];
  if (v.timing?.tooSoon) {
    const { floor } = v.timing;
    const how =
      floor.how === 'handshake'
        ? side === 'server'
          ? `SYN ${f(floor.from)} → SYN/ACK ${f(floor.to)}`
          : `SYN/ACK ${f(floor.from)} → ACK ${f(floor.to)}`
        : `${f(floor.from)} → its ACK, ${f(floor.to)}`;
    parts.push(
      `It came ${msText(v.timing.seconds)} ms after ${f(v.timing.trigger)} passed the capture point, but the ${side} is ${msText(floor.seconds)} ms away and back (${how}): no answer of the ${side}'s own arrives that soon, so a device between the capture point and the ${side} sent it.`,
    );
  }
  if (v.laterData !== undefined) parts.push(`The ${side} keeps sending data after this RST (${f(v.laterData)}), which a real reset would have ended.`);
  if (v.ttl?.differs)
    parts.push(`Its IP TTL/hop limit is ${v.ttl.value} while that sender's other packets arrive with ${v.ttl.usual}: it travelled a different path.`);
  if (v.ipId && !v.ipId.fits)
    parts.push(
      `Its IP ID ${v.ipId.value} does not continue the ${side}'s counter (${v.ipId.previous} in ${f(v.ipId.previousPacket)}): the connection's socket did not send it.`,
    );
  if (v.window?.differs)
    parts.push(`Its window field ${v.window.value} is unlike the ${side}'s previous ${v.window.previous} (${f(v.window.previousPacket)}).`);
  return parts.join(' ');
}

/** A short tag naming the sender verdict, carried by every surface that renders it. */
export function senderCheckTag(v: SenderCheck): string {
  return `sender:${v.plausible ? 'plausible' : 'implausible'}:${v.against.join('+') || 'none'}`;
}
