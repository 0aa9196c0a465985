import type { PacketFields } from './fields';
import { MALFORMED_TCP_OPTION, OPT_MALFORMED, OPT_MPTCP, OPT_MSS, OPT_SACK, OPT_SACK_PERM, OPT_TFO, OPT_TIMESTAMP, OPT_WSCALE } from './fields';

export const TCPOPT_EOL = 0;
export const TCPOPT_NOP = 1;
export const TCPOPT_MSS = 2;
export const TCPOPT_WSCALE = 3;
export const TCPOPT_SACK_PERM = 4;
export const TCPOPT_SACK = 5;
export const TCPOPT_TIMESTAMP = 8;
export const TCPOPT_MD5 = 19;
export const TCPOPT_USER_TIMEOUT = 28;
export const TCPOPT_AO = 29;
export const TCPOPT_MPTCP = 30;
export const TCPOPT_TFO = 34;
export const TCPOPT_EXP_FD = 253;
export const TCPOPT_EXP_FE = 254;
/** Experimental-option ExID of pre-RFC TCP Fast Open (RFC 7413 §4.1.1). */
const TFO_EXID = 0xf989;

/** NOP, NOP, Timestamp kind 8 and length 10: the first word of Linux's option block on established segments. */
const ALIGNED_TIMESTAMP = 0x0101080a;

/** Lengths that are the only valid ones for fixed-size options; 0 = variable. */
const FIXED_LENGTH: Record<number, number> = {
  [TCPOPT_MSS]: 4,
  [TCPOPT_WSCALE]: 3,
  [TCPOPT_SACK_PERM]: 2,
  [TCPOPT_TIMESTAMP]: 10,
  [TCPOPT_MD5]: 18,
  [TCPOPT_USER_TIMEOUT]: 4,
};

/** One decoded option, for the Info column and the detail tree (never built on the fast path). */
export interface TcpOption {
  kind: number;
  /** Offset of the kind byte in the frame, and the option's length in bytes. */
  offset: number;
  length: number;
  malformed?: string;
  /** Cut by the snap length: its bytes were not all captured (not a malformed option). */
  truncated?: true;
  mss?: number;
  shift?: number;
  tsval?: number;
  tsecr?: number;
  /** SACK blocks as [left, right) raw sequence numbers. */
  blocks?: Array<[number, number]>;
  /** TFO cookie (hex) or undefined for a cookie request. */
  cookie?: string;
  /** MPTCP subtype (RFC 8684 §3). */
  mptcpSubtype?: number;
  /** TCP-AO key ids (RFC 5925 §2.2). */
  keyId?: number;
  rNextKeyId?: number;
  /** Raw option data (hex) for kinds we do not interpret. */
  data?: string;
}

function validLength(kind: number, len: number): boolean {
  const fixed = FIXED_LENGTH[kind];
  if (fixed !== undefined) return len === fixed;
  if (kind === TCPOPT_SACK) return len >= 10 && (len - 2) % 8 === 0;
  if (kind === TCPOPT_TFO) return len === 2 || (len >= 6 && len <= 18);
  if (kind === TCPOPT_AO) return len >= 4;
  if (kind === TCPOPT_MPTCP) return len >= 3;
  return len >= 2;
}

/**
 * Fast path: presence bits and the values the index keeps; flags a bad length instead of throwing.
 * `cut`: `end` is where the capture stopped, not the header's end, so an option running past it
 * was not captured rather than malformed.
 */
export function scanTcpOptions(view: DataView, start: number, end: number, f: PacketFields, cut = false): void {
  // Linux sends NOP NOP Timestamp on every segment once timestamps are agreed; it parses them first
  // the same way (tcp_parse_aligned_timestamp). The same fields as the loop below, at a tenth of the cost.
  if (end - start === 12 && view.getUint32(start) === ALIGNED_TIMESTAMP) {
    f.nopCount += 2;
    if (f.nopRun < 2) f.nopRun = 2;
    f.optionCount++;
    f.optMask |= OPT_TIMESTAMP;
    f.tsval = view.getUint32(start + 4);
    f.tsecr = view.getUint32(start + 8);
    return;
  }
  scanOptionList(view, start, end, f, cut);
}

