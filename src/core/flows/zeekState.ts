import type { ZeekState } from './flowTypes';

/** Zeek's per-endpoint TCP states (TCP_Endpoint), enough to derive conn_state. */
export const enum EndpointState {
  Inactive = 0,
  SynSent = 1,
  SynAckSent = 2,
  Partial = 3,
  Established = 4,
  Closed = 5,
  Reset = 6,
}

/**
 * Tracks one TCP conversation the way Zeek's TCP analyzer does, as far as
 * conn_state and history need: endpoint states and history letters
 * (upper case: originator, lower case: responder).
 */
export class ZeekTracker {
  orig: EndpointState = EndpointState.Inactive;
  resp: EndpointState = EndpointState.Inactive;
  origSize = 0;
  respSize = 0;
  /** Letters already recorded: bit per letter a–z, originator in `seenOrig`. */
  private seenOrig = 0;
  private seenResp = 0;
  /**
   * Occurrences of c, t, w per side (Zeek logs them at the 1st, 10th, 100th… time); made for the
   * few conversations that have any.
   */
  private repeats: Uint32Array | undefined;
  /** History letters as character codes: one flat string at the end instead of one per letter. */
  private letters: number[] = [];

  get history(): string {
    return String.fromCharCode(...this.letters);
  }

  private mark(letter: string, fromOrig: boolean): void {
    const bit = 1 << (letter.charCodeAt(0) - 97);
    const l = fromOrig ? letter.toUpperCase() : letter;
    const r = 'ctw'.indexOf(letter);
    if (r >= 0) {
      const n = ++(this.repeats ??= new Uint32Array(6))[r * 2 + (fromOrig ? 0 : 1)];
      if (n === 1 || n === 10 || n === 100 || n === 1000 || n === 10000) this.letters.push(l.charCodeAt(0));
      return;
    }
    if (fromOrig) {
      if (this.seenOrig & bit) return;
      this.seenOrig |= bit;
    } else {
      if (this.seenResp & bit) return;
      this.seenResp |= bit;
    }
    this.letters.push(l.charCodeAt(0));
  }

  packet(fromOrig: boolean, flags: number, payload: number, retransmission: boolean, zeroWindow: boolean): void {
    const SYN = 2, ACK = 16, FIN = 1, RST = 4;
    const me = fromOrig ? this.orig : this.resp;
    const peer = fromOrig ? this.resp : this.orig;
    let next = me;
    if ((flags & SYN) && (flags & (RST | FIN))) this.mark('q', fromOrig);
    if ((flags & SYN) && !(flags & ACK)) {
      this.mark('s', fromOrig);
      if (me === EndpointState.Inactive) next = EndpointState.SynSent;
    } else if ((flags & SYN) && (flags & ACK)) {
      this.mark('h', fromOrig);
      if (me === EndpointState.Inactive || me === EndpointState.SynSent) next = EndpointState.SynAckSent;
    }
    if (!(flags & (SYN | FIN | RST)) && (flags & ACK) && payload === 0) this.mark('a', fromOrig);
    if (payload > 0) {
      this.mark('d', fromOrig);
      if (fromOrig) this.origSize += payload; else this.respSize += payload;
    }
    if (retransmission && payload > 0) this.mark('t', fromOrig);
    if (zeroWindow) this.mark('w', fromOrig);
    if (!(flags & (SYN | RST)) && (flags & ACK)) {
      // An ACK completes the handshake for both sides once each has sent its SYN.
      if (me === EndpointState.Inactive) next = EndpointState.Partial;
      else if ((me === EndpointState.SynSent || me === EndpointState.SynAckSent) && peer !== EndpointState.Inactive && peer !== EndpointState.Reset) {
        next = EndpointState.Established;
        if (fromOrig) { if (this.resp === EndpointState.SynAckSent) this.resp = EndpointState.Established; }
        else if (this.orig === EndpointState.SynAckSent || this.orig === EndpointState.SynSent) this.orig = EndpointState.Established;
      }
    }
    if (flags & FIN) {
      this.mark('f', fromOrig);
      if (next !== EndpointState.Reset) next = EndpointState.Closed;
    }
    if (flags & RST) {
      this.mark('r', fromOrig);
      next = EndpointState.Reset;
    }
    if (fromOrig) this.orig = next; else this.resp = next;
  }

  /** conn_state, transcribed from Zeek's base/protocols/conn/main.zeek. */
  state(): ZeekState {
    const os = this.orig, rs = this.resp;
    const oInactive = os === EndpointState.Inactive || os === EndpointState.Partial;
    const rInactive = rs === EndpointState.Inactive || rs === EndpointState.Partial;
    if (rs === EndpointState.Reset) {
      if (os === EndpointState.SynSent || os === EndpointState.SynAckSent || (os === EndpointState.Reset && this.origSize === 0 && this.respSize === 0)) return 'REJ';
      return oInactive ? 'RSTRH' : 'RSTR';
    }
    if (os === EndpointState.Reset) {
      if (rInactive) return /^\^?S[^HAFGIQ]*R/.test(this.history) ? 'RSTOS0' : 'OTH';
      return 'RSTO';
    }
    if (rs === EndpointState.Closed && os === EndpointState.Closed) return 'SF';
    if (os === EndpointState.Closed) return rInactive ? 'SH' : 'S2';
    if (rs === EndpointState.Closed) return oInactive ? 'SHR' : 'S3';
    if (os === EndpointState.SynSent && rs === EndpointState.Inactive) return 'S0';
    if (os === EndpointState.Established && rs === EndpointState.Established) return 'S1';
    return 'OTH';
  }
}
