import type { OptionNegotiation } from '../verdicts/optionNegotiation';
import type { Side } from '../verdicts/streamRef';
import { otherSide } from '../verdicts/streamRef';
import type { EffectiveWindow, WindowScaling } from '../verdicts/windowScaling';
import { MAX_WINDOW_SHIFT, windowScaleFactor } from '../verdicts/windowScaling';

/**
 * The window-scaling verdict for one side's WS option, in words: the tooltip, the hover, the
 * diagram and the finding all show this text.
 */
export function windowScaleOptionText(v: WindowScaling, side: Side, n?: OptionNegotiation): string {
  const k = side === 'client' ? 0 : 1;
  const peer = otherSide(side);
  const shift = v.offered[k] ?? 0;
  let text = `Shift ${shift}: the ${side}'s window field is multiplied by ${windowScaleFactor(shift)}`;
  text += v.tooLarge[k]
    ? ` — a shift above ${MAX_WINDOW_SHIFT} is invalid (RFC 7323 §2.3): receivers use ${MAX_WINDOW_SHIFT} (Linux logs "Illegal window scaling value"), so both ends' idea of the window may differ.`
    : '.';
  const peerSyn = v.syn[1 - k];
  const peerWhat = peer === 'server' ? 'SYN/ACK' : 'SYN';
  if (v.state === 'in-effect')
    text += ` The ${peer}'s ${peerWhat} (frame ${peerSyn + 1}) offers WS=${windowScaleFactor(v.offered[1 - k] ?? 0)} too, so scaling is in effect in both directions.`;
  else if (v.state === 'off' && peerSyn >= 0 && v.offered[1 - k] === undefined)
    text += ` The ${peer}'s ${peerWhat} (frame ${peerSyn + 1}) has no window scale option${n?.[peer]?.stripped ? ' (its options were overwritten with NOPs)' : n?.[peer]?.wscaleBlanked ? ' (it was overwritten with NOPs on the way)' : ''}, so scaling is off in both directions.`;
  else if (v.state === 'off') text += ' A SYN of this connection lacks the option, so scaling is off in both directions.';
  else text += ` In effect only if the ${peer}'s ${peerWhat} carries the option too; it is not in this capture.`;
  return text;
}

/** The effective-window verdict of one segment, for the Win field. */
export function windowFieldText(w: EffectiveWindow): string {
  switch (w.state) {
    case 'syn':
      return `The window in a SYN is never scaled (RFC 7323 §2.2): ${w.raw} bytes.`;
    case 'scaled':
      return `Window field ${w.raw} × 2^${w.shift} (the WS this side offered in its SYN) = an effective receive window of ${w.bytes} bytes.`;
    case 'off':
      return `Window scaling is off on this connection (a SYN lacked the option): ${w.raw} bytes as sent.`;
    case 'unknown':
      return `No SYN of this side before this segment in its conversation, so the scale factor is unknown: the field is ${w.raw}, the real window may be larger.`;
    case 'unscaled':
      return `${w.raw} bytes (scale factor 1).`;
  }
}