/** The general walk over an option list (kept apart so the check above stays small enough to inline). */
function scanOptionList(view: DataView, start: number, end: number, f: PacketFields, cut: boolean): void {
  let at = start;
  let run = 0;
  while (at < end) {
    const kind = view.getUint8(at);
    if (kind === TCPOPT_EOL) return;
    if (kind === TCPOPT_NOP) {
      f.nopCount++;
      if (++run > f.nopRun) f.nopRun = run;
      at++;
      continue;
    }
    run = 0;
    f.optionCount++;
    if (cut && (at + 1 >= end || at + view.getUint8(at + 1) > end)) return;
    if (at + 1 >= end) {
      f.optMask |= OPT_MALFORMED;
      f.malformed |= MALFORMED_TCP_OPTION;
      return;
    }
    const len = view.getUint8(at + 1);
    if (at + len > end || !validLength(kind, len)) {
      f.optMask |= OPT_MALFORMED;
      f.malformed |= MALFORMED_TCP_OPTION;
      return;
    }
    switch (kind) {
      case TCPOPT_MSS:
        f.optMask |= OPT_MSS;
        f.mss = view.getUint16(at + 2);
        break;
      case TCPOPT_WSCALE:
        f.optMask |= OPT_WSCALE;
        f.wscale = view.getUint8(at + 2);
        break;
      case TCPOPT_SACK_PERM:
        f.optMask |= OPT_SACK_PERM;
        break;
      case TCPOPT_SACK:
        f.optMask |= OPT_SACK;
        break;
      case TCPOPT_TIMESTAMP:
        f.optMask |= OPT_TIMESTAMP;
        f.tsval = view.getUint32(at + 2);
        f.tsecr = view.getUint32(at + 6);
        break;
      case TCPOPT_TFO:
        f.optMask |= OPT_TFO;
        break;
      case TCPOPT_MPTCP:
        f.optMask |= OPT_MPTCP;
        break;
      case TCPOPT_EXP_FD:
      case TCPOPT_EXP_FE:
        if (len >= 4 && view.getUint16(at + 2) === TFO_EXID) f.optMask |= OPT_TFO;
        break;
    }
    at += len;
  }
}

function hex(view: DataView, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += view.getUint8(i).toString(16).padStart(2, '0');
  return s;
}

/** Full parse of the option list of one segment (lazy path); `cut` as in scanTcpOptions. */
export function parseTcpOptions(view: DataView, start: number, end: number, cut = false): TcpOption[] {
  const out: TcpOption[] = [];
  let at = start;
  while (at < end) {
    const kind = view.getUint8(at);
    if (kind === TCPOPT_EOL || kind === TCPOPT_NOP) {
      out.push({ kind, offset: at, length: 1 });
      at++;
      if (kind === TCPOPT_EOL) {
        return out;
      }
      continue;
    }
    if (cut && (at + 1 >= end || at + view.getUint8(at + 1) > end)) {
      out.push({ kind, offset: at, length: end - at, truncated: true });
      return out;
    }
    if (at + 1 >= end) {
      out.push({ kind, offset: at, length: end - at, malformed: 'option length byte missing' });
      return out;
    }
    const len = view.getUint8(at + 1);
    if (at + len > end) {
      out.push({ kind, offset: at, length: end - at, malformed: `length ${len} runs past the end of the header` });
      return out;
    }
    if (!validLength(kind, len)) {
      out.push({ kind, offset: at, length: Math.max(2, Math.min(len, end - at)), malformed: `invalid length ${len}` });
      return out;
    }
    const o: TcpOption = { kind, offset: at, length: len };
    switch (kind) {
      case TCPOPT_MSS:
        o.mss = view.getUint16(at + 2);
        break;
      case TCPOPT_WSCALE:
        o.shift = view.getUint8(at + 2);
        break;
      case TCPOPT_SACK: {
        o.blocks = [];
        for (let b = at + 2; b + 8 <= at + len; b += 8) o.blocks.push([view.getUint32(b), view.getUint32(b + 4)]);
        break;
      }
      case TCPOPT_TIMESTAMP:
        o.tsval = view.getUint32(at + 2);
        o.tsecr = view.getUint32(at + 6);
        break;
      case TCPOPT_TFO:
        if (len > 2) o.cookie = hex(view, at + 2, at + len);
        break;
      case TCPOPT_MPTCP:
        o.mptcpSubtype = view.getUint8(at + 2) >> 4;
        o.data = hex(view, at + 2, at + len);
        break;
      case TCPOPT_AO:
        o.keyId = view.getUint8(at + 2);
        o.rNextKeyId = view.getUint8(at + 3);
        o.data = hex(view, at + 4, at + len);
        break;
      case TCPOPT_EXP_FD:
      case TCPOPT_EXP_FE:
        if (len >= 4 && view.getUint16(at + 2) === TFO_EXID) {
          o.kind = TCPOPT_TFO;
          if (len > 4) o.cookie = hex(view, at + 4, at + len);
        } else o.data = hex(view, at + 2, at + len);
        break;
      default:
        if (len > 2) o.data = hex(view, at + 2, at + len);
    }
    out.push(o);
    at += len;
  }
  return out;
}
